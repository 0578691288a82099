"""ListObjects, ListObjectsV2 and ListObjectVersions with `encoding-type=url`: the fields OSS's API pages say
are encoded come back percent-encoded (keys with control characters included), and the others do not."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timezone
from urllib.parse import unquote

import oss2
import pytest

from tests import sigref

from .helpers import AK, SK, error_fields, fetch, make_bucket

KEYS = ["dir\x01/a\x02b.txt", "dir\x01/plain.txt", "dir\x01/sub dir/x", "dir\x01/\u4e2d+%#&<.txt", "zeta"]
UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def _pct(text: str) -> str:
    """Percent-encode every UTF-8 byte outside A-Za-z0-9-_.~ (written out here, not the server's code)."""
    return "".join(chr(b) if chr(b) in UNRESERVED else f"%{b:02X}" for b in text.encode("utf-8"))


@pytest.fixture
def srv(localoss_factory):
    server = localoss_factory(seed="empty")
    server.store.create_bucket("enc", region="cn-hangzhou")
    server.store.set_versioning("enc", "Enabled")
    for key in KEYS:
        server.store.put_object("enc", key, b"x")
        server.store.put_object("enc", key, b"xy")
    return server


def _list(srv, **params: str) -> ElementTree.Element:
    """The raw XML of a listing, signed with the independent reference signer (tests/sigref.py)."""
    url = sigref.presign_v4(
        scheme="http",
        host=srv.host_port,
        bucket="enc",
        key="",
        access_key_id=AK,
        secret=SK,
        region="cn-hangzhou",
        when=datetime.now(timezone.utc),
        expires=60,
        params=[(k.replace("_", "-"), v) for k, v in params.items()],
        style="path",
    )
    status, _, body = fetch(url)
    assert status == 200, body
    return ElementTree.fromstring(body)


def test_v1_encodes_prefix_marker_delimiter_next_marker_keys_and_common_prefixes(srv):
    root = _list(
        srv, prefix="dir\x01/", marker="dir\x01/a\x02b.txt", delimiter=" ", max_keys="1", encoding_type="url"
    )
    assert root.findtext("EncodingType") == "url"
    assert root.findtext("Prefix") == _pct("dir\x01/")
    assert root.findtext("Marker") == _pct("dir\x01/a\x02b.txt")
    assert root.findtext("Delimiter") == _pct(" ")
    assert [c.findtext("Key") for c in root.iter("Contents")] == [_pct("dir\x01/plain.txt")]
    assert root.findtext("IsTruncated") == "true"
    assert root.findtext("NextMarker") == _pct("dir\x01/plain.txt")
    nxt = _list(srv, prefix="dir\x01/", marker="dir\x01/plain.txt", delimiter=" ", encoding_type="url")
    assert [p.text for p in nxt.iter("Prefix")][1:] == [_pct("dir\x01/sub ")]


def test_v2_encodes_start_after_and_tokens(srv):
    root = _list(
        srv,
        list_type="2",
        prefix="dir\x01/",
        start_after="dir\x01/a\x02b.txt",
        max_keys="1",
        encoding_type="url",
    )
    assert root.findtext("StartAfter") == _pct("dir\x01/a\x02b.txt")
    assert [c.findtext("Key") for c in root.iter("Contents")] == [_pct("dir\x01/plain.txt")]
    token = root.findtext("NextContinuationToken")
    assert token
    nxt = _list(srv, list_type="2", prefix="dir\x01/", continuation_token=token, encoding_type="url")
    assert nxt.findtext("ContinuationToken") == _pct(token)
    assert [c.findtext("Key") for c in nxt.iter("Contents")] == [_pct(k) for k in KEYS[2:4]]
    assert nxt.findtext("KeyCount") == "2"


def test_versions_encode_key_markers_but_not_version_ids(srv):
    root = _list(
        srv,
        versions="",
        prefix="dir\x01/",
        key_marker="dir\x01/a\x02b.txt",
        max_keys="1",
        encoding_type="url",
    )
    assert root.findtext("KeyMarker") == _pct("dir\x01/a\x02b.txt")
    assert root.findtext("NextKeyMarker") == _pct("dir\x01/plain.txt")
    vid = root.findtext("NextVersionIdMarker")
    assert vid and vid == root.find("Version").findtext("VersionId")
    assert [v.findtext("Key") for v in root.iter("Version")] == [_pct("dir\x01/plain.txt")]


def test_unencoded_listing_leaves_plain_keys_alone(srv):
    root = _list(srv, prefix="zeta")
    assert root.find("EncodingType") is None
    assert [c.findtext("Key") for c in root.iter("Contents")] == ["zeta"]


@pytest.mark.parametrize("sig", ["v1", "v4"])
def test_oss2_round_trips_control_character_keys(srv, sig):
    bucket = make_bucket(srv, "enc", sig)
    assert [o.key for o in oss2.ObjectIteratorV2(bucket, max_keys=2)] == KEYS
    assert [o.key for o in oss2.ObjectIterator(bucket, max_keys=2)] == KEYS
    page = bucket.list_object_versions(max_keys=3)
    assert [v.key for v in page.versions] == [KEYS[0], KEYS[0], KEYS[1]]


# ---- continuation tokens that are not plain (LocalOSS(token_style="base64")) ---------------------------


@pytest.fixture
def padded(localoss_factory):
    server = localoss_factory(seed="empty", token_style="base64")
    server.store.create_bucket("enc", region="cn-hangzhou")
    for key in ("a", "bb", "ccc"):
        server.store.put_object("enc", key, b"x")
    return server


def test_a_padded_token_goes_out_percent_encoded_and_must_come_back_decoded(padded):
    first = _list(padded, list_type="2", max_keys="1", encoding_type="url")
    token = first.findtext("NextContinuationToken")
    assert token == _pct(base64.b64encode(b"a").decode())  # "YQ%3D%3D": the token YQ== URL-encoded
    decoded = unquote(token)
    second = _list(padded, list_type="2", max_keys="1", encoding_type="url", continuation_token=decoded)
    assert [c.findtext("Key") for c in second.iter("Contents")] == ["bb"]
    assert second.findtext("ContinuationToken") == token
    # Sent back as received (still percent-encoded), the token is not one the server issued.
    url = sigref.presign_v4(
        scheme="http",
        host=padded.host_port,
        bucket="enc",
        key="",
        access_key_id=AK,
        secret=SK,
        region="cn-hangzhou",
        when=datetime.now(timezone.utc),
        expires=60,
        style="path",
        params=[("list-type", "2"), ("encoding-type", "url"), ("continuation-token", token)],
    )
    status, _, body = fetch(url)
    assert status == 400 and error_fields(body)["Code"] == "InvalidArgument"


def test_oss2_decodes_padded_tokens_and_pages_through(padded):
    bucket = make_bucket(padded, "enc")
    assert [o.key for o in oss2.ObjectIteratorV2(bucket, max_keys=1)] == ["a", "bb", "ccc"]
