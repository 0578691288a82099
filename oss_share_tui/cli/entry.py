"""The `oss-share` entry point: pick a command, turn failures into one line and an exit code.

Importing this module stays light (no textual, no oss2): each command module is loaded only when it runs, and
none of them imports this one.
"""

from __future__ import annotations

import sys
import time

from oss_share_tui.cli.common import ERROR_PREFIX, HelpExit, one_line, redact, secrets_in
from oss_share_tui.core.errors import ExitStatus, OssShareError, RemoteError

COMMANDS = ("sign", "presign", "inspect", "serve", "demo")


def main(argv: list[str] | None = None) -> int:
    """Run `oss-share` with `argv` (default sys.argv[1:]); return the exit status."""
    started = time.perf_counter()
    args = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    try:
        command = args[0] if args else ""
        if command == "sign":
            from oss_share_tui.cli.sign import run_sign

            return run_sign(args[1:], out=out, err=err, started=started)
        if command == "presign":
            from oss_share_tui.cli.presign import run_presign

            return run_presign(args[1:], out=out, err=err)
        if command == "inspect":
            from oss_share_tui.cli.inspect import run_inspect

            return run_inspect(args[1:], out=out, err=err)
        if command == "serve":
            from oss_share_tui.cli.serve import run_serve

            return run_serve(args[1:], err)
        if command == "demo":
            from oss_share_tui.cli.demo import run_demo

            return run_demo(args[1:], err)
        from oss_share_tui.cli.tui import run_tui

        return run_tui(args, err)
    except HelpExit as done:
        return done.status
    except OssShareError as exc:
        text = exc.one_line() if isinstance(exc, RemoteError) else str(exc)
        err.write(ERROR_PREFIX + one_line(redact(text, secrets_in(args))) + "\n")
        return int(exc.exit_status)
    except KeyboardInterrupt:
        err.write(ERROR_PREFIX + "interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - never a traceback: one line and exit 1
        text = f"unexpected {type(exc).__name__}: {exc}"
        err.write(ERROR_PREFIX + one_line(redact(text, secrets_in(args))) + "\n")
        return int(ExitStatus.OSS_ERROR)
