"""Object types other than Normal (AppendObject, PutSymlink/GetSymlink, a seeded Multipart object) and
GetObjectMeta, against the OSS API pages' descriptions; driven by oss2 and by links from our signer."""

from __future__ import annotations

import hashlib

import oss2
import pytest

from oss_share_tui.core.options import build_share_options
from oss_share_tui.localoss.crc64 import crc64
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import sign_link

from .helpers import AK, SK, error_fields, fetch, make_bucket


@pytest.fixture
def srv(localoss_factory):
    server = localoss_factory(seed="demo", big_objects=0)
    server.store.create_bucket("types", region="cn-hangzhou")
    return server


def _get(srv, bucket: str, key: str) -> tuple[int, dict[str, str], bytes]:
    profile = Profile(endpoint=srv.endpoint, access_key_id=AK, access_key_secret=SK, region="cn-hangzhou")
    return fetch(sign_link(profile, bucket, key, build_share_options(timeout="5m")).url)


# ---- AppendObject ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", ["v1", "v4"])
def test_append_creates_and_extends_an_appendable_object(srv, sig):
    bucket = make_bucket(srv, "types", sig)
    first = bucket.append_object("log.txt", 0, b"line 1\n")
    assert first.next_position == 7
    second = bucket.append_object("log.txt", 7, b"line 2\n", init_crc=first.crc)  # oss2 checks the CRC
    assert second.next_position == 14
    assert second.crc == crc64(b"line 1\nline 2\n")
    head = bucket.head_object("log.txt")
    assert head.headers["x-oss-object-type"] == "Appendable"
    assert head.headers["x-oss-next-append-position"] == "14"
    assert bucket.get_object("log.txt").read() == b"line 1\nline 2\n"
    assert [o.type for o in oss2.ObjectIteratorV2(bucket)] == ["Appendable"]


def test_append_at_the_wrong_position_is_refused_with_the_right_one(srv):
    bucket = make_bucket(srv, "types")
    with pytest.raises(oss2.exceptions.OssError) as new:
        bucket.append_object("new.txt", 5, b"x")
    assert new.value.status == 409 and new.value.code == "PositionNotEqualToLength"
    assert new.value.headers["x-oss-next-append-position"] == "0"
    bucket.append_object("log.txt", 0, b"abc")
    with pytest.raises(oss2.exceptions.OssError) as err:
        bucket.append_object("log.txt", 2, b"x")
    assert err.value.status == 409 and err.value.code == "PositionNotEqualToLength"
    assert err.value.headers["x-oss-next-append-position"] == "3"
    assert bucket.get_object("log.txt").read() == b"abc"


def test_append_to_a_normal_object_is_refused(srv):
    bucket = make_bucket(srv, "types")
    bucket.put_object("normal.txt", b"abc")
    with pytest.raises(oss2.exceptions.OssError) as err:
        bucket.append_object("normal.txt", 3, b"x")
    assert err.value.status == 409 and err.value.code == "ObjectNotAppendable"


def test_append_keeps_a_storage_class_given_on_creation(srv):
    bucket = make_bucket(srv, "types")
    bucket.append_object("ia.log", 0, b"x", headers={"x-oss-storage-class": "IA"})
    assert bucket.head_object("ia.log").headers["x-oss-storage-class"] == "IA"


# ---- Symlink -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["images/logo.png", "odd names/中文文件.txt", "odd names/a+b.txt"])
def test_symlink_put_get_and_follow(srv, target):
    bucket = make_bucket(srv, "demo-assets")
    bucket.put_symlink(target, "links/the-link")
    assert bucket.get_symlink("links/the-link").target_key == target
    original = srv.store.get_object("demo-assets", target).body()
    status, headers, body = _get(srv, "demo-assets", "links/the-link")
    assert status == 200 and body == original
    head = bucket.head_object("links/the-link")
    assert head.headers["x-oss-object-type"] == "Symlink"
    assert int(head.headers["Content-Length"]) == len(original)
    listed = {o.key: o.type for o in oss2.ObjectIteratorV2(bucket, prefix="links/")}
    assert listed == {"links/the-link": "Symlink"}


def test_symlink_to_a_missing_target_and_get_symlink_on_a_normal_object(srv):
    bucket = make_bucket(srv, "types")
    bucket.put_object("target.txt", b"t")
    bucket.put_symlink("target.txt", "link")
    bucket.delete_object("target.txt")
    status, _, body = _get(srv, "types", "link")
    assert status == 404 and error_fields(body)["Code"] == "SymlinkTargetNotExist"
    with pytest.raises(oss2.exceptions.OssError) as err:
        bucket.get_symlink("link-less")
    assert err.value.status == 404 and err.value.code == "NoSuchKey"
    bucket.put_object("plain.txt", b"p")
    with pytest.raises(oss2.exceptions.OssError) as err:
        bucket.get_symlink("plain.txt")
    assert err.value.status == 400 and err.value.code == "NotSymlink"


# ---- the demo seed's kinds ---------------------------------------------------------------------------


def test_demo_seed_has_each_storage_class_and_type(localoss):
    bucket = make_bucket(localoss, "demo-assets")
    listed = {o.key: o for o in oss2.ObjectIteratorV2(bucket, prefix="storage-classes/")}
    kinds = {k.removeprefix("storage-classes/"): (o.storage_class, o.type) for k, o in listed.items()}
    assert kinds == {
        "app.log": ("Standard", "Appendable"),
        "archived-frozen.txt": ("Archive", "Normal"),
        "cold-restored.txt": ("ColdArchive", "Normal"),
        "infrequent-access.txt": ("IA", "Normal"),
        "logo-link.png": ("Standard", "Symlink"),
        "multipart.bin": ("Standard", "Multipart"),
    }
    # A multipart ETag: MD5 of the three parts' MD5s, then -3 (computed here from the seeded bytes).
    body = bucket.get_object("storage-classes/multipart.bin").read()
    parts = [body[i : i + 1024] for i in range(0, len(body), 1024)]
    expected = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest().upper() + "-3"
    assert listed["storage-classes/multipart.bin"].etag == expected
    head = bucket.head_object("storage-classes/multipart.bin")
    assert head.headers["x-oss-object-type"] == "Multipart" and "Content-MD5" not in head.headers
    # The frozen Archive object refuses reads; the restored ColdArchive one serves them.
    status, _, body = _get(localoss, "demo-assets", "storage-classes/archived-frozen.txt")
    assert status == 403 and error_fields(body)["Code"] == "InvalidObjectState"
    assert "x-oss-restore" not in bucket.head_object("storage-classes/archived-frozen.txt").headers
    status, _, _ = _get(localoss, "demo-assets", "storage-classes/cold-restored.txt")
    assert status == 200
    restore = bucket.head_object("storage-classes/cold-restored.txt").headers["x-oss-restore"]
    assert restore.startswith('ongoing-request="false", expiry-date="')
    # The symlink opens the logo.
    status, _, body = _get(localoss, "demo-assets", "storage-classes/logo-link.png")
    assert status == 200 and body == bucket.get_object("images/logo.png").read()
    assert bucket.get_bucket_style("thumb").content.startswith("image/resize")


# ---- GetObjectMeta -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", ["v1", "v4"])
def test_get_object_meta_reports_the_real_size(localoss, sig):
    bucket = make_bucket(localoss, "demo-assets", sig)
    meta = bucket.get_object_meta("images/banner.png")
    size = len(localoss.store.get_object("demo-assets", "images/banner.png").body())
    assert meta.content_length == size > 0
    assert meta.etag == localoss.store.get_object("demo-assets", "images/banner.png").etag
    url = bucket.sign_url("HEAD", "images/banner.png", 60, params={"objectMeta": ""})
    status, headers, body = fetch(url, method="HEAD")
    assert status == 200 and headers["Content-Length"] == str(size) and body == b""
