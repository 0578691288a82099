"""oss2's presigned V1/V4 URLs fetched with plain urllib, and every bad-authentication case."""

from __future__ import annotations

import time
import urllib.parse

import oss2
import pytest

from .helpers import AK, SK, error_fields, fetch, head_error_fields, make_bucket

TEMP_AK, TEMP_SECRET, TOKEN = "STS.localossTempKey", "temp-secret-value", "CAIS-token+/with=odd&chars"


def _signer(
    srv, sig: str, bucket: str, ak: str = AK, secret: str = SK, region: str | None = None
) -> oss2.Bucket:
    if sig == "v1":
        return oss2.Bucket(oss2.Auth(ak, secret), srv.endpoint, bucket)
    region = region or srv.store.buckets[bucket].region
    return oss2.Bucket(oss2.AuthV4(ak, secret), srv.endpoint, bucket, region=region)


def _edit_query(url: str, edit) -> str:
    """Rebuild a URL after `edit(params: dict)` changed its (decoded) query parameters."""
    parts = urllib.parse.urlsplit(url)
    params = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    edit(params)
    query = urllib.parse.urlencode(params, quote_via=urllib.parse.quote, safe="")
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _flip(text: str) -> str:
    i = len(text) // 2
    return text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1 :]


@pytest.fixture(scope="module")
def sts_server():
    """A demo server that also accepts one STS temporary key (with its token)."""
    from oss_share_tui.localoss.server import LocalOSS

    with LocalOSS(seed="demo", big_objects=0, sts_credentials={TEMP_AK: (TEMP_SECRET, TOKEN)}) as srv:
        yield srv


# ---- links that work --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "README.txt",
        "images/photo.jpg",
        "odd names/hello world.txt",
        "odd names/中文文件.txt",
        "odd names/a+b.txt",
        "odd names/100%.txt",
        "odd names/#hash.txt",
        "odd names/tilde~and=eq&amp.txt",
    ],
)
@pytest.mark.parametrize("slash_safe", [False, True])
def test_presigned_get_returns_the_bytes(localoss, sig, key, slash_safe):
    url = _signer(localoss, sig, "demo-assets").sign_url("GET", key, 300, slash_safe=slash_safe)
    status, _, body = fetch(url)
    assert status == 200
    assert body == localoss.store.get_object("demo-assets", key).body()


def test_presigned_get_by_version_id(localoss, sig):
    versions = localoss.store.buckets["demo-versions"].objects["notes.txt"]
    oldest = versions[-1]
    url = _signer(localoss, sig, "demo-versions").sign_url(
        "GET", "notes.txt", 300, params={"versionId": oldest.version_id}
    )
    status, headers, body = fetch(url)
    assert (status, body) == (200, b"notes v1\n")
    assert headers["x-oss-version-id"] == oldest.version_id


def test_presigned_null_version(localoss, sig):
    url = _signer(localoss, sig, "demo-versions").sign_url(
        "GET", "legacy.txt", 300, params={"versionId": "null"}
    )
    status, headers, body = fetch(url)
    assert status == 200 and headers["x-oss-version-id"] == "null"


def test_presigned_response_content_disposition_comes_back(localoss, sig):
    disposition = "attachment; filename=\"report.txt\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.txt"
    params = {
        "response-content-disposition": disposition,
        "response-content-type": "application/octet-stream",
    }
    url = _signer(localoss, sig, "demo-assets").sign_url("GET", "docs/2024/report.txt", 300, params=params)
    status, headers, body = fetch(url)
    assert status == 200 and body == b"2024 annual report (demo).\n"
    assert headers["Content-Disposition"] == disposition
    assert headers["Content-Type"] == "application/octet-stream"


@pytest.mark.parametrize("limit", ["819200", "838860800"])
def test_presigned_traffic_limit_in_range(localoss, sig, limit):
    url = _signer(localoss, sig, "demo-assets").sign_url(
        "GET", "README.txt", 300, params={"x-oss-traffic-limit": limit}
    )
    assert fetch(url)[0] == 200


def test_presigned_with_image_process_and_range(localoss, sig):
    params = {"x-oss-process": "image/resize,w_100"}
    url = _signer(localoss, sig, "demo-assets").sign_url("GET", "images/logo.png", 300, params=params)
    status, headers, body = fetch(url, headers={"Range": "bytes=0-0"})
    assert status == 206 and body == b"\x89" and headers["Content-Range"].startswith("bytes 0-0/")


def test_presigned_sts_links(sts_server, sig):
    bucket = (
        oss2.Bucket(oss2.StsAuth(TEMP_AK, TEMP_SECRET, TOKEN), sts_server.endpoint, "demo-shanghai")
        if sig == "v1"
        else oss2.Bucket(
            oss2.StsAuth(TEMP_AK, TEMP_SECRET, TOKEN, auth_version="v4"),
            sts_server.endpoint,
            "demo-shanghai",
            region="cn-shanghai",
        )
    )
    url = bucket.sign_url("GET", "share-me.txt", 300)
    assert ("security-token=" if sig == "v1" else "x-oss-security-token=") in url
    assert fetch(url)[:3:2] == (200, b"Share me with a signed link.\n")
    # The header-signed API works with the temporary key too.
    assert bucket.get_object("reports/2025/annual.txt").read() == b"Annual report 2025 (demo).\n"


def test_presigned_head_request(localoss, sig):
    url = _signer(localoss, sig, "demo-assets").sign_url("HEAD", "README.txt", 300)
    status, headers, body = fetch(url, method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) == localoss.store.get_object("demo-assets", "README.txt").size


# ---- links that fail ----------------------------------------------------------------------------------


def _assert_error(result, status: int, code: str) -> dict[str, str]:
    got_status, headers, body = result
    fields = error_fields(body)
    assert (got_status, fields["Code"]) == (status, code), fields
    assert headers["x-oss-ec"] == fields["EC"]
    assert len(fields["RequestId"]) == 24
    return fields


def test_flipped_signature_character(localoss, sig):
    url = _signer(localoss, sig, "demo-assets").sign_url("GET", "README.txt", 300)
    name = "Signature" if sig == "v1" else "x-oss-signature"
    bad = _edit_query(url, lambda p: p.__setitem__(name, _flip(p[name])))
    fields = _assert_error(fetch(bad), 403, "SignatureDoesNotMatch")
    if sig == "v1":
        assert fields["StringToSign"].startswith("GET\n\n\n") and fields["StringToSign"].endswith(
            "/demo-assets/README.txt"
        )
    else:
        assert fields["CanonicalRequest"].startswith("GET\n/demo-assets/README.txt\n")
        assert fields["StringToSign"].startswith("OSS4-HMAC-SHA256\n")
    assert fields["OSSAccessKeyId"] == AK


def test_wrong_secret(localoss, sig):
    url = _signer(localoss, sig, "demo-assets", secret="not-the-secret").sign_url("GET", "README.txt", 300)
    _assert_error(fetch(url), 403, "SignatureDoesNotMatch")


def test_unknown_access_key_id(localoss, sig):
    url = _signer(localoss, sig, "demo-assets", ak="LTAI5tUnknownKey").sign_url("GET", "README.txt", 300)
    fields = _assert_error(fetch(url), 403, "InvalidAccessKeyId")
    assert fields["OSSAccessKeyId"] == "LTAI5tUnknownKey"


def test_expired_link(localoss_factory, sig):
    srv = localoss_factory(seed="demo", big_objects=0)
    url = _signer(srv, sig, "demo-assets").sign_url("GET", "README.txt", 60)
    assert fetch(url)[0] == 200
    srv.clock = lambda: time.time() + 120  # two minutes later
    fields = _assert_error(fetch(url), 403, "AccessDenied")
    assert fields["Message"] == "Request has expired."
    assert fields["Expires"].endswith("Z") and fields["ServerTime"].endswith("Z")


def test_link_for_key_a_used_for_key_b(localoss, sig):
    url = _signer(localoss, sig, "demo-assets").sign_url("GET", "docs/2024/report.txt", 300)
    other = url.replace("report.txt", "summary.txt", 1).replace(
        "docs%2F2024%2Fsummary", "docs%2F2024%2Fq1%2Fsummary"
    )
    assert other != url
    _assert_error(fetch(other), 403, "SignatureDoesNotMatch")


def test_version_link_used_without_version(localoss, sig):
    oldest = localoss.store.buckets["demo-versions"].objects["notes.txt"][-1].version_id
    url = _signer(localoss, sig, "demo-versions").sign_url(
        "GET", "notes.txt", 300, params={"versionId": oldest}
    )
    _assert_error(fetch(_edit_query(url, lambda p: p.pop("versionId"))), 403, "SignatureDoesNotMatch")


def test_traffic_limit_100_is_invalid_argument(localoss, sig):
    url = _signer(localoss, sig, "demo-assets").sign_url(
        "GET", "README.txt", 300, params={"x-oss-traffic-limit": "100"}
    )
    fields = _assert_error(fetch(url), 400, "InvalidArgument")
    assert fields["ArgumentName"] == "x-oss-traffic-limit" and fields["EC"] == "0004-00000502"


def test_unsigned_get_on_private_bucket(localoss):
    fields = _assert_error(fetch(f"{localoss.endpoint}/demo-assets/README.txt"), 403, "AccessDenied")
    assert "bucket acl" in fields["Message"]


def test_anonymous_get_on_public_read_bucket(localoss_factory):
    srv = localoss_factory(seed="empty")
    srv.store.create_bucket("public-bucket", acl="public-read")
    srv.store.put_object("public-bucket", "hello.txt", b"hi", "text/plain")
    assert fetch(f"{srv.endpoint}/public-bucket/hello.txt")[:3:2] == (200, b"hi")
    assert fetch(f"{srv.endpoint}/public-bucket/?list-type=2")[0] == 200
    _assert_error(fetch(f"{srv.endpoint}/public-bucket/?bucketInfo"), 403, "AccessDenied")
    _assert_error(fetch(f"{srv.endpoint}/"), 403, "AccessDenied")


def test_v4_link_for_the_wrong_region(localoss):
    url = _signer(localoss, "v4", "demo-assets", region="cn-shanghai").sign_url("GET", "README.txt", 300)
    _assert_error(fetch(url), 403, "SignatureDoesNotMatch")


def test_v4_link_with_empty_region(localoss):
    # oss2 signs with an empty region without complaint; the server must refuse it.
    bucket = oss2.Bucket(oss2.AuthV4(AK, SK), localoss.endpoint, "demo-assets", region="")
    url = bucket.sign_url("GET", "README.txt", 300)
    _assert_error(fetch(url), 403, "SignatureDoesNotMatch")


def test_v4_expires_out_of_range(localoss):
    url = _signer(localoss, "v4", "demo-assets").sign_url("GET", "README.txt", 300)
    _assert_error(
        fetch(_edit_query(url, lambda p: p.__setitem__("x-oss-expires", "604801"))), 400, "InvalidArgument"
    )


def test_sts_key_without_token_or_with_a_wrong_one(sts_server, sig):
    # Signed with the temporary key as if it were permanent: no token goes with it.
    url = _signer(sts_server, sig, "demo-shanghai", ak=TEMP_AK, secret=TEMP_SECRET).sign_url(
        "GET", "share-me.txt", 300
    )
    _assert_error(fetch(url), 403, "InvalidAccessKeyId")
    auth = oss2.StsAuth(TEMP_AK, TEMP_SECRET, "wrong-token", auth_version="v4" if sig == "v4" else "v1")
    bucket = oss2.Bucket(auth, sts_server.endpoint, "demo-shanghai", region="cn-shanghai")
    _assert_error(fetch(bucket.sign_url("GET", "share-me.txt", 300)), 403, "AccessDenied")


def test_header_signed_request_with_skewed_clock(localoss_factory, sig):
    srv = localoss_factory(seed="demo", big_objects=0)
    srv.clock = lambda: time.time() + 3600
    with pytest.raises(oss2.exceptions.ServerError) as exc:
        make_bucket(srv, "demo-assets", sig).get_object("README.txt")
    assert (exc.value.status, exc.value.code) == (403, "RequestTimeTooSkewed")


def test_header_signed_with_wrong_secret(localoss, sig):
    bucket = _signer(localoss, sig, "demo-assets", secret="nope")
    with pytest.raises(oss2.exceptions.SignatureDoesNotMatch) as exc:
        bucket.get_object("README.txt")
    assert "StringToSign" in exc.value.details


def test_head_error_goes_in_x_oss_err(localoss, sig):
    url = _signer(localoss, sig, "demo-assets").sign_url("HEAD", "no/such/key.txt", 300)
    status, headers, body = fetch(url, method="HEAD")
    assert status == 404 and body == b""
    fields = head_error_fields(headers)
    assert fields["Code"] == "NoSuchKey" and fields["Key"] == "no/such/key.txt"
    assert headers["x-oss-ec"] == fields["EC"] == "0026-00000001"
