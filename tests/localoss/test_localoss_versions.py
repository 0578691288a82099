"""Versioning through oss2: versions newest first, delete markers, GET by versionId, the null version."""

from __future__ import annotations

import oss2
import pytest

from .helpers import make_bucket


def _all_versions(bucket: oss2.Bucket, prefix: str = "") -> list[tuple[str, str, bool, bool]]:
    """(key, version id, is_latest, is_delete_marker) in listing order, paging by hand."""
    out = []
    key_marker = vid_marker = ""
    while True:
        page = bucket.list_object_versions(
            prefix=prefix, key_marker=key_marker, versionid_marker=vid_marker, max_keys=2
        )
        # oss2 splits versions and delete markers into two lists; merge them back into wire order.
        items = [(v.key, v.versionid, v.is_latest, False, v.last_modified) for v in page.versions]
        items += [(d.key, d.versionid, d.is_latest, True, d.last_modified) for d in page.delete_marker]
        items.sort(key=lambda i: (i[0], -i[4]))
        out += [i[:4] for i in items]
        if not page.is_truncated:
            return out
        key_marker, vid_marker = page.next_key_marker, page.next_versionid_marker


def test_versions_newest_first_with_delete_marker(bucket_of, localoss):
    listed = _all_versions(bucket_of("demo-versions"))
    stored = localoss.store.buckets["demo-versions"].objects
    assert [k for k, *_ in listed] == [
        "config.json",
        "deleted.txt",
        "deleted.txt",
        "deleted.txt",
        "legacy.txt",
        "notes.txt",
        "notes.txt",
        "notes.txt",
    ]
    deleted = [row for row in listed if row[0] == "deleted.txt"]
    assert deleted[0][2:] == (True, True)  # the delete marker is current
    assert [row[3] for row in deleted] == [True, False, False]
    notes = [row for row in listed if row[0] == "notes.txt"]
    assert [row[1] for row in notes] == [v.version_id for v in stored["notes.txt"]]
    assert [row[2] for row in notes] == [True, False, False]
    assert ("legacy.txt", "null", True, False) in listed


def test_get_by_version_id_returns_that_versions_bytes(bucket_of, localoss):
    bucket = bucket_of("demo-versions")
    ids = [v.version_id for v in localoss.store.buckets["demo-versions"].objects["notes.txt"]]
    bodies = [bucket.get_object("notes.txt", params={"versionId": vid}).read() for vid in ids]
    assert bodies == [b"notes v3\n", b"notes v2\n", b"notes v1\n"]
    assert bucket.get_object("notes.txt").read() == b"notes v3\n"
    head = bucket.head_object("notes.txt", params={"versionId": ids[1]})
    assert head.versionid == ids[1] and head.content_length == 9


def test_head_on_deleted_key_is_404_with_delete_marker(bucket_of):
    bucket = bucket_of("demo-versions")
    with pytest.raises(oss2.exceptions.NotFound) as exc:
        bucket.head_object("deleted.txt")
    assert exc.value.status == 404
    assert exc.value.headers["x-oss-delete-marker"] == "true"
    assert exc.value.code == "NoSuchKey"
    with pytest.raises(oss2.exceptions.NoSuchKey) as exc:
        bucket.get_object("deleted.txt")
    assert exc.value.headers["x-oss-delete-marker"] == "true"


def test_deleted_key_hidden_from_listing_but_old_versions_readable(bucket_of, localoss):
    bucket = bucket_of("demo-versions")
    assert [o.key for o in bucket.list_objects_v2().object_list] == ["config.json", "legacy.txt", "notes.txt"]
    versions = localoss.store.buckets["demo-versions"].objects["deleted.txt"]
    assert (
        bucket.get_object("deleted.txt", params={"versionId": versions[1].version_id}).read()
        == b"deleted v2\n"
    )


def test_delete_marker_version_id_is_method_not_allowed(bucket_of, localoss):
    marker = localoss.store.buckets["demo-versions"].objects["deleted.txt"][0]
    with pytest.raises(oss2.exceptions.ServerError) as exc:
        bucket_of("demo-versions").get_object("deleted.txt", params={"versionId": marker.version_id})
    assert (exc.value.status, exc.value.code) == (405, "MethodNotAllowed")


def test_unknown_version_id_is_no_such_version(bucket_of):
    with pytest.raises(oss2.exceptions.ServerError) as exc:
        bucket_of("demo-versions").get_object("notes.txt", params={"versionId": "CAEQnotARealVersionId"})
    assert (exc.value.status, exc.value.code) == (404, "NoSuchVersion")


def test_put_and_delete_on_a_versioned_bucket(localoss_factory, sig):
    srv = localoss_factory(seed="empty")
    srv.store.create_bucket("vers", versioning="Enabled")
    bucket = make_bucket(srv, "vers", sig)
    first = bucket.put_object("k.txt", b"one").versionid
    second = bucket.put_object("k.txt", b"two").versionid
    assert first and second and first != second
    deleted = bucket.delete_object("k.txt")
    assert deleted.delete_marker and deleted.versionid not in (first, second)
    assert not bucket.object_exists("k.txt")
    # Removing the delete marker brings the previous version back.
    removed = bucket.delete_object("k.txt", params={"versionId": deleted.versionid})
    assert removed.delete_marker and removed.versionid == deleted.versionid
    assert bucket.get_object("k.txt").read() == b"two"
    bucket.delete_object("k.txt", params={"versionId": second})
    assert bucket.get_object("k.txt").read() == b"one"


def test_suspended_versioning_writes_the_null_version(localoss_factory, sig):
    srv = localoss_factory(seed="empty")
    srv.store.create_bucket("susp", versioning="Enabled")
    bucket = make_bucket(srv, "susp", sig)
    kept = bucket.put_object("k.txt", b"versioned").versionid
    srv.store.set_versioning("susp", "Suspended")
    assert bucket.put_object("k.txt", b"null one").versionid == "null"
    assert bucket.put_object("k.txt", b"null two").versionid == "null"
    listed = _all_versions(bucket)
    assert [(k, v) for k, v, *_ in listed] == [("k.txt", "null"), ("k.txt", kept)]
    assert bucket.get_object("k.txt", params={"versionId": "null"}).read() == b"null two"
