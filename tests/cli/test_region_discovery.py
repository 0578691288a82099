"""Region without flags: an endpoint that names no region (localoss on 127.0.0.1) makes `sign` and `presign`
ask the bucket (GetBucketLocation, then GetBucketInfo), once per bucket per run; each link then verifies at
localoss, which checks the V4 signature against the bucket's own region."""

from __future__ import annotations

import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from oss_share_tui import cli
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.localoss.server import LocalOSS
from oss_share_tui.storage import signer
from oss_share_tui.storage.profile import Profile

# The demo seed's buckets and regions (localoss/seed.py), in two regions.
CASES = [("demo-assets", "README.txt", "cn-hangzhou"), ("demo-shanghai", "share-me.txt", "cn-shanghai")]


@pytest.fixture
def server():
    # A fresh server per test: the lookup cache is keyed by endpoint, so no test sees another's answers.
    with LocalOSS(seed="demo", big_objects=0, log_requests=False) as srv:
        yield srv


@pytest.fixture
def run(server, capsys, monkeypatch):
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("OSS_ENDPOINT", server.endpoint)

    def _run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def _works(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback localoss
        return resp.status == 200


def _signed_region(url: str) -> str:
    return parse_qs(urlsplit(url).query)["x-oss-credential"][0].split("/")[2]


@pytest.mark.parametrize("command", ["sign", "presign"])
@pytest.mark.parametrize(("bucket", "key", "region"), CASES, ids=[c[2] for c in CASES])
def test_links_for_buckets_in_two_regions_work_without_region(run, command, bucket, key, region) -> None:
    code, out, err = run(command, f"oss://{bucket}/{key}")
    assert code == 0, err
    url = out.strip()
    assert _signed_region(url) == region
    assert _works(url)


def test_get_bucket_info_answers_when_get_bucket_location_fails(run, server) -> None:
    server.set_faults(error_rate=1.0, fault_filter=lambda method, path: "location" in path)
    code, out, err = run("sign", "oss://demo-shanghai/share-me.txt")
    assert code == 0, err
    assert _signed_region(out.strip()) == "cn-shanghai"
    assert server.stats["injected_errors"] >= 1  # GetBucketLocation really was refused first


def test_the_answer_is_cached_for_the_run(server) -> None:
    profile = Profile(endpoint=server.endpoint, access_key_id=DEMO_ACCESS_KEY_ID,
                      access_key_secret=DEMO_ACCESS_KEY_SECRET)
    before = server.stats["requests"]
    assert signer.lookup_bucket_region(profile, "demo-shanghai") == "cn-shanghai"
    assert signer.lookup_bucket_region(profile, "demo-shanghai") == "cn-shanghai"
    assert server.stats["requests"] - before == 1


def test_a_prefix_asks_once_and_every_link_works(run, server) -> None:
    before = server.stats["requests"]
    code, out, err = run("presign", "oss://demo-shanghai/reports/")
    assert code == 0, err
    urls = out.splitlines()
    assert len(urls) == 2 and all(_signed_region(u) == "cn-shanghai" and _works(u) for u in urls)
    # one GetBucketLocation + one ListObjectsV2 page, then the two fetches above
    assert server.stats["requests"] - before == 2 + 2
