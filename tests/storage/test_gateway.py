"""OssGateway against localoss: our own dataclasses out, per-bucket endpoints and regions, RemoteErrors."""

from __future__ import annotations

import socket
from types import SimpleNamespace

import pytest

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket, Entry, Version
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage import gateway as gateway_module
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile


def _profile(server, **changes) -> Profile:
    fields = {
        "endpoint": server.endpoint,
        "access_key_id": DEMO_ACCESS_KEY_ID,
        "access_key_secret": DEMO_ACCESS_KEY_SECRET,
    }
    fields.update(changes)
    return Profile(**fields)


@pytest.fixture(scope="module")
def gateway(localoss) -> OssGateway:
    return OssGateway(_profile(localoss), backoff=0.01)


def test_constructing_a_gateway_does_not_import_oss2() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from oss_share_tui.storage.gateway import OssGateway\n"
        "from oss_share_tui.storage.profile import Profile\n"
        "OssGateway(Profile(endpoint='https://oss-cn-hangzhou.aliyuncs.com'))\n"
        "print('oss2' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_list_buckets_gives_regions_endpoints_and_dates(gateway, localoss) -> None:
    page = gateway.list_buckets()
    by_name = {b.name: b for b in page.items}
    assert {"demo-assets", "demo-versions", "demo-shanghai", "big"} <= set(by_name)
    assert all(isinstance(b, Bucket) for b in page.items)
    assert by_name["demo-shanghai"].region == "cn-shanghai"
    assert by_name["demo-assets"].region == "cn-hangzhou"
    assert by_name["big"].extranet_endpoint == localoss.host_port
    assert by_name["big"].created is not None and by_name["big"].created.tzinfo is not None
    assert page.next_token is None


def test_each_bucket_is_reached_with_its_own_region(gateway) -> None:
    # V4 signs with the bucket's region: a shanghai bucket through a profile with no region works.
    page = gateway.list_prefix("demo-shanghai", "")
    assert [e.key for e in page.items] == ["reports/", "share-me.txt"]
    assert page.items[0].is_prefix and not page.items[1].is_prefix


def test_bucket_endpoint_config_wins(localoss) -> None:
    endpoints = {"demo-assets": localoss.host_port}
    profile = _profile(localoss, endpoint="http://127.0.0.1:9", bucket_endpoints=endpoints)
    gw = OssGateway(profile, backoff=0.01, retries=0)
    gw.remember(Bucket("demo-assets", region="cn-hangzhou"))
    assert gw.endpoint_for(Bucket("demo-assets")) == localoss.endpoint
    assert "README.txt" in [e.key for e in gw.list_prefix("demo-assets", "").items]


def test_list_prefix_pages_with_folders_first(gateway) -> None:
    page = gateway.list_prefix("demo-assets", "")
    keys = [e.key for e in page.items]
    assert keys == ["docs/", "images/", "odd names/", "storage-classes/", "README.txt"]
    readme = page.items[-1]
    assert isinstance(readme, Entry) and readme.size > 0 and readme.storage_class == "Standard"
    assert readme.last_modified is not None and readme.etag

    first = gateway.list_prefix("big", "logs/", max_keys=1000)
    assert len(first.items) == 1000 and first.next_token
    second = gateway.list_prefix("big", "logs/", first.next_token)
    assert second.items[0].key == "logs/part-001000.log"
    assert {e.key for e in first.items}.isdisjoint(e.key for e in second.items)
    search = gateway.list_prefix("big", "logs/part-09999")
    assert [e.key for e in search.items] == [f"logs/part-09999{i}.log" for i in range(10)]
    assert search.next_token is None


def test_unicode_and_odd_keys_round_trip(gateway) -> None:
    names = {e.name for e in gateway.list_prefix("demo-assets", "odd names/").items}
    assert {"hello world.txt", "中文文件.txt", "a+b.txt", "100%.txt", "#hash.txt"} <= names


def test_versions_newest_first_with_delete_markers(gateway) -> None:
    notes = gateway.list_versions("demo-versions", "notes.txt").items
    assert len(notes) == 3 and all(isinstance(v, Version) for v in notes)
    assert notes[0].is_latest and [v.last_modified for v in notes] == sorted(
        (v.last_modified for v in notes), reverse=True
    )
    deleted = gateway.list_versions("demo-versions", "deleted.txt").items
    assert [v.is_delete_marker for v in deleted] == [True, False, False]
    assert deleted[0].is_latest and deleted[0].size == 0
    legacy = gateway.list_versions("demo-versions", "legacy.txt").items
    assert [v.version_id for v in legacy] == ["null"]
    # Only that key: notes.txt's listing never shows other keys.
    assert {v.key for v in notes} == {"notes.txt"}


def test_versions_page_with_a_key_and_version_marker(gateway) -> None:
    first = gateway.list_versions("demo-versions", "notes.txt", max_keys=2)
    assert len(first.items) == 2 and first.next_token is not None
    key_marker, version_marker = first.next_token
    assert key_marker == "notes.txt" and version_marker == first.items[-1].version_id
    rest = gateway.list_versions("demo-versions", "notes.txt", first.next_token, max_keys=2)
    assert len(rest.items) == 1 and rest.next_token is None


def test_head_object_and_a_version(gateway) -> None:
    info = gateway.head_object("demo-assets", "images/logo.png")
    assert info.content_type == "image/png" and info.size > 0 and info.etag
    oldest = gateway.list_versions("demo-versions", "notes.txt").items[-1]
    old = gateway.head_object("demo-versions", "notes.txt", oldest.version_id)
    assert old.version_id == oldest.version_id and old.size == len(b"notes v1\n")


def test_bucket_info_finds_region_and_endpoint(localoss) -> None:
    gw = OssGateway(_profile(localoss), backoff=0.01)
    bucket = gw.bucket_info("big")
    assert bucket.region == "cn-shanghai" and bucket.extranet_endpoint == localoss.host_port


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda gw: gw.list_prefix("no-such-bucket", ""), "NoSuchBucket"),
        (lambda gw: gw.head_object("demo-assets", "missing.txt"), "NoSuchKey"),
    ],
)
def test_oss_errors_become_remote_errors(gateway, call, code) -> None:
    with pytest.raises(RemoteError) as info:
        call(gateway)
    assert info.value.code == code or (code == "NoSuchKey" and info.value.status == 404)
    assert info.value.hint


def test_wrong_secret_and_unknown_key_id(localoss) -> None:
    bad_secret = OssGateway(_profile(localoss, access_key_secret="wrong"), backoff=0.01)
    with pytest.raises(RemoteError) as info:
        bad_secret.list_buckets()
    assert info.value.code == "SignatureDoesNotMatch" and info.value.request_id
    unknown = OssGateway(_profile(localoss, access_key_id="LTAInobody"), backoff=0.01)
    with pytest.raises(RemoteError) as info:
        unknown.list_buckets()
    assert info.value.code == "InvalidAccessKeyId"


def test_network_down_fails_fast_with_a_hint(monkeypatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once closed
    gw = OssGateway(Profile(endpoint=f"http://127.0.0.1:{port}", access_key_id="a", access_key_secret="b"),
                    retries=2, backoff=0.01)
    waits: list[float] = []
    # record the backoffs instead of waiting them (only this module's view of `time` changes)
    monkeypatch.setattr(gateway_module, "time", SimpleNamespace(sleep=waits.append))
    with pytest.raises(RemoteError) as info:
        gw.list_buckets()
    assert info.value.code == "NetworkError" and "retry" in info.value.hint
    # fast: two retries, with backoffs of ~0.01 s and ~0.02 s (plus at most a quarter of jitter)
    assert len(waits) == 2 and 0.01 <= waits[0] <= 0.0125 and 0.02 <= waits[1] <= 0.025


def test_5xx_is_retried_a_bounded_number_of_times(localoss_factory) -> None:
    server = localoss_factory(seed="demo", big_objects=0, error_rate=1.0)
    gw = OssGateway(_profile(server), retries=2, backoff=0.01)
    with pytest.raises(RemoteError) as info:
        gw.list_buckets()
    assert info.value.status >= 500
    assert server.stats["injected_errors"] == 3  # one try and two retries
    server.set_faults(error_rate=0.5, seed=7)
    flaky = OssGateway(_profile(server), retries=6, backoff=0.001)
    assert flaky.list_buckets().items


def test_timeouts_are_named(localoss_factory) -> None:
    server = localoss_factory(seed="demo", big_objects=0, latency=1.0)
    gw = OssGateway(_profile(server), timeout=0.2, retries=0)
    with pytest.raises(RemoteError) as info:
        gw.list_buckets()
    assert info.value.code == "Timeout"
