"""`oss-share sign`: ossutil's sign command, signing locally; the URL alone goes to stdout."""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timezone
from typing import TextIO

from oss_share_tui.cli.clipboard import copy_to_clipboard
from oss_share_tui.cli.common import Parser, add_common_options, resolve_from_args, warn
from oss_share_tui.core.errors import InvalidInput, RemoteError
from oss_share_tui.core.options import DEFAULT_TIMEOUT, build_share_options
from oss_share_tui.core.printable import json_line
from oss_share_tui.core.refs import parse_oss_url


def build_parser() -> Parser:
    """The `sign` argument parser (ossutil's flag names)."""
    parser = Parser(
        prog="oss-share sign",
        description="Print a signed GET URL for an object. Signed locally: no request goes to OSS.",
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
    group.add_argument("--check", action="store_true",
                       help="HEAD the object after signing (one request to OSS) and warn if the link cannot work "
                       "yet, e.g. an archived object that is not restored")
    group.add_argument("--copy", action="store_true", help="also copy the URL (or the export) to the clipboard")
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


def _parse_iso(text: str) -> datetime | None:
    """An ISO 8601 instant (a trailing Z allowed); None when unparseable."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _check_object(profile, bucket: str, key: str, version_id: str | None, region: str, err: TextIO) -> None:
    """`--check`: HEAD the object; warn when it is archived and not restored, or when the HEAD fails."""
    from oss_share_tui.core.models import Bucket
    from oss_share_tui.core.restore import share_warning
    from oss_share_tui.storage.gateway import OssGateway

    gateway = OssGateway(profile, retries=1)
    if region:
        gateway.remember(Bucket(bucket, region=region))
    try:
        info = gateway.head_object(bucket, key, version_id)
    except RemoteError as exc:
        warn(err, f"could not check oss://{bucket}/{key}: {exc.one_line()}")
        return
    warning = share_warning(info.storage_class, info.restore)
    if warning:
        warn(err, f"oss://{bucket}/{key}: {warning}")


def run_sign(argv: list[str], *, out: TextIO, err: TextIO, started: float | None = None) -> int:
    """Run `oss-share sign ARGV`; returns the exit status (errors are raised to cli.main)."""
    started = time.perf_counter() if started is None else started
    args = build_parser().parse_args(argv)
    if args.check and args.recursive:
        raise InvalidInput("--check is for one object; --recursive already warns from the listing",
                           field="check")
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
    from oss_share_tui.storage.signer import REGION_HINT, known_region, region_lookup_possible, sign_link

    ensure_usable(profile)
    region = known_region(profile, ref.bucket)
    if options.sign_version == "v4" and not region:
        if not region_lookup_possible(profile, ref.bucket):
            # An IP, localhost or custom endpoint cannot tell us the region: ask, with no network call.
            raise InvalidInput(f"signature V4 needs the bucket's region: {REGION_HINT}", field="region")
        from oss_share_tui.storage.signer import lookup_bucket_region

        try:
            region = lookup_bucket_region(profile, ref.bucket)
        except RemoteError as exc:
            raise InvalidInput(
                f"signature V4 needs the bucket's region and asking OSS failed ({exc.code or 'error'}): "
                f"{REGION_HINT}",
                field="region",
            ) from None
    if args.recursive:
        from oss_share_tui.cli.batch import run_batch

        return run_batch(args, ref, profile, options, region=region or None, out=out, err=err)
    link = sign_link(profile, ref.bucket, ref.key, options, region=region or None)

    if args.json:
        payload = {
            "url": link.url,
            "bucket": link.bucket,
            "key": link.key,
            "version_id": link.version_id,
            "signature_version": link.signature_version,
            "expires_at": _iso_z(link.expires_at),
            "expires_in": link.expires_in,
        }
        out.write(json_line(payload) + "\n")
    else:
        out.write(link.url + "\n")
    out.flush()
    from oss_share_tui.storage.history import record_links
    from oss_share_tui.storage.signer import endpoint_for

    problem = record_links([link], options, profile=profile, endpoint=endpoint_for(profile, ref.bucket),
                           region=region or None, enabled=not args.no_history)
    if problem:
        warn(err, problem)

    token_expiry = (
        _parse_iso(profile.sts_expiration) if profile.sts_token and profile.sts_expiration else None
    )
    if token_expiry is not None and token_expiry < link.expires_at:
        warn(
            err,
            f"the STS token expires at {_iso_z(token_expiry)}, before the link ({_iso_z(link.expires_at)}): "
            "the link stops working when the token does",
        )
    if args.check:
        _check_object(profile, ref.bucket, ref.key, args.version_id, region, err)
    if args.copy:
        copied, what = copy_to_clipboard(link.url)
        if copied:
            err.write(f"oss-share: {what}\n")
        else:
            err.write(f"oss-share: not copied: {what}; the URL is on stdout\n")
    err.write(f"\n{time.perf_counter() - started:.6f}(s) elapsed\n")
    return 0
