"""Response bodies written by others (OSS's API reference, the official SDKs' test suites; each fixture names
its source) replayed through `OssGateway` from a loopback server, and compared field by field with what oss2
makes of the very same answer from the same server."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import unquote

import oss2
import pytest

from oss_share_tui.core.restore import parse_restore, storage_label

from .server import all_fixtures, load

LISTINGS_OSS2_READS = [
    "lov2-key-equals-prefix-typed", "lov2-folder-marker", "lov2-truncated-page1", "lov2-truncated-page2",
    "lov2-control-chars-restore", "lov2-storage-classes-types", "lov2-empty",
]


def _element(body: bytes, tag: str) -> str | None:
    """One top-level element's text, decoded when the body is URL-encoded (a regex, not our parser)."""
    match = re.search(rf"<{tag}>([^<]*)</{tag}>".encode(), body)
    if match is None:
        return None
    text = match.group(1).decode()
    return unquote(text) if b"<EncodingType>url</EncodingType>" in body else text


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def test_every_fixture_names_its_source() -> None:
    names = all_fixtures()
    assert len(names) >= 20
    for name in names:
        fixture = load(name)
        assert fixture.sources and "source:" in fixture.sources[0], name


@pytest.mark.parametrize("name", LISTINGS_OSS2_READS)
def test_list_objects_v2_agrees_with_oss2_field_by_field(replay, gateway, oss2_bucket, name) -> None:
    body = load(name).body
    prefix = _element(body, "Prefix") or ""
    delimiter = _element(body, "Delimiter") or ""
    replay.answer(name)
    theirs = oss2_bucket().list_objects_v2(prefix=prefix, delimiter=delimiter)
    ours = gateway.list_prefix("examplebucket", prefix, delimiter=delimiter)

    objects = [e for e in ours.items if not e.is_prefix]
    folders = [e.key for e in ours.items if e.is_prefix]
    # The one deliberate difference: the zero-byte marker of the place listed is not a row.
    expected = [o for o in theirs.object_list
                if not (o.key == prefix and o.key.endswith("/") and o.size == 0)]
    assert [e.key for e in objects] == [o.key for o in expected]
    for entry, obj in zip(objects, expected, strict=True):
        assert entry.size == obj.size
        assert entry.etag == obj.etag
        assert entry.object_type == obj.type
        assert entry.storage_class == obj.storage_class
        assert _epoch(entry.last_modified) == obj.last_modified
        assert entry.restore == (obj.restore_info or "")
    assert folders == theirs.prefix_list
    assert ours.next_token == (theirs.next_continuation_token if theirs.is_truncated else None)


def test_keys_with_control_characters_come_back_decoded(replay, gateway, oss2_bucket) -> None:
    replay.answer("lov2-control-chars-restore")
    expected = "go-sdk-v1" + "".join(chr(code) for code in range(0x01, 0x20))  # the %01..%1F in the body
    ours = [e.key for e in gateway.list_prefix("examplebucket", "", delimiter="").items]
    theirs = [o.key for o in oss2_bucket().list_objects_v2(prefix="").object_list]
    assert ours[2] == theirs[2] == expected


def test_a_body_without_type_is_read_though_oss2_refuses_it(replay, gateway, oss2_bucket) -> None:
    # The Go v2 SDK's ListObjectsV2 test body has no <Type>: that SDK reads it, oss2 cannot.
    replay.answer("lov2-key-equals-prefix")
    with pytest.raises(RuntimeError, match="Type could not be found"):
        oss2_bucket().list_objects_v2(prefix="a")
    entries = gateway.list_prefix("examplebucket", "a", delimiter="").items
    assert [(e.key, e.object_type, e.storage_class) for e in entries] == [("a", "", "STANDARD"),
                                                                          ("a/b", "", "STANDARD")]


def test_empty_page(replay, gateway, oss2_bucket) -> None:
    replay.answer("lov2-empty")
    theirs = oss2_bucket().list_objects_v2(prefix="nothing-here/", delimiter="/")
    ours = gateway.list_prefix("examplebucket", "nothing-here/")
    assert ours.items == () and theirs.object_list == [] and theirs.prefix_list == []
    assert ours.next_token is None and not theirs.is_truncated


def test_storage_classes_object_types_and_restore_states(replay, gateway) -> None:
    replay.answer("lov2-storage-classes-types")
    rows = {e.name: e for e in gateway.list_prefix("examplebucket", "fun/").items}
    types = {name: e.object_type for name, e in rows.items() if not e.is_prefix}
    assert types == {"append.log": "Appendable", "cold-frozen.avi": "Normal", "cold-restored.jpg": "Normal",
                     "deep-restored.txt": "Multipart", "frozen.zip": "Normal", "ia.bin": "Normal",
                     "link-to-oss.jpg": "Symlink", "restoring.zip": "Normal"}
    # Labels as of 2024-11-01: the ColdArchive copy is readable until the expiry-date its RestoreInfo gives
    # (Fri, 08 Nov 2024 08:15:52 GMT); the DeepColdArchive one expired on Sat, 05 Nov 2022.
    now = datetime(2024, 11, 1, tzinfo=timezone.utc)
    labels = {name: storage_label(e.storage_class, e.restore, now)
              for name, e in rows.items() if not e.is_prefix}
    assert labels == {
        "append.log": "Standard",
        "cold-frozen.avi": "ColdArchive (frozen)",
        "cold-restored.jpg": "ColdArchive (restored until 2024-11-08 08:15 UTC)",
        "deep-restored.txt": "DeepColdArchive (frozen)",
        "frozen.zip": "Archive (frozen)",
        "ia.bin": "IA",
        "link-to-oss.jpg": "Standard",
        "restoring.zip": "Archive (restoring)",
    }
    assert parse_restore(rows["cold-restored.jpg"].restore).expiry == datetime(2024, 11, 8, 8, 15, 52,
                                                                                tzinfo=timezone.utc)


def test_versions_agree_with_oss2_and_keep_the_bodys_order(replay, gateway, oss2_bucket) -> None:
    replay.answer("versions-demo")
    theirs = oss2_bucket("demo-bucket").list_object_versions(prefix="demo/", delimiter="/")
    ours = gateway.list_versions("demo-bucket", "demo/")
    by_id = {v.versionid: v for v in theirs.versions if v.key == "demo/"}
    markers = {m.versionid: m for m in theirs.delete_marker if m.key == "demo/"}
    pattern = rb"<Key>demo%2F</Key>\s*<VersionId>([^<]+)</VersionId>"
    body_order = [m.group(1).decode() for m in re.finditer(pattern, load("versions-demo").body)]
    assert [v.version_id for v in ours.items] == body_order
    assert len(body_order) == len(by_id) + len(markers) == 4
    for version in ours.items:
        other = markers.get(version.version_id) or by_id[version.version_id]
        assert version.is_delete_marker == (version.version_id in markers)
        assert version.is_latest == other.is_latest
        assert _epoch(version.last_modified) == other.last_modified
        if not version.is_delete_marker:
            assert (version.size, version.etag, version.storage_class) == (other.size, other.etag,
                                                                            other.storage_class)
            assert version.restore == (other.restore_info or "")
    assert ours.next_token is None  # the next key marker is past demo/: no more versions of it


def test_list_buckets_without_region(replay, gateway) -> None:
    replay.answer("list-buckets-no-region")
    theirs = oss2.Service(oss2.AnonymousAuth(), replay.endpoint).list_buckets()
    ours = gateway.list_buckets().items
    assert [b.name for b in ours] == [b.name for b in theirs.buckets] == ["app-base-oss", "atestleo23"]
    for bucket, other in zip(ours, theirs.buckets, strict=True):
        assert other.region is None  # not in the body: ours comes from Location
        assert (bucket.location, bucket.region) == (other.location, other.location.removeprefix("oss-"))
        assert (bucket.extranet_endpoint, bucket.intranet_endpoint) == (other.extranet_endpoint,
                                                                        other.intranet_endpoint)
        assert _epoch(bucket.created) == other.creation_date
        assert bucket.storage_class == other.storage_class


def test_get_bucket_info_agrees_with_oss2(replay, gateway, oss2_bucket) -> None:
    replay.route = lambda r: load("get-bucket-info" if "bucketInfo" in r.query else "list-buckets-no-region")
    theirs = oss2_bucket("oss-example").get_bucket_info()
    ours = gateway.bucket_info("oss-example")
    assert (ours.name, ours.location) == (theirs.name, theirs.location)
    assert ours.storage_class == theirs.storage_class
    assert (ours.extranet_endpoint, ours.intranet_endpoint) == (theirs.extranet_endpoint,
                                                                theirs.intranet_endpoint)
    assert ours.created == datetime.fromisoformat(theirs.creation_date.replace("Z", "+00:00"))


@pytest.mark.parametrize(("name", "label"), [
    ("head-archive-frozen", "Archive (frozen)"),
    ("head-coldarchive-restored", "ColdArchive (restored until 2017-04-16 08:12 UTC)"),
    ("head-deepcold-restoring", "DeepColdArchive (restoring)"),
])
def test_head_object_agrees_with_oss2(replay, gateway, oss2_bucket, name, label) -> None:
    replay.answer(name)
    theirs = oss2_bucket().head_object("exampleobject.txt")
    ours = gateway.head_object("examplebucket", "exampleobject.txt")
    assert ours.size == theirs.content_length == 344606
    assert (ours.etag, ours.object_type, ours.content_type) == (theirs.etag, theirs.object_type,
                                                                theirs.content_type)
    assert _epoch(ours.last_modified) == theirs.last_modified
    assert ours.storage_class == theirs.headers["x-oss-storage-class"]
    assert ours.restore == theirs.headers.get("x-oss-restore", "")
    now = datetime(2017, 4, 1, tzinfo=timezone.utc)
    assert storage_label(ours.storage_class, ours.restore, now) == label


def test_a_symlinks_details_name_its_target(replay, gateway, oss2_bucket) -> None:
    replay.route = lambda r: load("get-symlink" if "symlink" in r.query else "head-symlink")
    theirs = oss2_bucket().get_symlink("link-to-oss.jpg")
    ours = gateway.head_object("examplebucket", "link-to-oss.jpg")
    assert ours.object_type == "Symlink"
    assert ours.symlink_target == theirs.target_key == "example.jpg"
    assert [(r.method, "symlink" in r.query) for r in replay.requests] == [("GET", True), ("HEAD", False),
                                                                          ("GET", True)]
