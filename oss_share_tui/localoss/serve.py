"""`oss-share serve`: run localoss in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, SEEDS
from oss_share_tui.localoss.store import valid_bucket_name


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add serve's options to `parser`."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=0, help="port to bind; 0 picks a free one (default 0)")
    parser.add_argument("--seed", choices=SEEDS, default="demo", help="initial data (default demo)")
    parser.add_argument(
        "--access-key-id", default=None, help="access key id to accept (default: the demo key)"
    )
    parser.add_argument("--access-key-secret", default=None, help="its secret (default: the demo secret)")
    parser.add_argument("--big-objects", type=int, default=100_000, help="objects in the demo bucket `big`")
    parser.add_argument(
        "--latency", type=_seconds, default=0.0, metavar="SECONDS", help="delay added to each request"
    )
    parser.add_argument(
        "--error-rate", type=_rate, default=0.0, metavar="F", help="share of requests answered 5xx"
    )
    parser.add_argument(
        "--drop-rate", type=_rate, default=0.0, metavar="F", help="share of connections dropped"
    )
    parser.add_argument("--log-requests", action="store_true", help="log each request to stderr")
    parser.add_argument(
        "--cname",
        type=_cname,
        action="append",
        default=[],
        metavar="HOST=BUCKET",
        help="serve requests whose Host is HOST from BUCKET (a custom domain bound to it); repeatable",
    )
    parser.add_argument(
        "--restore-seconds",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="how long RestoreObject takes before an archived object can be read (default 30)",
    )


def _cname(text: str) -> tuple[str, str]:
    host, sep, bucket = text.partition("=")
    host = host.strip().lower().rstrip(".")
    bucket = bucket.strip()
    if not sep or not host or not bucket or any(c in host for c in ":/ ") or not valid_bucket_name(bucket):
        raise argparse.ArgumentTypeError(
            f"expected HOST=BUCKET (e.g. img.example.com=demo-assets), got {text!r}"
        )
    return host, bucket


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C (or SIGTERM); returns the exit status."""
    from oss_share_tui.localoss.server import LocalOSS

    ak, secret = args.access_key_id, args.access_key_secret
    if (ak is None) != (secret is None):
        print(
            "oss-share serve: give both --access-key-id and --access-key-secret, or neither", file=sys.stderr
        )
        return 2
    if ak is None:
        ak, secret = DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    try:
        srv = LocalOSS(
            host=args.host,
            port=args.port,
            seed=args.seed,
            access_keys={ak: secret},
            latency=args.latency,
            error_rate=args.error_rate,
            drop_rate=args.drop_rate,
            big_objects=args.big_objects,
            log_requests=args.log_requests,
            cnames=dict(args.cname),
            restore_seconds=args.restore_seconds,
        ).start()
    except OSError as err:
        print(
            f"oss-share serve: cannot listen on {args.host}:{args.port}: {err.strerror or err}",
            file=sys.stderr,
        )
        return 1
    # Installed before the banner, so a supervisor that signals as soon as it sees the banner is honoured.
    stop = threading.Event()
    previous = previous_int = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
        # Explicit, because a process started from a non-interactive shell's `&` inherits SIGINT ignored
        # and Python then never raises KeyboardInterrupt: Ctrl-C or `kill -INT` must still stop it.
        previous_int = signal.signal(signal.SIGINT, lambda *_: stop.set())
    regions = sorted({b.region for b in srv.store.buckets.values()}) or [srv.api.default_region]
    print(f"localoss listening on {srv.endpoint}")
    print(f"  endpoint:          {srv.endpoint}")
    print(f"  access key id:     {ak}")
    if secret == DEMO_ACCESS_KEY_SECRET:
        # The documented demo secret is public; any other secret is never printed.
        print(f"  access key secret: {secret}")
    print(f"  region(s):         {', '.join(regions)}")
    print(f"  buckets:           {', '.join(sorted(srv.store.buckets)) or '(none)'}")
    for host, bucket in sorted(srv.cnames.items()):
        print(f"  custom domain:     {host} -> {bucket} (send Host: {host}:{srv.port})")
    print("Press Ctrl-C to stop.", flush=True)

    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C while shutting down must not print a traceback.
        if previous is not None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        srv.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
            signal.signal(signal.SIGINT, previous_int)
    print("localoss stopped.", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point (`python -m oss_share_tui.localoss`)."""
    parser = argparse.ArgumentParser(
        prog="oss-share serve", description="Run localoss, an OSS-compatible server."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
