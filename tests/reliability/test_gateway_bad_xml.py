"""A listing answer that is not what OSS sends (unexpected or missing elements, a truncated body, another
document altogether) makes `OssGateway.list_prefix`/`list_versions` raise a RemoteError that says so; never
an AttributeError, TypeError or ValueError, and never a silently short listing."""

from __future__ import annotations

import pytest

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile

DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


def listing(*children: str, truncated: str | None = "false", root: str = "ListBucketResult") -> bytes:
    parts = ["<Name>b</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter>"]
    if truncated is not None:
        parts.append(f"<IsTruncated>{truncated}</IsTruncated>")
    parts += children
    return (DECL + f"<{root}>" + "".join(parts) + f"</{root}>").encode()


def contents(key: str | None = "a.txt", size: str | None = "3", extra: str = "") -> str:
    inner = "" if key is None else f"<Key>{key}</Key>"
    inner += '<LastModified>2025-01-01T00:00:00.000Z</LastModified><ETag>"AB"</ETag><Type>Normal</Type>'
    inner += "" if size is None else f"<Size>{size}</Size>"
    return f"<Contents>{inner}<StorageClass>Standard</StorageClass>{extra}</Contents>"


@pytest.fixture
def gateway(fake_oss) -> OssGateway:
    server, _ = fake_oss
    profile = Profile(endpoint=f"http://127.0.0.1:{server.server_address[1]}", access_key_id="AK",
                      access_key_secret="SK", region="cn-hangzhou")
    return OssGateway(profile, timeout=5.0, retries=1, backoff=0.0)


BUCKET = Bucket(name="bucket-b", region="cn-hangzhou")

BAD = {
    "truncated-body": (listing(contents(), contents("b.txt"))[:150], None),
    "truncated-connection": (listing(contents()), 5000),
    "empty-body": (b"", None),
    "not-xml": (b"\x00\xff\xfe garbage", None),
    "html-portal": (b"<html><body><p>Please log in to the Wi-Fi</p></body></html>", None),
    "other-root": (DECL.encode() + b"<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>", None),
    "error-as-200": (DECL.encode() + b"<Error><Code>InternalError</Code><Message>x</Message></Error>", None),
    "no-istruncated": (listing(contents(), truncated=None), None),
    "bad-istruncated": (listing(contents(), truncated="maybe"), None),
    "truncated-without-token": (listing(contents(), truncated="true"), None),
    "contents-without-key": (listing(contents(key=None)), None),
    "size-not-a-number": (listing(contents(size="lots")), None),
    "size-negative": (listing(contents(size="-3")), None),
    "prefix-without-prefix": (listing("<CommonPrefixes></CommonPrefixes>"), None),
    "namespaced": (listing(contents()).replace(b"<ListBucketResult>", b'<ListBucketResult xmlns="urn:x">'),
                   None),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_listing_is_a_clear_remote_error(fake_oss, gateway, case) -> None:
    _, canned = fake_oss
    canned.body, canned.length = BAD[case]
    with pytest.raises(RemoteError) as caught:
        gateway.list_prefix(BUCKET, "")
    err = caught.value
    assert err.code in ("BadResponse", "NetworkError"), (case, err.code, str(err))
    text = err.one_line()
    assert len(text) < 400 and "\n" not in text


def test_unexpected_extra_elements_are_ignored(fake_oss, gateway) -> None:
    _, canned = fake_oss
    canned.body, canned.length = listing(
        "<Unexpected><Deep>1</Deep></Unexpected>",
        contents("a.txt", extra="<Owner><ID>1</ID></Owner><RestoreInfo>x</RestoreInfo>"),
        "<CommonPrefixes><Prefix>dir/</Prefix><Extra/></CommonPrefixes>",
        "<KeyCount>2</KeyCount><Whatever attr='1'/>",
    ), None
    page = gateway.list_prefix(BUCKET, "")
    assert [(e.key, e.is_prefix, e.size) for e in page.items] == [("dir/", True, 0), ("a.txt", False, 3)]
    assert page.next_token is None


@pytest.mark.parametrize(
    "body",
    [
        b"",
        DECL.encode() + b"<ListVersionsResult><IsTruncated>true</IsTruncated></ListVersionsResult>",
        DECL.encode() + b"<ListVersionsResult><IsTruncated>false</IsTruncated><Version><Key>k</Key>"
        b"<VersionId>v</VersionId><Size>big</Size></Version></ListVersionsResult>",
        DECL.encode() + b"<ListBucketResult/>",
        DECL.encode() + b"<ListVersionsResult><IsTruncated>false</IsTruncated><Version><Key>k</Key>"
        b"<Size>1</Size></Version></ListVersionsResult>",
    ],
)
def test_a_bad_versions_listing_is_a_clear_remote_error(fake_oss, gateway, body) -> None:
    _, canned = fake_oss
    canned.body, canned.length = body, None
    with pytest.raises(RemoteError) as caught:
        gateway.list_versions(BUCKET, "k")
    assert caught.value.code == "BadResponse"
