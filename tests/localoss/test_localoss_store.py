"""Store, CRC, images and wire-fact unit tests (no HTTP)."""

from __future__ import annotations

import struct
import zlib

import oss2
import pytest

from oss_share_tui.localoss.auth import SUBRESOURCES, v4_encode
from oss_share_tui.localoss.crc64 import crc64
from oss_share_tui.localoss.errors import OssError
from oss_share_tui.localoss.seed import demo_images
from oss_share_tui.localoss.store import Store, SyntheticRange
from oss_share_tui.localoss.xmlgen import iso


def test_subresource_set_matches_oss2():
    assert oss2.Auth._subresource_key_set == SUBRESOURCES


@pytest.mark.parametrize("data", [b"", b"123456789", bytes(range(256)) * 5, "中文".encode()])
def test_crc64_matches_oss2(data):
    reference = oss2.utils.Crc64()
    reference.update(data)
    assert crc64(data) == reference.crc


def test_v4_encode_is_rfc3986():
    assert v4_encode("a b/c~d+e%", False) == "a%20b%2Fc~d%2Be%25"
    assert v4_encode("/bucket/中 x", True) == "/bucket/%E4%B8%AD%20x"


def test_iso_format():
    assert iso(1700630105) == "2023-11-22T05:15:05.000Z"
    assert iso(1700630105.9) == "2023-11-22T05:15:05.000Z"


def test_demo_images_are_well_formed():
    images = demo_images()
    for key in ("images/logo.png", "images/banner.png"):
        data, content_type = images[key]
        assert content_type == "image/png" and data.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", data[16:24])
        idat_len = struct.unpack(">I", data[33:37])[0]
        raw = zlib.decompress(data[41 : 41 + idat_len])
        assert len(raw) == height * (1 + 3 * width)
    jpg, content_type = images["images/photo.jpg"]
    assert content_type == "image/jpeg"
    assert jpg[:2] == b"\xff\xd8" and jpg[-2:] == b"\xff\xd9"
    sof = jpg.index(b"\xff\xc0")
    assert struct.unpack(">HH", jpg[sof + 5 : sof + 9]) == (120, 160)


def test_synthetic_range_is_cheap_and_ordered():
    r = SyntheticRange("logs/", 1_000_000)
    assert r.width == 6 and r[0] == "logs/part-000000.log" and r[999_999] == "logs/part-999999.log"
    assert SyntheticRange("logs/", 1_000_001).width == 7
    assert r.index_of("logs/part-000123.log") == 123
    assert r.index_of("logs/part-123.log") is None
    assert r.start_index("logs/part-000010.log", inclusive=False) == 11
    v = r.version(42)
    assert len(v.body()) == v.size and v.version_id == "null"


def test_million_key_prefix_lists_its_last_page():
    store = Store()
    store.create_bucket("big")
    store.add_synthetic_prefix("big", "logs/", 1_000_000)
    page = store.list_objects("big", "logs/", "", "logs/part-999000.log", 1000)
    assert len(page.objects) == 999 and not page.truncated
    assert page.objects[-1].key == "logs/part-999999.log"
    root = store.list_objects("big", "", "/", "", 1000)
    assert root.prefixes == ["logs/"] and root.objects == []


def test_versioned_listing_hides_folders_whose_keys_are_all_deleted():
    store = Store()
    store.create_bucket("vvv", versioning="Enabled")
    store.put_object("vvv", "gone/a.txt", b"a")
    store.put_object("vvv", "kept/b.txt", b"b")
    store.delete_object("vvv", "gone/a.txt")
    assert store.list_objects("vvv", "", "/").prefixes == ["kept/"]
    versions = store.list_versions("vvv", "", "/")
    assert versions.prefixes == ["gone/", "kept/"]


def test_store_errors():
    store = Store()
    with pytest.raises(OssError) as exc:
        store.create_bucket("x")
    assert exc.value.code == "InvalidBucketName"
    store.create_bucket("abc")
    with pytest.raises(OssError) as exc:
        store.create_bucket("abc")
    assert exc.value.status == 409
    with pytest.raises(OssError) as exc:
        store.get_object("abc", "missing")
    assert exc.value.code == "NoSuchKey"
    with pytest.raises(OssError) as exc:
        store.put_object("nope", "k", b"")
    assert exc.value.code == "NoSuchBucket"
    assert store.put_object("abc", "k", b"x") is None
