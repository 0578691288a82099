"""Signer behaviour around the oss2 pitfalls: regions, params, endpoints, secrets."""

from __future__ import annotations

import pytest

from oss_share_tui.core.errors import ConfigError, InvalidInput
from oss_share_tui.core.options import ShareOptions, build_share_options
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import region_lookup_possible, sign_link

SECRET, TOKEN = "s3cr3t-value-xyz", "sts-token-value-abc"


def _profile(endpoint: str = "oss-cn-hangzhou.aliyuncs.com", **extra) -> Profile:
    return Profile(endpoint=endpoint, access_key_id="AKID", access_key_secret=SECRET, **extra)


@pytest.mark.parametrize(
    "endpoint", ["http://127.0.0.1:9", "https://oss-accelerate.aliyuncs.com", "example.com"]
)
def test_v4_without_region_is_refused(endpoint: str) -> None:
    with pytest.raises(InvalidInput) as err:
        sign_link(_profile(endpoint), "bucket", "k", ShareOptions())
    assert err.value.field == "region"
    assert "--region" in str(err.value) and "OSS_REGION" in str(err.value)


def test_v1_needs_no_region() -> None:
    link = sign_link(_profile("http://127.0.0.1:9"), "bucket", "k", build_share_options(sign_version="v1"))
    assert link.url.startswith("http://127.0.0.1:9/bucket/k?OSSAccessKeyId=AKID&Expires=")


def test_endpoint_without_scheme_is_https() -> None:
    link = sign_link(_profile("oss-cn-hangzhou.aliyuncs.com"), "bucket", "k", ShareOptions())
    assert link.url.startswith("https://bucket.oss-cn-hangzhou.aliyuncs.com/k?")


def test_options_are_not_mutated_and_reusable() -> None:
    opts = build_share_options(version_id="v", query_params=["response-content-type:text/plain"])
    before = opts.query_params()
    first = sign_link(_profile(sts_token=TOKEN), "bucket", "k", opts)
    second = sign_link(_profile(), "bucket", "k", opts)
    assert opts.query_params() == before
    assert "security-token" not in second.url and "security-token" in first.url


def test_no_secret_anywhere() -> None:
    link = sign_link(_profile(sts_token=TOKEN), "bucket", "k", ShareOptions())
    assert SECRET not in link.url
    assert TOKEN in link.url
    assert TOKEN not in repr(link) and SECRET not in repr(link)
    assert SECRET not in repr(_profile(sts_token=TOKEN)) and TOKEN not in repr(_profile(sts_token=TOKEN))


def test_missing_credentials() -> None:
    with pytest.raises(ConfigError):
        sign_link(Profile(endpoint="oss-cn-hangzhou.aliyuncs.com"), "bucket", "k", ShareOptions())


@pytest.mark.parametrize(("bucket", "key"), [("Bad_Bucket", "k"), ("bucket", ""), ("bucket", "/abs")])
def test_bad_names(bucket: str, key: str) -> None:
    with pytest.raises(InvalidInput):
        sign_link(_profile(), bucket, key, ShareOptions())


def test_v1_key_starting_with_question_mark_is_refused_cleanly() -> None:
    with pytest.raises(InvalidInput):
        sign_link(_profile(), "bucket", "?acl", build_share_options(sign_version="v1"))


def test_region_lookup_for_any_endpoint() -> None:
    # Any endpoint can be asked where a bucket lives: aliyuncs.com, a private domain, localoss on an IP.
    assert region_lookup_possible(_profile("oss-accelerate.aliyuncs.com"), "bucket")
    assert region_lookup_possible(_profile("http://127.0.0.1:9"), "bucket")
    assert region_lookup_possible(_profile("localhost:8080"), "bucket")
    assert region_lookup_possible(_profile("oss.example.com"), "bucket")
    assert not region_lookup_possible(_profile(""), "bucket")
