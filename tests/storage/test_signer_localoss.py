"""Links from our signer open on localoss, whose verifier is a third implementation of the protocol."""

from __future__ import annotations

import pytest

from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import sign_link
from tests.helpers import fetch

server_mod = pytest.importorskip("oss_share_tui.localoss.server")

AK, SK = "LTAI5tSignerE2E", "signer-e2e-secret"
STS_AK, STS_SK, STS_TOKEN = "STS.signerE2E", "sts-secret", "sts+token/with=odd&chars"
KEYS = [
    "plain.txt",
    "with space.txt",
    "中文/文件.txt",
    "a+b%c#d?e~f=g&h",
    "double//slash",
    "folder/",
    "x" * 1023,
]


@pytest.fixture(scope="module")
def server():
    srv = server_mod.LocalOSS(seed=None, access_keys={AK: SK}, sts_credentials={STS_AK: (STS_SK, STS_TOKEN)})
    srv.start()
    srv.store.create_bucket("signer-e2e", region="cn-hangzhou")
    for key in KEYS:
        srv.store.put_object("signer-e2e", key, f"body of {key}".encode(), "text/plain")
    yield srv
    srv.stop()


@pytest.mark.parametrize("sts", [False, True], ids=["ak", "sts"])
@pytest.mark.parametrize("version", ["v1", "v4"])
@pytest.mark.parametrize("key", KEYS, ids=lambda k: k[:16])
def test_signed_links_open(server, key: str, version: str, sts: bool) -> None:
    profile = Profile(
        endpoint=server.endpoint,
        access_key_id=STS_AK if sts else AK,
        access_key_secret=STS_SK if sts else SK,
        sts_token=STS_TOKEN if sts else "",
    )
    opts = build_share_options(
        sign_version=version, timeout="5m", query_params=["response-content-type:application/x-test; q=1"]
    )
    link = sign_link(profile, "signer-e2e", key, opts, region="cn-hangzhou")
    status, headers, body = fetch(link.url)
    assert status == 200, body[:300]
    assert body == f"body of {key}".encode()
    assert headers.get("Content-Type") == "application/x-test; q=1"


def test_slash_safe_link_opens(server) -> None:
    profile = Profile(endpoint=server.endpoint, access_key_id=AK, access_key_secret=SK)
    link = sign_link(
        profile, "signer-e2e", "中文/文件.txt", build_share_options(slash_safe=True), region="cn-hangzhou"
    )
    assert "/%E4%B8%AD%E6%96%87/" in link.url
    assert fetch(link.url).status == 200


def test_wrong_secret_is_refused(server) -> None:
    profile = Profile(endpoint=server.endpoint, access_key_id=AK, access_key_secret="wrong")
    link = sign_link(profile, "signer-e2e", "plain.txt", build_share_options(), region="cn-hangzhou")
    status, _, body = fetch(link.url)
    assert status == 403 and b"SignatureDoesNotMatch" in body


def test_lookup_bucket_region(server) -> None:
    from oss_share_tui.core.errors import RemoteError
    from oss_share_tui.storage.signer import lookup_bucket_region

    profile = Profile(endpoint=server.endpoint, access_key_id=AK, access_key_secret=SK)
    assert lookup_bucket_region(profile, "signer-e2e") == "cn-hangzhou"
    with pytest.raises(RemoteError) as err:
        lookup_bucket_region(profile, "no-such-bucket")
    assert err.value.code == "NoSuchBucket"
