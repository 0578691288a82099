"""Flag over environment over config file, for every setting the README's table lists, through the CLI.

Each setting is given differently in all three places; the URL that `oss-share sign` prints is read with the
standard library to see which one won (host, key id, region, token, signature version, history file).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bite.conftest import url_query

CONFIG = """\
[Credentials]
language = EN
endpoint = oss-cn-shanghai.aliyuncs.com
accessKeyID = LTAIfileKey
accessKeySecret = file-secret
stsToken = file-token
region = cn-shanghai
signVersion = v1

[Bucket-Cname]
bkt = file.example.com
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "ossutilconfig"
    path.write_text(CONFIG)
    path.chmod(0o600)
    return path


@pytest.fixture
def env(monkeypatch):
    values = {
        "OSS_ACCESS_KEY_ID": "LTAIenvKey",
        "OSS_ACCESS_KEY_SECRET": "env-secret",
        "OSS_SESSION_TOKEN": "env-token",
        "OSS_ENDPOINT": "oss-cn-beijing.aliyuncs.com",
        "OSS_REGION": "cn-beijing",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def _sign(run, *argv: str) -> dict:
    result = run("sign", "oss://bkt/a.txt", "--json", "--no-history", *argv)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_config_alone_is_used(run, config) -> None:
    link = _sign(run, "-c", str(config))
    q = url_query(link["url"])
    assert link["signature_version"] == "v1"
    assert q["OSSAccessKeyId"] == "LTAIfileKey"
    assert q["security-token"] == "file-token"
    # [Bucket-Cname] names this bucket's domain
    assert link["url"].startswith("https://file.example.com/a.txt?")


def test_environment_beats_config(run, config, env) -> None:
    link = _sign(run, "-c", str(config), "--sign-version", "v4")
    q = url_query(link["url"])
    assert q["x-oss-credential"].split("/")[0] == "LTAIenvKey"
    assert q["x-oss-credential"].split("/")[2] == "cn-beijing"
    assert q["x-oss-security-token"] == "env-token"


def test_flags_beat_environment_and_config(run, config, env) -> None:
    link = _sign(
        run,
        "-c",
        str(config),
        "-i",
        "LTAIflagKey",
        "-k",
        "flag-secret",
        "-t",
        "flag-token",
        "-e",
        "oss-cn-qingdao.aliyuncs.com",
        "--region",
        "cn-qingdao",
        "--sign-version",
        "v4",
        "--cname",
        "flag.example.org",
    )
    q = url_query(link["url"])
    assert link["signature_version"] == "v4"
    cred = q["x-oss-credential"].split("/")
    assert (cred[0], cred[2]) == ("LTAIflagKey", "cn-qingdao")
    assert q["x-oss-security-token"] == "flag-token"
    assert link["url"].startswith("https://flag.example.org/a.txt?")


def test_sign_version_flag_beats_config(run, config) -> None:
    """The case the issue names: a config file's signVersion must not beat --sign-version."""
    link = _sign(run, "-c", str(config), "--sign-version", "v4")
    assert link["signature_version"] == "v4"
    assert "x-oss-signature" in url_query(link["url"])
    config.write_text(CONFIG.replace("signVersion = v1", "signVersion = v4"))
    back = _sign(run, "-c", str(config), "--sign-version", "v1")
    assert back["signature_version"] == "v1"
    assert "Signature" in url_query(back["url"])


def test_endpoint_flag_beats_env_beats_config(run, config, env) -> None:
    # the cname of the config is for bucket "bkt"; use another bucket to see the endpoint itself
    def host(*argv: str) -> str:
        result = run("sign", "oss://other/a.txt", "--json", "--no-history", "-c", str(config), *argv)
        assert result.code == 0, result.err
        return json.loads(result.out)["url"].split("/")[2]

    assert host() == "other.oss-cn-beijing.aliyuncs.com"
    assert host("-e", "oss-cn-qingdao.aliyuncs.com") == "other.oss-cn-qingdao.aliyuncs.com"


def test_endpoint_from_config_when_env_has_none(run, config, monkeypatch) -> None:
    result = run("sign", "oss://other/a.txt", "--json", "--no-history", "-c", str(config))
    assert result.code == 0, result.err
    url = json.loads(result.out)["url"]
    assert url.split("/")[2] == "other.oss-cn-shanghai.aliyuncs.com"


def test_region_flag_beats_env_beats_config(run, config, env) -> None:
    def region(*argv: str) -> str:
        link = _sign(run, "-c", str(config), "--sign-version", "v4", *argv)
        return url_query(link["url"])["x-oss-credential"].split("/")[2]

    assert region() == "cn-beijing"
    assert region("--region", "cn-qingdao") == "cn-qingdao"


def test_region_from_config_when_env_has_none(run, config) -> None:
    link = _sign(run, "-c", str(config), "--sign-version", "v4")
    assert url_query(link["url"])["x-oss-credential"].split("/")[2] == "cn-shanghai"


def test_no_history_flag_beats_config_history_on(run, config) -> None:
    # HOME and XDG_DATA_HOME are isolated by the suite's conftest: the only history file is the one we make
    result = run("sign", "oss://bkt/a.txt", "-c", str(config))
    assert result.code == 0, result.err
    written = list(Path.home().rglob("history.jsonl"))
    assert len(written) == 1 and result.out.strip() in written[0].read_text()
    before = written[0].read_text()
    result = run("sign", "oss://bkt/b.txt", "-c", str(config), "--no-history")
    assert result.code == 0, result.err
    assert written[0].read_text() == before
