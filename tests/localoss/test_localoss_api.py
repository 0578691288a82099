"""Every localoss API, driven by real oss2 2.19.1 over HTTP, signed with V1 and with V4 (header form)."""

from __future__ import annotations

import oss2
import pytest

from .helpers import AK, SK, fetch, make_bucket

ODD_KEYS = [
    "odd names/hello world.txt",
    "odd names/中文文件.txt",
    "odd names/a+b.txt",
    "odd names/100%.txt",
    "odd names/#hash.txt",
    "odd names/tilde~and=eq&amp.txt",
]


def _service(srv, sig: str) -> oss2.Service:
    if sig == "v1":
        return oss2.Service(oss2.Auth(AK, SK), srv.endpoint)
    return oss2.Service(oss2.AuthV4(AK, SK), srv.endpoint, region="cn-hangzhou")


# ---- service and bucket level ----------------------------------------------------------------------


def test_list_buckets_reports_this_server_as_each_endpoint(localoss, sig):
    result = _service(localoss, sig).list_buckets()
    by_name = {b.name: b for b in result.buckets}
    assert sorted(by_name) == ["big", "demo-assets", "demo-shanghai", "demo-versions"]
    assert by_name["demo-shanghai"].location == "oss-cn-shanghai"
    assert by_name["demo-shanghai"].region == "cn-shanghai"
    assert by_name["demo-assets"].region == "cn-hangzhou"
    for b in result.buckets:
        assert b.extranet_endpoint == localoss.host_port
        assert b.intranet_endpoint == localoss.host_port
        assert b.storage_class == "Standard"


def test_list_buckets_pages_with_prefix_and_marker(localoss, sig):
    service = _service(localoss, sig)
    names = [b.name for b in oss2.BucketIterator(service, max_keys=1)]
    assert names == ["big", "demo-assets", "demo-shanghai", "demo-versions"]
    assert [b.name for b in oss2.BucketIterator(service, prefix="demo-", max_keys=2)] == names[1:]
    page = service.list_buckets(marker="demo-assets", max_keys=1)
    assert [b.name for b in page.buckets] == ["demo-shanghai"]
    assert page.is_truncated and page.next_marker == "demo-shanghai"


def test_v4_list_buckets_accepts_any_region(localoss):
    service = oss2.Service(oss2.AuthV4(AK, SK), localoss.endpoint, region="eu-central-1")
    assert len(service.list_buckets().buckets) == 4


def test_bucket_info_and_location(bucket_of, localoss):
    info = bucket_of("demo-shanghai").get_bucket_info()
    assert info.name == "demo-shanghai"
    assert info.location == "oss-cn-shanghai"
    assert info.extranet_endpoint == localoss.host_port
    assert info.acl.grant == "private"
    assert info.versioning_status is None
    assert bucket_of("demo-versions").get_bucket_info().versioning_status == "Enabled"
    assert bucket_of("demo-shanghai").get_bucket_location().location == "oss-cn-shanghai"


def test_put_bucket_then_versioning_round_trip(localoss_factory, sig):
    srv = localoss_factory(seed="empty")
    bucket = make_bucket(srv, "fresh-bucket", sig, region="cn-beijing")
    bucket.create_bucket(oss2.BUCKET_ACL_PUBLIC_READ)
    info = bucket.get_bucket_info()
    # V4 takes the new bucket's region from the credential; V1 gets the server default.
    assert info.location == ("oss-cn-beijing" if sig == "v4" else "oss-cn-hangzhou")
    assert info.acl.grant == "public-read"
    bucket = make_bucket(srv, "fresh-bucket", sig)
    assert bucket.get_bucket_versioning().status is None
    config = oss2.models.BucketVersioningConfig()
    config.status = oss2.BUCKET_VERSIONING_ENABLE
    bucket.put_bucket_versioning(config)
    assert bucket.get_bucket_versioning().status == "Enabled"
    config.status = oss2.BUCKET_VERSIONING_SUSPEND
    bucket.put_bucket_versioning(config)
    assert bucket.get_bucket_versioning().status == "Suspended"
    with pytest.raises(oss2.exceptions.ServerError) as exc:
        bucket.create_bucket()
    assert (exc.value.status, exc.value.code) == (409, "BucketAlreadyExists")


def test_unknown_bucket_is_no_such_bucket(localoss, sig):
    with pytest.raises(oss2.exceptions.NoSuchBucket):
        make_bucket(localoss, "no-such-bucket", sig).get_object("x")


# ---- listing ---------------------------------------------------------------------------------------


def test_list_v2_delimiter_gives_common_prefixes(bucket_of):
    result = bucket_of("demo-assets").list_objects_v2(delimiter="/")
    assert [o.key for o in result.object_list] == ["README.txt"]
    assert result.prefix_list == ["docs/", "images/", "odd names/", "storage-classes/"]
    nested = bucket_of("demo-assets").list_objects_v2(prefix="docs/", delimiter="/")
    assert nested.object_list == [] and nested.prefix_list == ["docs/2024/", "docs/2025/"]
    deeper = bucket_of("demo-assets").list_objects_v2(prefix="docs/2024/", delimiter="/")
    assert [o.key for o in deeper.object_list] == ["docs/2024/report.txt"]
    assert deeper.prefix_list == ["docs/2024/q1/"]


def test_list_v1_delimiter_and_owner(bucket_of):
    result = bucket_of("demo-assets").list_objects(prefix="images/", delimiter="/")
    assert [o.key for o in result.object_list] == ["images/banner.png", "images/logo.png", "images/photo.jpg"]
    assert all(o.owner is not None and o.size > 0 for o in result.object_list)
    assert all(o.etag and o.etag == o.etag.upper() for o in result.object_list)


def test_list_keeps_special_characters_in_utf8_order(bucket_of):
    for encoding in ("url", None):
        kwargs = {} if encoding else {"encoding_type": ""}
        result = bucket_of("demo-assets").list_objects_v2(prefix="odd names/", **kwargs)
        keys = [o.key for o in result.object_list]
        assert keys == sorted(ODD_KEYS, key=lambda k: k.encode("utf-8"))


def test_list_v2_fetch_owner_and_start_after(bucket_of):
    bucket = bucket_of("demo-assets")
    assert all(o.owner is None for o in bucket.list_objects_v2(prefix="images/").object_list)
    assert all(
        o.owner is not None for o in bucket.list_objects_v2(prefix="images/", fetch_owner=True).object_list
    )
    after = bucket.list_objects_v2(prefix="images/", start_after="images/banner.png")
    assert [o.key for o in after.object_list] == ["images/logo.png", "images/photo.jpg"]


@pytest.mark.parametrize("max_keys", [0, 1001])
def test_max_keys_out_of_range_is_invalid_argument(bucket_of, max_keys):
    with pytest.raises(oss2.exceptions.InvalidArgument):
        bucket_of("demo-assets").list_objects_v2(max_keys=max_keys)


def test_bad_encoding_type_is_invalid_argument(bucket_of):
    with pytest.raises(oss2.exceptions.InvalidArgument):
        bucket_of("demo-assets").list_objects_v2(encoding_type="base64")


@pytest.fixture(scope="module")
def paging_server():
    """A server holding a 2,500-key prefix (plus neighbours outside it) in a versioned bucket."""
    from oss_share_tui.localoss.server import LocalOSS

    with LocalOSS(seed="empty") as srv:
        srv.store.create_bucket("paging", versioning="Enabled")
        keys = [f"many/{i:04d}.txt" for i in range(2480)]
        keys += [f"many/sub {i}/x.txt" for i in range(5)] + [f"many/é{i}" for i in range(5)]
        keys += [f"many/中{i}" for i in range(5)] + [
            "many/+plus",
            "many/%25",
            "many/#",
            "many/ space",
            "many/~",
        ]
        keys += [f"many/{i:04d}.v" for i in range(5)]
        keys = keys[:2500]
        for key in keys:
            srv.store.put_object("paging", key, key.encode())
        for key in keys[::500]:
            srv.store.put_object("paging", key, b"second version")
        for key in ("many", "many.", "man", "other/x", "many0"):
            srv.store.put_object("paging", key, b"outside the prefix")
        yield srv, sorted(keys)


def test_paging_2500_keys_v1(paging_server, sig):
    srv, keys = paging_server
    bucket = make_bucket(srv, "paging", sig)
    listed = [o.key for o in oss2.ObjectIterator(bucket, prefix="many/", max_keys=7)]
    assert listed == keys


def test_paging_2500_keys_v2(paging_server, sig):
    srv, keys = paging_server
    bucket = make_bucket(srv, "paging", sig)
    listed = [o.key for o in oss2.ObjectIteratorV2(bucket, prefix="many/", max_keys=7)]
    assert listed == keys


def test_paging_2500_keys_versions(paging_server, sig):
    srv, keys = paging_server
    bucket = make_bucket(srv, "paging", sig)
    seen: list[tuple[str, str]] = []
    key_marker = version_marker = ""
    while True:
        page = bucket.list_object_versions(
            prefix="many/", key_marker=key_marker, versionid_marker=version_marker, max_keys=7
        )
        batch = [(v.key, v.versionid, v.last_modified) for v in page.versions]
        assert len(batch) + len(page.delete_marker) <= 7
        seen += [(k, vid) for k, vid, _ in batch]
        if not page.is_truncated:
            break
        key_marker, version_marker = page.next_key_marker, page.next_versionid_marker
    expected = []
    for key in keys:
        versions = srv.store.buckets["paging"].objects[key]
        expected += [(key, v.version_id) for v in versions]
    assert seen == expected
    assert len({k for k, _ in seen}) == 2500


def test_paging_with_delimiter_counts_prefixes(paging_server, sig):
    srv, keys = paging_server
    bucket = make_bucket(srv, "paging", sig)
    items = [
        (o.key, o.is_prefix())
        for o in oss2.ObjectIteratorV2(bucket, prefix="many/", delimiter="/", max_keys=40)
    ]
    expected_prefixes = sorted({k[: k.index("/", 5) + 1] for k in keys if "/" in k[5:]})
    assert [k for k, is_prefix in items if is_prefix] == expected_prefixes
    assert [k for k, is_prefix in items if not is_prefix] == [k for k in keys if "/" not in k[5:]]
    v1 = [o.key for o in oss2.ObjectIterator(bucket, prefix="many/", delimiter="/", max_keys=33)]
    assert v1 == [k for k, _ in items]


def test_big_bucket_first_page_and_continuation(bucket_of):
    bucket = bucket_of("big")
    first = bucket.list_objects_v2(prefix="logs/", max_keys=1000)
    assert len(first.object_list) == 1000 and first.is_truncated
    assert first.object_list[0].key == "logs/part-000000.log"
    assert first.object_list[-1].key == "logs/part-000999.log"
    second = bucket.list_objects_v2(
        prefix="logs/", max_keys=3, continuation_token=first.next_continuation_token
    )
    assert [o.key for o in second.object_list] == [f"logs/part-{i:06d}.log" for i in (1000, 1001, 1002)]
    last = bucket.list_objects(prefix="logs/", marker="logs/part-099998.log")
    assert [o.key for o in last.object_list] == ["logs/part-099999.log"] and not last.is_truncated
    root = bucket.list_objects_v2(delimiter="/")
    assert root.prefix_list == ["logs/"] and root.object_list == []


def test_big_object_body_matches_listing(bucket_of):
    bucket = bucket_of("big")
    listed = bucket.list_objects_v2(prefix="logs/part-00004", max_keys=1).object_list[0]
    body = bucket.get_object(listed.key).read()
    assert len(body) == listed.size
    head = bucket.head_object(listed.key)
    assert head.etag == listed.etag and head.content_length == listed.size


def test_synthetic_keys_merge_with_real_keys(localoss_factory, sig):
    srv = localoss_factory(seed="empty")
    srv.store.create_bucket("mixed")
    srv.store.add_synthetic_prefix("mixed", "logs/", 50)
    for key in ("logs/part-000010.log", "logs/part-000010.log.bak", "logs/a", "logs/zzz", "a.txt"):
        srv.store.put_object("mixed", key, b"real " + key.encode())
    srv.store.delete_object("mixed", "logs/part-000020.log")
    bucket = make_bucket(srv, "mixed", sig)
    listed = [o.key for o in oss2.ObjectIteratorV2(bucket, prefix="logs/", max_keys=6)]
    expected = sorted(
        {f"logs/part-{i:06d}.log" for i in range(50)} - {"logs/part-000020.log"}
        | {"logs/part-000010.log.bak", "logs/a", "logs/zzz"}
    )
    assert listed == expected
    assert bucket.get_object("logs/part-000010.log").read() == b"real logs/part-000010.log"
    with pytest.raises(oss2.exceptions.NoSuchKey):
        bucket.get_object("logs/part-000020.log")


# ---- objects -----------------------------------------------------------------------------------------


def test_get_special_character_keys(bucket_of):
    bucket = bucket_of("demo-assets")
    for key in ODD_KEYS:
        assert bucket.get_object(key).read().endswith(b"\n")
        assert bucket.head_object(key).content_type == "text/plain"


def test_images_have_content_types_and_magic(bucket_of):
    bucket = bucket_of("demo-assets")
    png = bucket.get_object("images/logo.png")
    assert png.content_type == "image/png" and png.read().startswith(b"\x89PNG\r\n\x1a\n")
    jpg = bucket.get_object("images/photo.jpg")
    data = jpg.read()
    assert jpg.content_type == "image/jpeg" and data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"


def test_put_get_head_delete_round_trip(localoss_factory, sig):
    srv = localoss_factory(seed="empty")
    srv.store.create_bucket("rw-bucket")
    bucket = make_bucket(srv, "rw-bucket", sig)
    body = bytes(range(256)) * 40
    put = bucket.put_object(
        "dir/data.bin", body, headers={"x-oss-meta-colour": "blue", "Content-Type": "application/x-test"}
    )
    assert put.etag and put.crc is not None  # oss2 already compared the CRC with its own
    got = bucket.get_object("dir/data.bin")
    assert got.read() == body
    assert got.headers["x-oss-meta-colour"] == "blue"
    assert got.content_type == "application/x-test"
    head = bucket.head_object("dir/data.bin")
    assert head.content_length == len(body) and head.etag == put.etag and head.object_type == "Normal"
    assert bucket.object_exists("dir/data.bin")
    bucket.delete_object("dir/data.bin")
    assert not bucket.object_exists("dir/data.bin")
    with pytest.raises(oss2.exceptions.NoSuchKey):
        bucket.get_object("dir/data.bin")
    with pytest.raises(oss2.exceptions.NotFound):
        bucket.head_object("dir/data.bin")


def test_put_with_wrong_content_md5_is_rejected(localoss_factory):
    srv = localoss_factory(seed="empty")
    srv.store.create_bucket("rw-bucket")
    with pytest.raises(oss2.exceptions.ServerError) as exc:
        make_bucket(srv, "rw-bucket").put_object(
            "k", b"abc", headers={"Content-MD5": "AAAAAAAAAAAAAAAAAAAAAA=="}
        )
    assert (exc.value.status, exc.value.code) == (400, "InvalidDigest")


@pytest.mark.parametrize(
    ("byte_range", "expected", "status"),
    [
        ((0, 4), b"notes", 206),
        ((6, None), b"v3\n", 206),
        ((None, 3), b"v3\n", 206),
        ((0, 100), b"notes v3\n", 206),
    ],
)
def test_range_returns_206_and_content_range(bucket_of, byte_range, expected, status):
    got = bucket_of("demo-versions").get_object("notes.txt", byte_range=byte_range)
    assert got.status == status
    assert got.read() == expected
    assert got.content_range.startswith("bytes ") and got.content_range.endswith("/9")


def test_unsatisfiable_range_returns_whole_object(bucket_of):
    got = bucket_of("demo-versions").get_object("notes.txt", byte_range=(50, 60))
    assert got.status == 200 and got.read() == b"notes v3\n"


def test_response_overrides_set_headers(bucket_of):
    params = {
        "response-content-type": "text/x-demo",
        "response-content-disposition": 'attachment; filename="notes.txt"',
        "response-cache-control": "no-store",
        "response-content-language": "en",
        "response-expires": "Thu, 01 Jan 2026 00:00:00 GMT",
        "response-content-encoding": "identity",
    }
    got = bucket_of("demo-versions").get_object("notes.txt", params=params)
    assert got.headers["Content-Type"] == "text/x-demo"
    assert got.headers["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert got.headers["Cache-Control"] == "no-store"
    assert got.headers["Content-Language"] == "en"
    assert got.headers["Expires"] == "Thu, 01 Jan 2026 00:00:00 GMT"
    assert got.headers["Content-Encoding"] == "identity"


def test_traffic_limit_header_range_checked(bucket_of):
    bucket = bucket_of("demo-versions")
    assert bucket.get_object("notes.txt", headers={"x-oss-traffic-limit": "819200"}).read() == b"notes v3\n"
    with pytest.raises(oss2.exceptions.InvalidArgument) as exc:
        bucket.get_object("notes.txt", headers={"x-oss-traffic-limit": "100"})
    assert exc.value.ec == "0004-00000502"


def test_every_response_has_oss_headers(localoss):
    status, headers, body = fetch(localoss.endpoint + "/demo-assets/README.txt")
    assert status == 403
    assert headers["Server"] == "AliyunOSS"
    assert "Date" in headers
    request_id = headers["x-oss-request-id"]
    assert len(request_id) == 24 and int(request_id, 16) >= 0
    assert headers["Content-Type"] == "application/xml"
    assert b"xmlns" not in body


def test_virtual_host_style_routing(localoss):
    bucket = oss2.Bucket(oss2.AuthV4(AK, SK), localoss.endpoint, "demo-assets", region="cn-hangzhou")
    url = bucket.sign_url("GET", "README.txt", 60)
    # The same request addressed virtual-host style: Host names the bucket, the path holds only the key.
    path_style = url.replace("/demo-assets/", "/", 1)
    status, _, body = fetch(path_style, headers={"Host": f"demo-assets.localhost:{localoss.port}"})
    assert status == 200 and body.startswith(b"localoss demo bucket")


@pytest.mark.parametrize("max_keys", [1, 2, 3])
def test_pages_that_end_on_a_common_prefix_continue_past_it(bucket_of, max_keys):
    bucket = bucket_of("demo-assets")
    v2 = [o.key for o in oss2.ObjectIteratorV2(bucket, delimiter="/", max_keys=max_keys)]
    v1 = [o.key for o in oss2.ObjectIterator(bucket, delimiter="/", max_keys=max_keys)]
    assert v2 == v1 == ["README.txt", "docs/", "images/", "odd names/", "storage-classes/"]
    nested = [o.key for o in oss2.ObjectIteratorV2(bucket, prefix="docs/", delimiter="/", max_keys=max_keys)]
    assert nested == ["docs/2024/", "docs/2025/"]
