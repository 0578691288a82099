"""Issue 15's gateway fixes, each against a response body written by others (see each fixture's source):
a key equal to the prefix is listed, tokens round-trip decoded, GetBucketInfo answers when ListBuckets
cannot be read, a versions page without its version marker is refused, EC codes are kept, and a zone-less
time is UTC."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import oss2
import pytest

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.storage.gateway import OssGateway

from .server import load


def test_an_object_whose_key_is_the_prefix_is_listed(replay, gateway) -> None:
    # Go v2 SDK's own asserts for this body: Contents[0].Key == "a", Size 25, 2020-05-18T05:45:43Z.
    replay.answer("lov2-key-equals-prefix")
    page = gateway.list_prefix("examplebucket", "a", delimiter="")
    assert [(e.key, e.size) for e in page.items] == [("a", 25), ("a/b", 25)]
    assert page.items[0].last_modified == datetime(2020, 5, 18, 5, 45, 43, tzinfo=timezone.utc)
    assert not page.items[0].is_prefix


def test_key_equal_to_prefix_agrees_with_oss2(replay, gateway, oss2_bucket) -> None:
    replay.answer("lov2-key-equals-prefix-typed")
    ours = gateway.list_prefix("examplebucket", "a")
    theirs = oss2_bucket().list_objects_v2(prefix="a", delimiter="/")
    assert [e.key for e in ours.items if not e.is_prefix] == [o.key for o in theirs.object_list] == ["a"]
    assert [e.key for e in ours.items if e.is_prefix] == theirs.prefix_list == ["a/"]


def test_only_the_zero_byte_folder_marker_of_the_place_is_hidden(replay, gateway) -> None:
    replay.answer("lov2-folder-marker")
    page = gateway.list_prefix("examplebucket", "a/")
    assert [(e.key, e.is_prefix) for e in page.items] == [("a/b/", True), ("a/b", False)]


def test_a_percent_encoded_token_goes_back_decoded(replay, gateway, oss2_bucket) -> None:
    # The first page's token is `CgJiYw%2F%2B%3D%3D` in an encoding-type=url body; every official SDK
    # decodes it. The replay server answers the second page only for the decoded token `CgJiYw/+==`
    # (what it reads from the wire after one round of query decoding).
    pages = {None: "lov2-truncated-page1", "CgJiYw/+==": "lov2-truncated-page2"}
    replay.by_query("continuation-token", pages)
    oracle = oss2_bucket().list_objects_v2(prefix="", max_keys=3)
    replay.requests.clear()
    first = gateway.list_prefix("examplebucket", "", delimiter="", max_keys=3)
    assert first.next_token == oracle.next_continuation_token == "CgJiYw/+=="
    second = gateway.list_prefix("examplebucket", "", first.next_token, delimiter="", max_keys=3)
    assert [e.key for e in first.items + second.items] == ["b/c", "ba", "bc", "c"]
    assert second.next_token is None
    sent = [r.query.get("continuation-token", "") for r in replay.requests]
    assert sent == ["", "CgJiYw/+=="]

    # oss2 itself, given the same token, sends the same bytes: one request the server also accepts.
    replay.requests.clear()
    oss2_bucket().list_objects_v2(prefix="", continuation_token=oracle.next_continuation_token, max_keys=3)
    assert replay.requests[0].query["continuation-token"] == "CgJiYw/+=="


def test_bucket_info_asks_get_bucket_info_when_list_buckets_cannot_be_read(replay, gateway) -> None:
    def route(request):
        return load("get-bucket-info" if "bucketInfo" in request.query else "list-buckets-unparseable")

    replay.route = route
    with pytest.raises(RuntimeError, match="could not be found"):  # the body really is unreadable to oss2
        oss2.Service(oss2.AnonymousAuth(), replay.endpoint).list_buckets()
    replay.requests.clear()
    fresh = OssGateway(gateway.profile, timeout=5.0, retries=0)
    info = fresh.bucket_info("oss-example")
    # The Go v2 SDK's asserts for this GetBucketInfo body.
    assert (info.name, info.location, info.region) == ("oss-example", "oss-cn-hangzhou", "cn-hangzhou")
    assert info.extranet_endpoint == "oss-cn-hangzhou.aliyuncs.com"
    assert info.created == datetime(2013, 7, 31, 10, 56, 21, tzinfo=timezone.utc)
    assert [("bucketInfo" in r.query) for r in replay.requests] == [False, True]


def test_a_versions_page_cut_inside_one_key_pages_on_with_its_version_marker(replay, gateway) -> None:
    replay.answer("versions-same-key-truncated")
    page = gateway.list_versions("demo-bucket", "demo/")
    assert page.next_token == ("demo/", "CAEQFxiBgICI173TtRgiIDFlMmYyMzFjNmJmMDQ0NTBiNmIyYThkZjA1YjA5****")
    gateway.list_versions("demo-bucket", "demo/", page.next_token)
    sent = replay.requests[-1].query  # decoded once from the wire: the plain key and version id
    assert (sent["key-marker"], sent["version-id-marker"]) == page.next_token


def test_a_versions_page_without_its_version_marker_is_refused_as_oss2_does(
    replay, gateway, oss2_bucket
) -> None:
    replay.answer("versions-no-version-marker")
    with pytest.raises(RuntimeError, match="NextVersionIdMarker"):
        oss2_bucket("demo-bucket").list_object_versions(prefix="demo/", delimiter="/")
    with pytest.raises(RemoteError) as caught:
        gateway.list_versions("demo-bucket", "demo/")
    assert caught.value.code == "BadResponse"
    assert "NextVersionIdMarker" in str(caught.value)


def test_the_ec_code_of_an_error_document_is_kept_and_shown(replay, gateway, oss2_bucket) -> None:
    replay.answer("error-nosuchbucket-ec")
    with pytest.raises(oss2.exceptions.NoSuchBucket) as theirs:
        oss2_bucket().list_objects_v2(prefix="")
    with pytest.raises(RemoteError) as ours:
        gateway.list_prefix("examplebucket", "")
    assert ours.value.ec == theirs.value.ec == "0015-00000101"
    assert "(EC 0015-00000101)" in ours.value.one_line()


@pytest.mark.parametrize(("fixture", "ec"), [("error-head-ec", "0026-00000001"),
                                             ("error-head-ec-header-only", "0003-00000001")])
def test_the_ec_code_of_a_head_error_is_kept(replay, gateway, fixture, ec) -> None:
    replay.answer(fixture)
    with pytest.raises(RemoteError) as caught:
        gateway.head_object("examplebucket", "paicoding/d2786097e271ba2ac5d129c43c9dfa7e.png")
    assert caught.value.ec == ec


@pytest.fixture
def far_from_utc(monkeypatch):
    """This machine's local time is UTC+8, so reading a time as local shows."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_time_without_a_zone_is_utc(replay, gateway, far_from_utc) -> None:
    body = load("get-bucket-info").body.replace(b"2013-07-31T10:56:21.000Z", b"2013-07-31T10:56:21.000")
    replay.route = lambda request: type(load("get-bucket-info"))("zoneless", (), 200, (), body)
    fresh = OssGateway(gateway.profile, timeout=5.0, retries=0)
    # ListBuckets gets the same (wrong-root) body, cannot use it, and GetBucketInfo answers.
    info = fresh.bucket_info("oss-example")
    assert info.created == datetime(2013, 7, 31, 10, 56, 21, tzinfo=timezone.utc)
