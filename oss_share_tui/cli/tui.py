"""`oss-share [oss://bucket/prefix]`: resolve the profile and open the Textual app there."""

from __future__ import annotations

from typing import TextIO

from oss_share_tui.cli.common import UsageError, resolve_from_args, top_parser, warn
from oss_share_tui.core.errors import RemoteError


def run_tui(argv: list[str], err: TextIO) -> int:
    """`oss-share [oss://bucket/prefix]`: resolve the profile, then hand over to the Textual app."""
    from oss_share_tui.core.refs import parse_oss_url

    args = top_parser().parse_args(argv)
    start = None
    if args.place:
        if "://" not in args.place and not args.place.startswith("-"):
            raise UsageError(
                f"unknown command {args.place!r}: use sign, presign, inspect, serve, demo "
                "or oss://bucket[/prefix]"
            )
        start = parse_oss_url(args.place)
    profile = resolve_from_args(args, require_credentials=False, warn=lambda m: warn(err, m))
    from oss_share_tui.storage.config import ensure_usable

    # Keys from flags, env or the ossutil config are checked now; a provider (a RamRoleArn/ECS/… mode or the
    # default chain) may need the network, so the app asks it in a worker after the first frame.
    precheck = getattr(profile.provider, "precheck", None)
    if precheck is not None:
        precheck()  # nothing configured, or a broken config.json: exit 3 now, not inside the app
    profile = ensure_usable(profile, resolve=False)
    try:
        from oss_share_tui.tui.app import run_app
    except ImportError as exc:
        raise RemoteError(f"the TUI cannot start: {exc}") from None
    kwargs: dict[str, bool] = {"demo": False}
    if args.no_history:
        kwargs["history"] = False
    return int(run_app(profile, start, **kwargs) or 0)
