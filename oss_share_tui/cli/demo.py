"""`oss-share demo`: localoss with sample data on a free loopback port, and the TUI against it."""

from __future__ import annotations

import argparse
from typing import TextIO

from oss_share_tui.cli.common import PROG, Parser, add_history_option
from oss_share_tui.cli.help_text import SERVER_EXIT_CODES, epilog
from oss_share_tui.core.errors import RemoteError

EXAMPLES = (
    ("oss-share demo", "buckets in two regions, folders, images, odd names, versions, 100,000 objects"),
    ("oss-share demo --no-history", "the same, recording no links"),
    ("oss-share serve --seed demo", "only the server, to point your own tools at"),
)


def run_demo(argv: list[str], err: TextIO) -> int:
    """`oss-share demo`: localoss with sample data on a free loopback port, and the TUI against it."""
    parser = Parser(
        prog=f"{PROG} demo", description="Open the TUI against a local demo OSS server (no account needed).",
        epilog=epilog(EXAMPLES, "Its links go to demo-history.jsonl, apart from your real history.",
                      SERVER_EXIT_CODES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_history_option(parser)
    args = parser.parse_args(argv)
    try:
        from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
        from oss_share_tui.localoss.server import LocalOSS
        from oss_share_tui.storage.profile import Profile
        from oss_share_tui.tui.app import run_app
    except ImportError as exc:
        raise RemoteError(f"the demo cannot start: {exc}") from None
    srv = LocalOSS(seed="demo").start()
    try:
        profile = Profile(
            endpoint=srv.endpoint,
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
            sign_version="v4",
        )
        kwargs: dict[str, bool] = {"demo": True}
        if args.no_history:
            kwargs["history"] = False
        return int(run_app(profile, None, **kwargs) or 0)
    finally:
        srv.stop()
