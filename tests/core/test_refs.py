"""oss:// parsing and the bucket/key rules."""

from __future__ import annotations

import pytest

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.refs import OssRef, parse_oss_url, validate_bucket_name, validate_key


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("oss://bucket", OssRef("bucket", "")),
        ("oss://bucket/", OssRef("bucket", "")),
        ("oss://bucket/a.txt", OssRef("bucket", "a.txt")),
        ("oss://bucket/dir/", OssRef("bucket", "dir/")),
        ("oss://bucket/a//b c?#%+", OssRef("bucket", "a//b c?#%+")),
        ("OSS://bucket/x", OssRef("bucket", "x")),
        ("oss://b-1/中文", OssRef("b-1", "中文")),
    ],
)
def test_parse(text: str, ref: OssRef) -> None:
    assert parse_oss_url(text) == ref


def test_prefix_and_str() -> None:
    assert OssRef("b12", "").is_prefix and OssRef("b12", "d/").is_prefix
    assert not OssRef("b12", "f").is_prefix
    assert str(OssRef("b12", "d/f")) == "oss://b12/d/f"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("bucket/key", "oss://"),
        ("s3://bucket/key", "oss://"),
        ("oss://", "no bucket"),
        ("oss:///key", "no bucket"),
        ("oss://Bucket/key", "lower-case"),
        ("oss://ab/key", "3 to 63"),
        ("oss://-ab/key", "start and end"),
        ("oss://bucket//key", "must not start"),
        ("oss://bucket/\\key", "must not start"),
        ("oss://bucket/" + "a" * 1024, "1023"),
    ],
)
def test_parse_rejects(text: str, needle: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_oss_url(text)
    assert needle in str(err.value)
    assert err.value.field == "cloud_url"
    assert "\n" not in str(err.value)


def test_require_key() -> None:
    with pytest.raises(InvalidInput, match="names a bucket, not an object"):
        parse_oss_url("oss://bucket/", require_key=True)
    assert parse_oss_url("oss://bucket/k", require_key=True).key == "k"


def test_key_limits() -> None:
    assert validate_key("a" * 1023)
    assert validate_key("中" * 341)  # 1023 bytes
    with pytest.raises(InvalidInput, match="1024 bytes"):
        validate_key("中" * 341 + "a")
    with pytest.raises(InvalidInput):
        validate_key("")
    with pytest.raises(InvalidInput, match="UTF-8"):
        validate_key("a\udcff")


@pytest.mark.parametrize("name", ["abc", "a" * 63, "0-9", "my-bucket-1"])
def test_bucket_ok(name: str) -> None:
    assert validate_bucket_name(name) == name


@pytest.mark.parametrize("name", ["", "ab", "a" * 64, "a_b", "abc-", "ABC", "a.b", "中文桶"])
def test_bucket_bad(name: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_bucket_name(name)
    assert err.value.field == "bucket"
