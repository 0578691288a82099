"""`oss-share serve`: localoss in the foreground (never imports textual)."""

from __future__ import annotations

import argparse
from typing import TextIO

from oss_share_tui.cli.common import PROG, Parser
from oss_share_tui.cli.help_text import SERVER_EXIT_CODES, epilog
from oss_share_tui.core.errors import RemoteError

EXAMPLES = (
    ("oss-share serve", "the demo data on 127.0.0.1 and a free port, with the public demo key"),
    ("oss-share serve --port 9000 --seed empty", "an empty server on port 9000"),
    ("oss-share serve --access-key-id ID --access-key-secret SECRET", "accept only this key pair"),
    ("oss-share serve --error-rate 0.1 --latency 0.2", "answer 10% of requests with 5xx, 200 ms late"),
)


def run_serve(argv: list[str], err: TextIO) -> int:
    """`oss-share serve`: delegated to localoss.serve (its own options)."""
    parser = Parser(
        prog=f"{PROG} serve", description="Run the local OSS-compatible server in the foreground.",
        epilog=epilog(EXAMPLES, "It prints its endpoint; stop it with Ctrl-C.", SERVER_EXIT_CODES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    try:
        from oss_share_tui.localoss import serve
    except ImportError as exc:
        raise RemoteError(f"serve is not available: {exc}") from None
    serve.add_arguments(parser)
    args = parser.parse_args(argv)
    return int(serve.run(args) or 0)
