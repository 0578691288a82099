"""`oss-share inspect URL`: decode a signed URL into readable fields (never the security token's value)."""

from __future__ import annotations

import argparse
import time
from typing import TextIO

from oss_share_tui.cli.common import Parser, add_credential_options, resolve_from_args, warn
from oss_share_tui.cli.help_text import INSPECT_EXIT_CODES, epilog
from oss_share_tui.core import printable
from oss_share_tui.core.inspect import inspect_url
from oss_share_tui.core.inspect_render import render, to_json

EXAMPLES = (
    ("oss-share inspect 'https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?x-oss-...'",
     "bucket, key, expiry (local and UTC), signer, parameters, download name"),
    ('oss-share inspect "$url" --json', "the same as one JSON object"),
    ('oss-share inspect "$url" -i LTAI5t... -k SECRET', "also say whether the signature is valid"),
)


def build_parser() -> Parser:
    """The `inspect` argument parser."""
    parser = Parser(
        prog="oss-share inspect",
        description="Decode a signed OSS URL: what it grants and until when. Nothing is sent anywhere.",
        epilog=epilog(EXAMPLES, "With credentials for the link's key id (flags, env vars or config file, as "
                      "for sign), it also says whether the signature is valid.", INSPECT_EXIT_CODES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("url", help="a signed URL (quote it in the shell: it contains '&')")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_credential_options(parser, token=False)  # only the key pair matters: it re-computes the signature
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
