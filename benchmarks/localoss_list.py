"""Loopback benchmark: how fast localoss serves a 1000-key ListObjectsV2 page of the `big` bucket.

Usage: python benchmarks/localoss_list.py [--objects 100000] [--iterations 50] [--sign v4|v1]

Three figures, each a median over >= 30 requests after warm-up, pages spread over the whole prefix:
- served:  request out -> last byte of the 1000-key XML in, over one keep-alive connection; the URL is signed
           by oss2 (so the server verifies a real signature). This is the server's figure; budget 30 ms.
- oss2:    `Bucket.list_objects_v2(max_keys=1000)` end to end, i.e. served plus oss2's own XML parsing.
- parse:   oss2's parsing of the same XML alone, in-process: the client-side floor inside the oss2 figure.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import time
import tracemalloc
import urllib.parse


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--objects", type=int, default=100_000, help="objects in the big bucket (default 100000)"
    )
    parser.add_argument("--iterations", type=int, default=50, help="timed requests after warm-up (>= 30)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--sign", choices=("v1", "v4"), default="v4")
    parser.add_argument("--budget-ms", type=float, default=30.0)
    args = parser.parse_args(argv)
    if args.iterations < 30:
        parser.error("--iterations must be at least 30")

    import oss2
    from oss2 import models, xml_utils

    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    from oss_share_tui.localoss.server import LocalOSS

    # Start-up cost and the memory the seeded store holds (the big bucket is computed, not stored).
    tracemalloc.start()
    t0 = time.perf_counter()
    srv = LocalOSS(seed="demo", big_objects=args.objects).start()
    startup = time.perf_counter() - t0
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()

    served: list[float] = []
    end_to_end: list[float] = []
    parse: list[float] = []
    try:
        if args.sign == "v1":
            bucket = oss2.Bucket(oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET), srv.endpoint, "big")
        else:
            auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
            bucket = oss2.Bucket(auth, srv.endpoint, "big", region="cn-shanghai")
        width = srv.store.buckets["big"].synthetic[0].width
        span = max(args.objects - 1000, 1)
        starts = [
            "" if i == 0 else f"logs/part-{(i * 7919) % span:0{width}d}.log"
            for i in range(args.warmup + args.iterations)
        ]
        conn = http.client.HTTPConnection(srv.host, srv.port, timeout=30)
        for i, start_after in enumerate(starts):
            params = {
                "list-type": "2",
                "prefix": "logs/",
                "start-after": start_after,
                "max-keys": "1000",
                "encoding-type": "url",
            }
            # sign_url only signs object URLs; a bucket-level listing URL is signed the same way by hand.
            url = bucket._make_url("big", "")
            req = oss2.http.Request(
                "GET", url, params=dict(params), region=bucket.region, product=bucket.product
            )
            signed = bucket.auth._sign_url(req, "big", "", 300)
            parts = urllib.parse.urlsplit(signed)
            t = time.perf_counter()
            conn.request("GET", f"{parts.path}?{parts.query}")
            resp = conn.getresponse()
            body = resp.read()
            elapsed_served = time.perf_counter() - t
            if resp.status != 200:
                print(f"HTTP {resp.status}: {body[:300]!r}", file=sys.stderr)
                return 1

            t = time.perf_counter()
            result = models.ListObjectsV2Result.__new__(models.ListObjectsV2Result)
            result.object_list, result.prefix_list = [], []
            xml_utils.parse_list_objects_v2(result, body)
            elapsed_parse = time.perf_counter() - t

            t = time.perf_counter()
            page = bucket.list_objects_v2(prefix="logs/", start_after=start_after, max_keys=1000)
            elapsed_oss2 = time.perf_counter() - t
            if len(page.object_list) != 1000 or len(result.object_list) != 1000:
                print("unexpected page size", file=sys.stderr)
                return 1
            if i >= args.warmup:
                served.append(elapsed_served)
                parse.append(elapsed_parse)
                end_to_end.append(elapsed_oss2)
        conn.close()
    finally:
        srv.stop()

    served_ms = _median_ms(served)
    print(f"objects in big:          {args.objects:,}")
    print(f"server start-up:         {startup * 1000:.1f} ms")
    print(f"store memory (traced):   {held / 1024 / 1024:.2f} MiB")
    print(f"1000-key ListObjectsV2 page, {args.sign}-signed, median of {len(served)}:")
    print(f"  served (raw HTTP):     {served_ms:.2f} ms   (min {min(served) * 1000:.2f})")
    print(f"  oss2 end to end:       {_median_ms(end_to_end):.2f} ms   (min {min(end_to_end) * 1000:.2f})")
    print(f"  oss2 XML parse alone:  {_median_ms(parse):.2f} ms")
    verdict = "OK" if served_ms <= args.budget_ms else "OVER BUDGET"
    print(f"budget: served median <= {args.budget_ms:.0f} ms: {verdict}")
    return 0 if served_ms <= args.budget_ms else 1


if __name__ == "__main__":
    sys.exit(main())
