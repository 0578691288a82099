"""resolve_profile: flags > env > config file, ossutil 1.x and 2.0 formats, clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oss_share_tui.core.errors import ConfigError, InvalidInput
from oss_share_tui.storage.config import resolve_profile
from oss_share_tui.storage.region import region_from_endpoint, region_from_location

V1_CONFIG = """[Credentials]
language=EN
endpoint=oss-cn-hangzhou.aliyuncs.com
accessKeyID=FILE_ID
accessKeySecret=FILE%SECRET
stsToken=FILE_TOKEN
[Bucket-Endpoint]
shanghai-bucket=oss-cn-shanghai.aliyuncs.com
[Bucket-Cname]
cdn-bucket=static.example.com
"""

V2_CONFIG = """[default]
accessKeyId = DEF_ID
accessKeySecret = DEF_SECRET
region = cn-beijing

[profile dev]
access-key-id = DEV_ID
access-key-secret = DEV_SECRET
security-token = DEV_TOKEN
endpoint = https://oss-cn-shenzhen.aliyuncs.com
region = cn-shenzhen
sign-version = v1

[profile child]
source-profile = dev
region = eu-central-1
"""


def _write(home: Path, text: str, name: str = ".ossutilconfig", mode: int = 0o600) -> Path:
    path = home / name
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_ossutil1_default_file(_isolated_home: Path) -> None:
    _write(_isolated_home, V1_CONFIG)
    warnings: list[str] = []
    p = resolve_profile(warnings=warnings)
    assert (p.access_key_id, p.access_key_secret, p.sts_token) == ("FILE_ID", "FILE%SECRET", "FILE_TOKEN")
    assert p.endpoint == "https://oss-cn-hangzhou.aliyuncs.com"
    assert p.bucket_endpoints == {"shanghai-bucket": "oss-cn-shanghai.aliyuncs.com"}
    assert p.bucket_cnames == {"cdn-bucket": "static.example.com"}
    assert p.sign_version == "v4" and p.region == ""
    assert warnings == []


def test_ossutil2_default_and_profiles(_isolated_home: Path) -> None:
    path = _write(_isolated_home, V2_CONFIG, "other.ini")
    p = resolve_profile(config_file=str(path))
    assert (p.access_key_id, p.region, p.endpoint) == (
        "DEF_ID",
        "cn-beijing",
        "https://oss-cn-beijing.aliyuncs.com",
    )
    dev = resolve_profile(config_file=str(path), profile="dev")
    assert (dev.access_key_id, dev.access_key_secret, dev.sts_token) == ("DEV_ID", "DEV_SECRET", "DEV_TOKEN")
    assert dev.sign_version == "v1" and dev.endpoint == "https://oss-cn-shenzhen.aliyuncs.com"
    child = resolve_profile(config_file=str(path), profile="child")
    assert (child.access_key_id, child.region) == ("DEV_ID", "eu-central-1")
    with pytest.raises(ConfigError, match="profile 'nope'"):
        resolve_profile(config_file=str(path), profile="nope")


def test_precedence_flags_env_file(_isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(_isolated_home, V1_CONFIG)
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", "ENV_ID")
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", "ENV_SECRET")
    monkeypatch.setenv("OSS_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("OSS_REGION", "cn-env")
    p = resolve_profile()
    assert (p.access_key_id, p.access_key_secret, p.sts_token) == ("ENV_ID", "ENV_SECRET", "")
    assert (p.endpoint, p.region) == ("http://127.0.0.1:9", "cn-env")
    f = resolve_profile(
        access_key_id="F_ID",
        access_key_secret="F_SECRET",
        sts_token="F_TOK",
        endpoint="oss-cn-qingdao.aliyuncs.com",
        region="cn-qingdao",
        sign_version="V1",
    )
    assert (f.access_key_id, f.access_key_secret, f.sts_token) == ("F_ID", "F_SECRET", "F_TOK")
    assert (f.endpoint, f.region, f.sign_version) == (
        "https://oss-cn-qingdao.aliyuncs.com",
        "cn-qingdao",
        "v1",
    )
    # -t alone pairs with the keys from the environment
    assert resolve_profile(sts_token="ONLY_TOK").sts_token == "ONLY_TOK"


def test_env_session_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", " ENV_ID ")
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", "ENV_SECRET")
    monkeypatch.setenv("OSS_SESSION_TOKEN", "ENV_TOK")
    p = resolve_profile(endpoint="oss-cn-hangzhou.aliyuncs.com")
    assert (p.access_key_id, p.sts_token) == ("ENV_ID", "ENV_TOK")


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"endpoint": "oss-cn-hangzhou.aliyuncs.com"}, "no credentials"),
        ({"endpoint": "e.com", "access_key_id": "x"}, "without its secret"),
        ({"endpoint": "e.com", "access_key_secret": "x"}, "without its id"),
        ({"access_key_id": "x", "access_key_secret": "y"}, "no endpoint"),
    ],
)
def test_missing(kwargs: dict, needle: str) -> None:
    with pytest.raises(ConfigError) as err:
        resolve_profile(**kwargs)
    assert needle in str(err.value)
    assert "\n" not in str(err.value)
    assert "-i" in str(err.value) or "-e" in str(err.value)


def test_not_required() -> None:
    p = resolve_profile(require_credentials=False)
    assert not p.has_credentials and p.endpoint == ""


def test_garbled_and_missing_files(_isolated_home: Path) -> None:
    bad = _write(_isolated_home, "this is not ini\n[oops", "bad")
    with pytest.raises(ConfigError, match="not a valid ossutil config"):
        resolve_profile(config_file=str(bad), require_credentials=False)
    binary = _isolated_home / "bin"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError):
        resolve_profile(config_file=str(binary), require_credentials=False)
    with pytest.raises(ConfigError, match="does not exist"):
        resolve_profile(config_file=str(_isolated_home / "missing"), require_credentials=False)


def test_world_readable_warning_without_secrets(_isolated_home: Path) -> None:
    path = _write(_isolated_home, V1_CONFIG, mode=0o644)
    warnings: list[str] = []
    resolve_profile(warnings=warnings)
    assert len(warnings) == 1 and "chmod 600" in warnings[0] and str(path) in warnings[0]
    assert "FILE%SECRET" not in warnings[0] and "FILE_TOKEN" not in warnings[0]


@pytest.mark.parametrize("endpoint", ["ftp://host", "http://", "http://host:notaport"])
def test_bad_endpoint(endpoint: str) -> None:
    with pytest.raises(InvalidInput) as err:
        resolve_profile(endpoint=endpoint, access_key_id="a", access_key_secret="b")
    assert err.value.field == "endpoint"


def test_bad_sign_version() -> None:
    with pytest.raises(InvalidInput):
        resolve_profile(endpoint="e.com", access_key_id="a", access_key_secret="b", sign_version="v3")


@pytest.mark.parametrize(
    ("endpoint", "region"),
    [
        ("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou"),
        ("https://oss-cn-hangzhou-internal.aliyuncs.com", "cn-hangzhou"),
        ("http://oss-us-west-1.aliyuncs.com:80/", "us-west-1"),
        ("cn-beijing.oss.aliyuncs.com", "cn-beijing"),
        ("oss-accelerate.aliyuncs.com", None),
        ("oss-accelerate-overseas.aliyuncs.com", None),
        ("http://127.0.0.1:9000", None),
        ("localhost:8080", None),
        ("static.example.com", None),
        ("", None),
    ],
)
def test_region_from_endpoint(endpoint: str, region: str | None) -> None:
    assert region_from_endpoint(endpoint) == region


def test_region_from_location() -> None:
    assert region_from_location("oss-cn-hangzhou") == "cn-hangzhou"
    assert region_from_location("cn-demo") == "cn-demo"
