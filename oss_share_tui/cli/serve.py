"""`oss-share serve`: localoss in the foreground (never imports textual)."""

from __future__ import annotations

from typing import TextIO

from oss_share_tui.cli.common import PROG, Parser
from oss_share_tui.core.errors import RemoteError


def run_serve(argv: list[str], err: TextIO) -> int:
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
