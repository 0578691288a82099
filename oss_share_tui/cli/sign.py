"""`oss-share sign`: ossutil's sign command, signing locally; the URL alone goes to stdout."""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timezone
from typing import TextIO

from oss_share_tui.cli.clipboard import copy_to_clipboard
from oss_share_tui.cli.common import Parser, add_common_options, resolve_from_args, warn
from oss_share_tui.cli.help_text import epilog
from oss_share_tui.core.errors import InvalidInput, RemoteError
from oss_share_tui.core.options import DEFAULT_TIMEOUT, build_share_options
from oss_share_tui.core.printable import json_line
from oss_share_tui.core.refs import parse_oss_url

EXAMPLES = (
    ('url=$(oss-share sign oss://examplebucket/report.pdf --timeout 2h)',
     "a link valid 2 hours, alone on stdout"),
    ("oss-share sign oss://examplebucket/a.jpg --query-param x-oss-process:image/resize,w_200 --json",
     "a resized image, as one JSON object"),
    ("oss-share sign oss://examplebucket/report.pdf --check --copy",
     "test the link as its recipient would (exit 1 if it fails), and copy it"),
    ("oss-share sign oss://examplebucket/photos/ -r --include '*.jpg' --export csv -o links.csv",
     "every .jpg under photos/, written to a CSV file"),
)


def build_parser() -> Parser:
    """The `sign` argument parser (ossutil's flag names)."""
    parser = Parser(
        prog="oss-share sign",
        description="Print a signed GET URL for an object, as ossutil 1.x's sign. Signed locally: no request "
        "goes to OSS (except, once, to ask a bucket its region when nothing names it).",
        epilog=epilog(EXAMPLES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("cloud_url", help="oss://bucket/object")
    group = parser.add_argument_group("sign options (as ossutil sign)")
    group.add_argument(
        "--timeout",
        default=str(DEFAULT_TIMEOUT),
        help="link lifetime: seconds, or 90s/15m/2h/7d (default 60; V4 at most 7 days)",
    )
    group.add_argument("--version-id", help="sign this version of the object")
    group.add_argument(
        "--traffic-limit",
        "--trafic-limit",
        dest="traffic_limit",
        metavar="BITS",
        help="download speed limit in bit/s, 819200 to 838860800 (also 100KB/s, 1MB/s)",
    )
    group.add_argument("--disable-encode-slash", action="store_true", help="keep '/' in the key unescaped")
    group.add_argument("--payer", help="'requester' for requester-pays buckets")
    group.add_argument(
        "--query-param",
        action="append",
        default=[],
        metavar="KEY:VALUE",
        help="extra signed query parameter (repeatable), e.g. x-oss-process:image/resize,w_100",
    )
    group.add_argument("--json", action="store_true", help="print one JSON object instead of the bare URL")
    group.add_argument("--copy", action="store_true",
                       help="also copy the URL (or the export): terminal (OSC 52), then the system clipboard")
    group.add_argument("--check", action="store_true",
                       help="fetch each link once as its recipient would; exit 1 if any fails (one object is "
                       "HEADed first, to warn of an archived object that is not restored)")
    batch = parser.add_argument_group("batch: every object under a prefix")
    batch.add_argument(
        "-r", "--recursive", action="store_true", help="sign every object under oss://bucket/prefix/ (lazily)"
    )
    batch.add_argument("--include", action="append", default=[], metavar="GLOB",
                       help="only keys (relative to the prefix) matching this glob; repeatable")
    batch.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="skip keys matching this glob; repeatable")
    batch.add_argument("--limit", type=_positive_int, metavar="N", help="stop after N objects")
    batch.add_argument("--export", metavar="FORMAT", default=None,
                       help="csv, jsonl, markdown or urls (default urls; --json means jsonl)")
    batch.add_argument("--output", "-o", metavar="FILE",
                       help="write the export to FILE (atomically) instead of stdout")
    add_common_options(parser)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _iso_z(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_object(profile, bucket: str, key: str, version_id: str | None, region: str, err: TextIO,
                  *, report_failure: bool = True) -> None:
    """`--check`: HEAD the object; warn when it is archived and not restored, or when the HEAD fails (unless
    `report_failure` is off: the link probe that follows says why in the recipient's terms)."""
    from oss_share_tui.core.models import Bucket
    from oss_share_tui.core.restore import share_warning
    from oss_share_tui.storage.gateway import OssGateway

    gateway = OssGateway(profile, retries=1)
    if region:
        gateway.remember(Bucket(bucket, region=region))
    try:
        info = gateway.head_object(bucket, key, version_id)
    except RemoteError as exc:
        if report_failure:
            warn(err, f"could not check oss://{bucket}/{key}: {exc.one_line()}")
        return
    warning = share_warning(info.storage_class, info.restore)
    if warning:
        warn(err, f"oss://{bucket}/{key}: {warning}")


def run_sign(argv: list[str], *, out: TextIO, err: TextIO, started: float | None = None) -> int:
    """Run `oss-share sign ARGV`; returns the exit status (errors are raised to cli.main)."""
    started = time.perf_counter() if started is None else started
    args = build_parser().parse_args(argv)
    batch_only = [flag for flag, value in (("--include", args.include), ("--exclude", args.exclude),
                  ("--limit", args.limit), ("--export", args.export), ("--output", args.output)) if value]
    if batch_only and not args.recursive:
        raise InvalidInput(f"{batch_only[0]} needs --recursive (it applies to a batch under a prefix)",
                           field="recursive")
    ref = parse_oss_url(args.cloud_url, require_key=not args.recursive)
    profile = resolve_from_args(args, require_credentials=False, warn=lambda m: warn(err, m))
    # Bad input (exit 2) is reported before missing credentials (exit 3): it is checked locally and first.
    options = build_share_options(
        timeout=args.timeout,
        version_id=args.version_id,
        traffic_limit=args.traffic_limit,
        payer=args.payer,
        query_params=args.query_param,
        slash_safe=args.disable_encode_slash,
        sign_version=profile.sign_version,
    )
    from oss_share_tui.storage.config import ensure_usable
    from oss_share_tui.storage.signer import region_for_signing, sign_link

    profile = ensure_usable(profile)
    region = region_for_signing(profile, ref.bucket, options.sign_version)
    if args.recursive:
        from oss_share_tui.cli.batch import run_batch

        return run_batch(args, ref, profile, options, region=region or None, out=out, err=err)
    link = sign_link(profile, ref.bucket, ref.key, options, region=region or None)
    return emit_single(args, link, profile, options, region=region, out=out, err=err, started=started)


def emit_single(args: argparse.Namespace, link, profile, options, *, region: str | None, out: TextIO,
                err: TextIO, started: float | None) -> int:
    """Print one signed link (bare or `--json`), record it, warn about a short-lived token, `--check` and
    `--copy` it; shared by `sign` and `presign`. Returns the exit status (1 when the check failed)."""
    check = None
    if getattr(args, "check", False):
        from oss_share_tui.cli.check import probe

        # HEAD first (one request): an archived object that is not restored gets its own warning; then the
        # link itself is fetched as its recipient would, which is the verdict.
        _check_object(profile, link.bucket, link.key, link.version_id, region or "", err,
                      report_failure=False)
        check = probe(link.url)
    if args.json:
        payload = {
            "url": link.url,
            "bucket": link.bucket,
            "key": link.key,
            "version_id": link.version_id,
            "signature_version": link.signature_version,
            "expires_at": _iso_z(link.expires_at),
            "expires_in": link.expires_in,
            "effective_expires_at": _iso_z(link.effective_expires_at),
            "credential_source": link.credential_source,
        }
        if check is not None:
            from oss_share_tui.cli.check import as_json

            payload["check"] = as_json(check)
        out.write(json_line(payload) + "\n")
    else:
        out.write(link.url + "\n")
    out.flush()
    from oss_share_tui.storage.history import record_links
    from oss_share_tui.storage.signer import endpoint_for

    problem = record_links([link], options, profile=profile, endpoint=endpoint_for(profile, link.bucket),
                           region=region or None, enabled=not args.no_history)
    if problem:
        warn(err, problem)

    if link.expiry_reason:
        warn(
            err,
            f"the STS token expires at {_iso_z(link.effective_expires_at)}, before the link "
            f"({_iso_z(link.expires_at)}): the link stops working when the token does "
            f"(credentials from {link.credential_source or 'the STS token'})",
        )
    if args.copy:
        copied, what = copy_to_clipboard(link.url)
        if copied:
            err.write(f"oss-share: {what}\n")
        else:
            err.write(f"oss-share: not copied: {what}; the URL is on stdout\n")
    if check is not None:
        from oss_share_tui.cli.check import report

        report(err, check)
    if started is not None:
        err.write(f"\n{time.perf_counter() - started:.6f}(s) elapsed\n")
    return 0 if check is None or check.ok else 1
