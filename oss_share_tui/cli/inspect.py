"""`oss-share inspect URL`: decode a signed URL into readable fields (never the security token's value)."""

from __future__ import annotations

import time
from typing import TextIO

from oss_share_tui.cli.common import Parser, add_common_options, resolve_from_args, warn
from oss_share_tui.core import printable
from oss_share_tui.core.inspect import inspect_url
from oss_share_tui.core.inspect_render import render, to_json


def build_parser() -> Parser:
    """The `inspect` argument parser."""
    parser = Parser(
        prog="oss-share inspect", description="Decode a signed OSS URL: what it grants and until when."
    )
    parser.add_argument("url", help="a signed URL (quote it in the shell: it contains '&')")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_common_options(parser)
    parser.epilog = (
        "With credentials for the link's key id (flags, env vars or config file, as for sign), "
        "it also says whether the signature is valid."
    )
    return parser


def run_inspect(argv: list[str], *, out: TextIO, err: TextIO) -> int:
    """Run `oss-share inspect ARGV`; errors are raised to cli.main."""
    args = build_parser().parse_args(argv)
    info = inspect_url(args.url)
    profile = resolve_from_args(args, require_credentials=False, warn=lambda m: warn(err, m))
    from oss_share_tui.storage.verify import check_signature

    check = check_signature(info, profile)
    now = time.time()
    if args.json:
        payload = to_json(info, now)
        payload["signature_valid"] = check.valid
        payload["signature_check"] = check.reason
        out.write(printable.json_line(payload) + "\n")
    else:
        out.write(render(info, now, check.summary) + "\n")
    return 0
