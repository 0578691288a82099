"""The `oss-share` entry point: parse arguments, pick a command, turn failures into one line and an exit code.

Importing this module stays light (no textual, no oss2): each command loads only what it needs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from oss_share_tui import __version__
from oss_share_tui.core.errors import ExitStatus, InvalidInput, OssShareError, RemoteError

PROG = "oss-share"
COMMANDS = ("sign", "inspect", "serve", "demo")
ERROR_PREFIX = f"{PROG}: error: "
WARNING_PREFIX = f"{PROG}: warning: "


class UsageError(InvalidInput):
    """argparse found bad usage (exit 2)."""


class _HelpExit(Exception):
    """argparse finished early (after --help or --version) with this status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Parser(argparse.ArgumentParser):
    """ArgumentParser that reports usage errors as one line (no usage dump) and never calls sys.exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise _HelpExit(status)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Connection options, with ossutil's names."""
    group = parser.add_argument_group("common options (ossutil names)")
    group.add_argument(
        "-e", "--endpoint", help="OSS endpoint, e.g. oss-cn-hangzhou.aliyuncs.com (https if no scheme)"
    )
    group.add_argument(
        "-i", "--access-key-id", help="AccessKey id (else OSS_ACCESS_KEY_ID, else the config file)"
    )
    group.add_argument("-k", "--access-key-secret", help="AccessKey secret (else OSS_ACCESS_KEY_SECRET)")
    group.add_argument("-t", "--sts-token", help="STS security token (else OSS_SESSION_TOKEN)")
    group.add_argument("--region", help="region id for V4 signing, e.g. cn-hangzhou (else OSS_REGION)")
    group.add_argument("--sign-version", metavar="{v1,v4}", help="signature version (default v4)")
    group.add_argument("-c", "--config-file", help="ossutil config file (default ~/.ossutilconfig)")
    group.add_argument("--profile", help="profile in the config file ([profile NAME])")
    group.add_argument("--cname", metavar="DOMAIN", help="sign for this custom domain bound to the bucket")
    group.add_argument("--no-history", action="store_true", help="do not record links in the history")


def resolve_from_args(args: argparse.Namespace, *, require_credentials: bool, warn: Callable[[str], None]):
    """Profile from the common options (flags > env > config file); warnings go to `warn`."""
    from oss_share_tui.storage.config import resolve_profile

    warnings: list[str] = []
    try:
        return resolve_profile(
            endpoint=args.endpoint,
            access_key_id=args.access_key_id,
            access_key_secret=args.access_key_secret,
            sts_token=args.sts_token,
            region=args.region,
            sign_version=args.sign_version,
            config_file=args.config_file,
            profile=args.profile,
            cname=args.cname,
            require_credentials=require_credentials,
            warnings=warnings,
        )
    finally:
        for line in warnings:
            warn(line)


def _top_parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Browse Alibaba Cloud OSS in the terminal and make signed share links.",
        epilog=(
            "commands:\n"
            "  oss-share [oss://bucket[/prefix]]   open the TUI (at that place if given)\n"
            "  oss-share demo                      open the TUI against a local demo server\n"
            "  oss-share sign oss://bucket/object  print a signed URL (see oss-share sign --help)\n"
            "  oss-share inspect URL               decode a signed URL\n"
            "  oss-share serve                     run the local OSS-compatible server"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("place", nargs="?", help="oss://bucket[/prefix] to open")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_common_options(parser)
    return parser


def _run_tui(argv: list[str], err: TextIO) -> int:
    """`oss-share [oss://bucket/prefix]`: resolve the profile, then hand over to the Textual app."""
    from oss_share_tui.core.refs import parse_oss_url

    args = _top_parser().parse_args(argv)
    start = None
    if args.place:
        if "://" not in args.place and not args.place.startswith("-"):
            raise UsageError(
                f"unknown command {args.place!r}: use sign, inspect, serve, demo or oss://bucket[/prefix]"
            )
        start = parse_oss_url(args.place)
    profile = resolve_from_args(args, require_credentials=True, warn=lambda m: _warn(err, m))
    try:
        from oss_share_tui.tui.app import run_app
    except ImportError as exc:
        raise RemoteError(f"the TUI cannot start: {exc}") from None
    kwargs: dict[str, bool] = {"demo": False}
    if args.no_history:
        kwargs["history"] = False
    return int(run_app(profile, start, **kwargs) or 0)


def _run_demo(argv: list[str], err: TextIO) -> int:
    """`oss-share demo`: localoss with sample data on a free loopback port, and the TUI against it."""
    parser = Parser(prog=f"{PROG} demo", description="Open the TUI against a local demo OSS server.")
    parser.add_argument("--no-history", action="store_true", help="do not record links in the history")
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


def _run_serve(argv: list[str], err: TextIO) -> int:
    """`oss-share serve`: delegated to localoss.serve (its own options)."""
    parser = Parser(
        prog=f"{PROG} serve", description="Run the local OSS-compatible server in the foreground."
    )
    try:
        from oss_share_tui.localoss import serve
    except ImportError as exc:
        raise RemoteError(f"serve is not available: {exc}") from None
    serve.add_arguments(parser)
    args = parser.parse_args(argv)
    return int(serve.run(args) or 0)


def _warn(err: TextIO, message: str) -> None:
    err.write(WARNING_PREFIX + _one_line(message) + "\n")


def _one_line(text: str) -> str:
    """One line, with any control or invisible character shown as an escape (messages may quote keys,
    paths or server text)."""
    from oss_share_tui.core.printable import visible

    return visible(" ".join(str(text).split())) or "unknown error"


def _secrets(argv: Sequence[str]) -> list[str]:
    """Secret values this run may know, so no error line can ever echo them."""
    found = [os.environ.get("OSS_ACCESS_KEY_SECRET", ""), os.environ.get("OSS_SESSION_TOKEN", "")]
    for i, arg in enumerate(argv):
        for flag in ("-k", "--access-key-secret", "-t", "--sts-token"):
            if arg == flag and i + 1 < len(argv):
                found.append(argv[i + 1])
            elif arg.startswith(flag + "=") and flag.startswith("--"):
                found.append(arg.split("=", 1)[1])
            elif len(flag) == 2 and arg.startswith(flag) and len(arg) > 2 and not arg.startswith("--"):
                found.append(arg[2:])
    return [s for s in found if len(s) >= 4]


def _redact(text: str, secrets: Sequence[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "****")
    return text


def main(argv: list[str] | None = None) -> int:
    """Run `oss-share` with `argv` (default sys.argv[1:]); return the exit status."""
    started = time.perf_counter()
    args = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    try:
        command = args[0] if args else ""
        if command == "sign":
            from oss_share_tui.cli_sign import run_sign

            return run_sign(args[1:], out=out, err=err, started=started)
        if command == "inspect":
            from oss_share_tui.cli_inspect import run_inspect

            return run_inspect(args[1:], out=out, err=err)
        if command == "serve":
            return _run_serve(args[1:], err)
        if command == "demo":
            return _run_demo(args[1:], err)
        return _run_tui(args, err)
    except _HelpExit as done:
        return done.status
    except OssShareError as exc:
        text = exc.one_line() if isinstance(exc, RemoteError) else str(exc)
        err.write(ERROR_PREFIX + _one_line(_redact(text, _secrets(args))) + "\n")
        return int(exc.exit_status)
    except KeyboardInterrupt:
        err.write(ERROR_PREFIX + "interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - never a traceback: one line and exit 1
        text = f"unexpected {type(exc).__name__}: {exc}"
        err.write(ERROR_PREFIX + _one_line(_redact(text, _secrets(args))) + "\n")
        return int(ExitStatus.OSS_ERROR)
