"""`oss-share presign`: ossutil 2.0's presign (one object, or every object under a prefix), signed locally.

Where ossutil 1.x's `sign` and 2.0's `presign` differ, each keeps its own tool's meaning: `presign` takes
`--expires-duration` (default 15 minutes, 1 s to 1 week for V1 and V4 alike: ossutil 2.0 docs, presign) or
`--expires-date`, and ossutil 2.0's filters for a prefix; `sign` keeps `--timeout` (default 60 s).
"""

from __future__ import annotations

import argparse
import math
from datetime import datetime, timezone
from typing import TextIO
from urllib.parse import unquote

from oss_share_tui.cli.common import (
    Parser,
    add_connection_options,
    add_credential_options,
    add_history_option,
    resolve_from_args,
    warn,
)
from oss_share_tui.cli.help_text import epilog
from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.object_filters import (
    build_object_filter,
    parse_duration,
    parse_utc_time,
    read_files_from,
)
from oss_share_tui.core.options import V4_MAX_EXPIRES, build_share_options
from oss_share_tui.core.refs import OssRef, parse_oss_url

DEFAULT_EXPIRES = "15m"
"""ossutil 2.0 docs (presign): --expires-duration defaults to 15m0s."""
MIN_EXPIRES, MAX_EXPIRES = 1, V4_MAX_EXPIRES
"""ossutil 2.0 docs (presign): "range 1s~1w"."""

FILTER_FLAGS = ("include", "exclude", "start_after", "end_with", "min_size", "max_size", "min_age", "max_age",
                "min_mtime", "max_mtime", "files_from", "files_from_raw", "limited_num")

EXAMPLES = (
    ("oss-share presign oss://examplebucket/report.pdf",
     "one link, valid 15 minutes (ossutil 2.0's default)"),
    ("oss-share presign oss://examplebucket/report.pdf --expires-duration 2h --check",
     "valid 2 hours; fetch it once as the recipient would, exit 1 if it does not work"),
    ("oss-share presign oss://examplebucket/photos/ --include '*.jpg' --max-age 24h",
     "every .jpg under photos/ changed in the last day, one URL per line"),
    ("oss-share presign oss://examplebucket/logs/ -d --min-size 1M --json",
     "objects directly in logs/ (not below), 1 MiB or more, as JSON lines"),
    ("oss-share presign oss://examplebucket/a.txt --expires-date 2030-01-02T15:04:05 --copy",
     "valid until that UTC time (at most a week), also copied to the clipboard"),
)


def build_parser() -> Parser:
    """The `presign` argument parser (ossutil 2.0's flag names)."""
    parser = Parser(
        prog="oss-share presign",
        description="Print signed GET URLs, as ossutil 2.0's presign: for one object, or for every object "
        "under a prefix (a URL ending in '/', or with -r, -d or a filter). Signed locally.",
        epilog=epilog(EXAMPLES, "A prefix is listed recursively unless -d; filters follow ossutil 2.0 "
                      "(rclone rules: '*' stays within a folder, '**' crosses folders)."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("cloud_url", help="oss://bucket/object or oss://bucket[/prefix]")
    group = parser.add_argument_group("presign options (as ossutil 2.0)")
    group.add_argument("--expires-duration", default=DEFAULT_EXPIRES, metavar="DURATION",
                       help="link lifetime: 15m, 2h, 1h30m, 1w or seconds (default 15m; 1s to 1w)")
    group.add_argument("--expires-date", metavar="TIME",
                       help="expiry instant, UTC: 2006-01-02T15:04:05 (or with Z/+08:00); within a week")
    group.add_argument("--version-id", help="sign this version of the object")
    group.add_argument("--request-payer", metavar="requester", help="'requester' for requester-pays buckets")
    group.add_argument("--encoding-type", choices=["url"],
                       help="the object name (and --start-after, --end-with, --files-from) is URL-encoded")
    batch = parser.add_argument_group("a prefix: which objects (as ossutil 2.0)")
    batch.add_argument("-r", "--recursive", action="store_true",
                       help="treat the URL as a prefix even without a trailing '/' (listing is recursive)")
    batch.add_argument("-d", "--dirs", action="store_true",
                       help="only objects directly under the prefix, not in its subfolders")
    batch.add_argument("--include", action="append", default=[], metavar="RULE",
                       help="keep names matching this rule (repeatable; then everything else is left out)")
    batch.add_argument("--exclude", action="append", default=[], metavar="RULE",
                       help="leave out names matching this rule (repeatable)")
    batch.add_argument("--start-after", metavar="KEY", default="",
                       help="only keys after this one (exclusive)")
    batch.add_argument("--end-with", metavar="KEY", default="", help="only keys up to this one (inclusive)")
    batch.add_argument("--min-size", metavar="SIZE",
                       help="only objects of at least SIZE (bytes, or 10K, 1M, 2G)")
    batch.add_argument("--max-size", metavar="SIZE", help="only objects of at most SIZE")
    batch.add_argument("--min-age", metavar="DURATION", help="only objects modified at least this long ago")
    batch.add_argument("--max-age", metavar="DURATION", help="only objects modified within this span")
    batch.add_argument("--min-mtime", metavar="TIME", help="only objects modified at or after this UTC time")
    batch.add_argument("--max-mtime", metavar="TIME", help="only objects modified at or before this UTC time")
    batch.add_argument("--files-from", action="append", default=[], metavar="FILE",
                       help="sign exactly these names (one per line under the prefix; '#'/';' comments)")
    batch.add_argument("--files-from-raw", action="append", default=[], metavar="FILE",
                       help="as --files-from, every non-empty line taken as it is")
    batch.add_argument("--limited-num", type=_positive_int, metavar="N", help="at most N objects")
    extra = parser.add_argument_group("oss-share extras")
    extra.add_argument("--json", action="store_true", help="one JSON object (JSON lines for a prefix)")
    extra.add_argument("--check", action="store_true",
                       help="fetch each link once as its recipient would; exit 1 if any fails")
    extra.add_argument("--copy", action="store_true",
                       help="also copy the URL(s): terminal (OSC 52), then the system clipboard")
    extra.add_argument("--export", metavar="FORMAT", help="for a prefix: csv, jsonl, markdown or urls")
    extra.add_argument("--output", "-o", metavar="FILE", help="for a prefix: write the export to FILE")
    add_history_option(extra)
    add_credential_options(parser)
    add_connection_options(parser)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def expires_in(args: argparse.Namespace, now: datetime | None = None) -> int:
    """Seconds the links live: --expires-date when given, else --expires-duration; 1 s to 1 week."""
    now = now or datetime.now(timezone.utc)
    if args.expires_date:
        until = parse_utc_time(args.expires_date, flag="--expires-date")
        seconds = math.ceil((until - now).total_seconds())
        if seconds < MIN_EXPIRES:
            raise InvalidInput(f"--expires-date {args.expires_date!r} is not in the future",
                               field="expires-date")
        if seconds > MAX_EXPIRES:
            raise InvalidInput(f"--expires-date {args.expires_date!r} is more than a week away: presigned "
                               "links live at most 1 week", field="expires-date")
        return seconds
    seconds = parse_duration(args.expires_duration, flag="--expires-duration")
    if seconds < MIN_EXPIRES or seconds > MAX_EXPIRES:
        raise InvalidInput(f"--expires-duration {args.expires_duration!r} is out of range: 1s to 1w",
                           field="expires-duration")
    return math.ceil(seconds)


def _names_from(args: argparse.Namespace) -> list[str] | None:
    if not (args.files_from or args.files_from_raw):
        return None
    names: list[str] = []
    for paths, raw in ((args.files_from, False), (args.files_from_raw, True)):
        for path in paths:
            try:
                with open(path, encoding="utf-8") as fh:
                    names.extend(read_files_from(fh.readlines(), raw=raw))
            except OSError as exc:
                raise InvalidInput(f"cannot read {path!r}: {exc.strerror or exc}",
                                   field="files-from") from None
    return names


def run_presign(argv: list[str], *, out: TextIO, err: TextIO) -> int:
    """Run `oss-share presign ARGV`; returns the exit status (errors are raised to cli.main)."""
    args = build_parser().parse_args(argv)
    decode = unquote if args.encoding_type == "url" else (lambda text: text)
    ref = parse_oss_url(args.cloud_url)
    ref = OssRef(ref.bucket, decode(ref.key))
    used = [name for name in FILTER_FLAGS if getattr(args, name)]
    is_prefix = not ref.key or ref.key.endswith("/") or args.recursive or args.dirs or bool(used)
    if not is_prefix and (args.export or args.output):
        raise InvalidInput("--export and --output apply to a prefix: end the URL with '/'", field="export")
    seconds = expires_in(args)  # bad input (exit 2) before credentials (exit 3)
    profile = resolve_from_args(args, require_credentials=False, warn=lambda m: warn(err, m))
    options = build_share_options(timeout=seconds, version_id=args.version_id, payer=args.request_payer,
                                  sign_version=profile.sign_version)
    names = _names_from(args)
    flt = build_object_filter(include=args.include, exclude=args.exclude, min_size=args.min_size,
                              max_size=args.max_size, min_age=args.min_age, max_age=args.max_age,
                              min_mtime=args.min_mtime, max_mtime=args.max_mtime)
    from oss_share_tui.storage.config import ensure_usable
    from oss_share_tui.storage.signer import region_for_signing, sign_link

    ensure_usable(profile)
    region = region_for_signing(profile, ref.bucket, options.sign_version)
    if not is_prefix:
        from oss_share_tui.cli.sign import emit_single

        link = sign_link(profile, ref.bucket, ref.key, options, region=region)
        return emit_single(args, link, profile, options, region=region, out=out, err=err, started=None)

    from oss_share_tui.storage.batch import BatchTarget, sign_many, sign_prefix

    folder = ref.key[: ref.key.rfind("/") + 1]  # filter rules and --files-from names are relative to it
    if names is not None:
        ignored = [f"--{n.replace('_', '-')}" for n in used
                   if not n.startswith("files_from") and n != "limited_num"]
        if ignored:
            # rclone filter.go: with --files-from, membership alone decides; the other filters are ignored.
            warn(err, f"{', '.join(ignored)} ignored: --files-from names exactly the objects to sign")
        targets = [BatchTarget(ref.bucket, folder + decode(name)) for name in names]
        if args.limited_num:
            targets = targets[: args.limited_num]

        def stream(on_object):  # names, not a listing: nothing for on_object to see
            return sign_many(profile, targets, options, region=region)
    else:
        keep = (lambda rel, entry: flt.keeps(rel, entry.size, entry.last_modified)) if flt.active else None

        def stream(on_object):
            return sign_prefix(profile, ref.bucket, ref.key, options, limit=args.limited_num, region=region,
                               on_object=on_object, start_after=decode(args.start_after),
                               end_with=decode(args.end_with), keep=keep, relative_to=folder,
                               recursive=not args.dirs)

    from oss_share_tui.cli.batch import run_batch

    return run_batch(args, ref, profile, options, region=region, out=out, err=err, stream=stream)
