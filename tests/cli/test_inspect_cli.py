"""`oss-share inspect`: every URL `sign` makes decodes back to the same bucket, key, version and expiry."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
import time_machine

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.inspect import inspect_url

NOW = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
AK, SK, TOKEN = "LTAI5tInspectKey", "inspect-secret-VALUE", "inspect-TOKEN-value"

KEYS = [
    "plain.txt",
    "with space.txt",
    "中文/文件.txt",
    "a+b%c#d?e~f=g&h",
    "double//slash",
    "folder/",
    "x" * 1023,
]
ENDPOINTS = {
    "virtual-host": ("-e", "oss-cn-hangzhou.aliyuncs.com"),
    "path-style-ip": ("-e", "http://127.0.0.1:9000", "--region", "cn-demo"),
    "localhost": ("-e", "http://localhost:9000", "--region", "cn-demo"),
}
VARIANTS = {
    "v4": (),
    "v1": ("--sign-version", "v1"),
    "v4-sts-version-options": (
        "-t",
        TOKEN,
        "--version-id",
        "CAEQ.x==",
        "--timeout",
        "7d",
        "--payer",
        "requester",
        "--query-param",
        "response-content-type:text/plain",
        "--disable-encode-slash",
    ),
    "v1-sts-version-options": (
        "--sign-version",
        "v1",
        "-t",
        TOKEN,
        "--version-id",
        "null",
        "--timeout",
        "3650d",
        "--traffic-limit",
        "1MB/s",
        "--query-param",
        "x-oss-process:image/info",
    ),
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize("key", KEYS, ids=lambda k: k[:16])
def test_sign_then_inspect_roundtrip(run, key: str, endpoint: str, variant: str) -> None:
    signed = run(
        "sign",
        f"oss://round-trip/{key}",
        "--json",
        "-i",
        AK,
        "-k",
        SK,
        *ENDPOINTS[endpoint],
        *VARIANTS[variant],
    )
    assert signed.code == 0, signed.err
    link = json.loads(signed.out)
    info = inspect_url(link["url"])
    assert (info.bucket, info.key, info.version_id) == ("round-trip", key, link["version_id"])
    assert info.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ") == link["expires_at"]
    assert info.signature_version == link["signature_version"]
    assert info.access_key_id == AK
    assert info.has_sts_token == ("-t" in VARIANTS[variant])
    if link["signature_version"] == "v4":
        assert info.signed_at == NOW and info.lifetime == link["expires_in"]
    shown = run("inspect", link["url"], "--json")
    assert shown.code == 0
    decoded = json.loads(shown.out)
    assert (decoded["bucket"], decoded["key"], decoded["version_id"]) == (
        "round-trip",
        key,
        link["version_id"],
    )
    assert decoded["expires_at"] == link["expires_at"]
    assert TOKEN not in shown.out and TOKEN not in shown.err and TOKEN not in repr(info)


def test_readable_block(run) -> None:
    signed = run(
        "sign",
        "oss://examplebucket/dir/a b.txt",
        "-i",
        AK,
        "-k",
        SK,
        "-t",
        TOKEN,
        "-e",
        "oss-cn-hangzhou.aliyuncs.com",
        "--timeout",
        "1h",
        "--version-id",
        "v7",
        "--query-param",
        "x-oss-process:image/resize,w_100",
    )
    shown = run("inspect", signed.out.strip())
    assert shown.code == 0
    text = shown.out
    for needle in (
        "bucket:",
        "examplebucket",
        "key:",
        "dir/a b.txt",
        "version:",
        "v7",
        "signature version:",
        "v4",
        "signer key id:",
        AK,
        "region:",
        "cn-hangzhou",
        "signed at:",
        "2024-05-06 07:08:09 UTC",
        "expires at:",
        "2024-05-06 08:08:09 UTC",
        "1h left",
        "image/resize,w_100",
        "security token:",
        "present",
    ):
        assert needle in text, needle
    assert TOKEN not in text and SK not in text


def test_expired_link(run) -> None:
    signed = run("sign", "oss://examplebucket/k", "-i", AK, "-k", SK, "-e", "oss-cn-hangzhou.aliyuncs.com")
    with time_machine.travel(datetime(2024, 5, 6, 9, 9, 9, tzinfo=timezone.utc), tick=False):
        shown = run("inspect", signed.out.strip())
        info = inspect_url(signed.out.strip())
        assert info.expired and info.seconds_left() == -(2 * 3600)
    assert "expired 2h ago" in shown.out


def test_cname_url_has_no_bucket() -> None:
    info = inspect_url("https://cdn.example.com/a%2Fb?OSSAccessKeyId=id&Expires=1700000000&Signature=x")
    assert (info.bucket, info.key, info.style) == ("", "a/b", "cname")


def test_control_characters_are_made_visible(run) -> None:
    url = "https://b12.oss-cn-hangzhou.aliyuncs.com/evil%1B%5B2J?OSSAccessKeyId=id&Expires=1700000000&Signature=x"
    shown = run("inspect", url)
    assert "\x1b" not in shown.out and "\\x1b[2J" in shown.out


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "ftp://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=a&Expires=1&Signature=x",
        "https://b.oss-cn-hangzhou.aliyuncs.com/k",
        "https://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=a&Expires=soon&Signature=x",
        "https://b.oss-cn-hangzhou.aliyuncs.com/k?x-oss-credential=a&x-oss-date=1&x-oss-expires=1&x-oss-signature=x",
        "https://b.oss-cn-hangzhou.aliyuncs.com/k?x-oss-credential=a%2F20240506%2Fr%2Foss%2Faliyun_v4_request"
        "&x-oss-date=bad&x-oss-expires=1&x-oss-signature=x",
    ],
)
def test_bad_urls_exit_2(run, url: str) -> None:
    with pytest.raises(InvalidInput):
        inspect_url(url)
    shown = run("inspect", url)
    assert shown.code == 2 and shown.out == ""
    assert shown.err.startswith("oss-share: error: ") and shown.err.count("\n") == 1
