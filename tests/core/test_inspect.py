"""inspect_url on hand-written URLs: V1, V2, V4, every URL style, and what is hidden."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.inspect import inspect_url

V4_QUERY = (
    "x-oss-date=20240506T070809Z&x-oss-expires=3600&x-oss-signature-version=OSS4-HMAC-SHA256"
    "&x-oss-credential=LTAIkey%2F20240506%2Fcn-shanghai%2Foss%2Faliyun_v4_request&x-oss-signature=abc"
)


def test_v4_virtual_host() -> None:
    url = (
        "https://my-bucket.oss-cn-shanghai.aliyuncs.com/dir%2Fa%20b%2B%E4%B8%AD.txt?versionId=CAEQ%3D%3D"
        "&x-oss-process=image%2Fresize%2Cw_100&x-oss-security-token=SECRET-TOKEN&" + V4_QUERY
    )
    info = inspect_url(url)
    assert (info.bucket, info.key, info.version_id) == ("my-bucket", "dir/a b+中.txt", "CAEQ==")
    assert (info.signature_version, info.access_key_id, info.region) == ("v4", "LTAIkey", "cn-shanghai")
    assert info.signed_at == datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    assert info.expires_at == datetime(2024, 5, 6, 8, 8, 9, tzinfo=timezone.utc)
    assert info.lifetime == 3600
    assert info.params == {"x-oss-process": "image/resize,w_100"}
    assert info.has_sts_token and info.style == "virtual-host"
    assert "SECRET-TOKEN" not in repr(info) and "SECRET-TOKEN" not in str(info)
    assert info.seconds_left(now=info.expires_at.timestamp() - 10) == 10
    assert info.seconds_left(now=info.expires_at.timestamp() + 10) == -10
    assert info.expired  # 2024 is in the past


def test_v1_path_style_and_plus_kept() -> None:
    url = "http://127.0.0.1:9000/demo-bucket/a+b%2Fc?OSSAccessKeyId=id&Expires=1715000000&Signature=ab%2Bc%3D"
    info = inspect_url(url)
    assert (info.bucket, info.key, info.style) == ("demo-bucket", "a+b/c", "path")
    assert (info.signature_version, info.signed_at, info.region) == ("v1", None, None)
    assert info.expires_at.timestamp() == 1715000000 and info.params == {} and not info.has_sts_token


def test_v1_far_future_expiry_is_clamped() -> None:
    info = inspect_url(
        "https://b12.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=a&Expires=999999999999999&Signature=x"
    )
    assert info.expires_at.year == 9999 and not info.expired


def test_v2() -> None:
    info = inspect_url(
        "https://b12.oss-cn-beijing.aliyuncs.com/k?x-oss-signature-version=OSS2&x-oss-expires=1715000000"
        "&x-oss-access-key-id=kid&x-oss-signature=zz"
    )
    assert (info.signature_version, info.access_key_id, info.region) == ("v2", "kid", "cn-beijing")


@pytest.mark.parametrize(
    ("host_path", "bucket", "key", "style"),
    [
        ("localhost:8080/bkt/k/x", "bkt", "k/x", "path"),
        ("[::1]:8080/bkt/k", "bkt", "k", "path"),
        ("oss-cn-hangzhou.aliyuncs.com/bkt/k", "bkt", "k", "path"),
        ("cn-hangzhou.oss.aliyuncs.com/bkt/k", "bkt", "k", "path"),
        ("bkt.cn-hangzhou.oss.aliyuncs.com/k", "bkt", "k", "virtual-host"),
        ("files.example.com/k/x", "", "k/x", "cname"),
    ],
)
def test_styles(host_path: str, bucket: str, key: str, style: str) -> None:
    info = inspect_url(f"https://{host_path}?{V4_QUERY}")
    assert (info.bucket, info.key, info.style) == (bucket, key, style)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://",
        "https://b.oss-cn-hangzhou.aliyuncs.com:99999/k?" + V4_QUERY,
        "https://b12.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=a&Signature=x",
        "https://b12.oss-cn-hangzhou.aliyuncs.com/k?"
        + V4_QUERY.replace("x-oss-expires=3600", "x-oss-expires=-1"),
    ],
)
def test_rejects(url: str) -> None:
    with pytest.raises(InvalidInput) as err:
        inspect_url(url)
    assert err.value.field == "url"
