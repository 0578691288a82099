"""The profile remembers where its endpoint (and, from the credential chain, its key) came from."""

from __future__ import annotations

from pathlib import Path

from oss_share_tui.storage.config import resolve_profile

CONFIG = """[Credentials]
endpoint=oss-cn-hangzhou.aliyuncs.com
accessKeyID=FILE_ID
accessKeySecret=FILE_SECRET
"""


def test_flags_win_and_are_named(tmp_path: Path) -> None:
    path = tmp_path / "cfg"
    path.write_text(CONFIG)
    profile = resolve_profile(endpoint="http://127.0.0.1:1", access_key_id="I", access_key_secret="K",
                              config_file=str(path), environ={})
    assert profile.endpoint_source == "-e/--endpoint"
    assert profile.credential_source == "-i/-k flags"


def test_environment_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cfg"
    path.write_text(CONFIG)
    env = {"OSS_ENDPOINT": "oss-cn-shanghai.aliyuncs.com", "OSS_ACCESS_KEY_ID": "E", "OSS_ACCESS_KEY_SECRET": "S"}
    profile = resolve_profile(config_file=str(path), environ=env)
    assert profile.endpoint_source == "OSS_ENDPOINT"
    assert profile.credential_source == "OSS_ACCESS_KEY_ID env"


def test_config_file_is_named_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "cfg"
    path.write_text(CONFIG)
    profile = resolve_profile(config_file=str(path), environ={})
    assert profile.endpoint_source == f"endpoint in {path}"
    assert str(path.name) in profile.credential_source
