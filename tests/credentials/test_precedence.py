"""Which source wins, for every pair: flags > OSS_* env > the ossutil config > the default chain (its
ALIBABA_CLOUD_* env > ~/.aliyun/config.json > ~/.alibabacloud/credentials.ini, the library's order). Each
source holds a different key id, all valid in localoss; the link's key id says who signed it. And a source
that is configured but broken gives one line and exit 3, naming it, never with a secret."""

from __future__ import annotations

import itertools
import json
import os
import socket
from pathlib import Path

import pytest

from .conftest import BODY, KEYS, ROLE_ARN, fetch, key_id_of, sign, sign_args

SOURCES = ("flags", "oss_env", "ossutil", "alibaba_env", "cli_json", "credentials_ini")
LABELS = {
    "flags": "-i/-k flags",
    "oss_env": "OSS_ACCESS_KEY_ID env",
    "ossutil": "~/.ossutilconfig [Credentials]",
    "alibaba_env": "ALIBABA_CLOUD_ACCESS_KEY_ID env",
    "cli_json": "~/.aliyun/config.json profile 'default' (mode AK)",
    "credentials_ini": "~/.alibabacloud/credentials.ini [default]",
}
KEY_OF = dict(zip(SOURCES, KEYS, strict=True))


def _set_up(source: str, args: list[str], env: dict[str, str]) -> None:
    """Configure one source with its own key pair."""
    ak = KEY_OF[source]
    sk = KEYS[ak]
    home = Path(os.environ["HOME"])
    if source == "flags":
        args += ["-i", ak, "-k", sk]
    elif source == "oss_env":
        env.update(OSS_ACCESS_KEY_ID=ak, OSS_ACCESS_KEY_SECRET=sk)
    elif source == "ossutil":
        path = home / ".ossutilconfig"
        path.write_text(f"[Credentials]\naccessKeyID = {ak}\naccessKeySecret = {sk}\n", encoding="utf-8")
        path.chmod(0o600)
    elif source == "alibaba_env":
        env.update(ALIBABA_CLOUD_ACCESS_KEY_ID=ak, ALIBABA_CLOUD_ACCESS_KEY_SECRET=sk)
    elif source == "cli_json":
        (home / ".aliyun").mkdir(exist_ok=True)
        (home / ".aliyun" / "config.json").write_text(
            json.dumps(
                {
                    "current": "default",
                    "profiles": [
                        {"name": "default", "mode": "AK", "access_key_id": ak, "access_key_secret": sk}
                    ],
                }
            )
        )
    elif source == "credentials_ini":
        (home / ".alibabacloud").mkdir(exist_ok=True)
        (home / ".alibabacloud" / "credentials.ini").write_text(
            f"[default]\nenable = true\ntype = access_key\naccess_key_id = {ak}\naccess_key_secret = {sk}\n"
        )


@pytest.mark.parametrize(("higher", "lower"), list(itertools.combinations(SOURCES, 2)))
def test_higher_source_wins(oss, higher: str, lower: str) -> None:
    extra: list[str] = []
    env: dict[str, str] = {}
    _set_up(lower, extra, env)
    _set_up(higher, extra, env)
    run = sign(sign_args(oss, *extra), env)
    assert run.code == 0, run.err
    assert key_id_of(run.payload["url"]) == KEY_OF[higher]
    assert run.payload["credential_source"] == LABELS[higher]
    assert fetch(run.payload["url"]) == (200, BODY)


@pytest.mark.parametrize("source", SOURCES)
def test_each_source_alone(oss, source: str) -> None:
    extra: list[str] = []
    env: dict[str, str] = {}
    _set_up(source, extra, env)
    run = sign(sign_args(oss, *extra), env)
    assert run.code == 0, run.err
    assert key_id_of(run.payload["url"]) == KEY_OF[source]
    assert fetch(run.payload["url"]) == (200, BODY)


# ---- one clear line, exit 3, naming the source ----------------------------------------------------------


def _error_line(run) -> str:
    assert run.code == 3, (run.out, run.err)
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert "Traceback" not in run.err
    for secret in KEYS.values():
        assert secret not in run.err
    return lines[0]


def test_broken_config_json(oss) -> None:
    home = Path(os.environ["HOME"])
    (home / ".aliyun").mkdir()
    (home / ".aliyun" / "config.json").write_text('{"current": "default", "profiles": [\n  {"name": ')
    line = _error_line(sign(sign_args(oss)))
    assert line.startswith("oss-share: error: credentials from ~/.aliyun/config.json: not valid JSON")


def test_config_json_without_the_profile(oss) -> None:
    home = Path(os.environ["HOME"])
    (home / ".aliyun").mkdir()
    (home / ".aliyun" / "config.json").write_text(json.dumps({"current": "default", "profiles": []}))
    line = _error_line(sign(sign_args(oss, "--profile", "nope")))
    assert line == "oss-share: error: credentials from ~/.aliyun/config.json: it has no profile 'nope'"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_sts(oss) -> None:
    home = Path(os.environ["HOME"])
    (home / ".aliyun").mkdir()
    ak = "LTAIclijson00000005"
    (home / ".aliyun" / "config.json").write_text(
        json.dumps(
            {
                "current": "default",
                "profiles": [
                    {
                        "name": "default",
                        "mode": "RamRoleArn",
                        "access_key_id": ak,
                        "access_key_secret": KEYS[ak],
                        "ram_role_arn": ROLE_ARN,
                        "sts_endpoint": f"127.0.0.1:{_closed_port()}",
                    }
                ],
            }
        )
    )
    line = _error_line(sign(sign_args(oss)))
    assert line.startswith(
        "oss-share: error: credentials from ~/.aliyun/config.json profile 'default' (mode RamRoleArn): "
    )


def test_sts_refuses_a_wrong_source_key(oss, sts) -> None:
    path = Path(os.environ["HOME"]) / ".ossutilconfig"
    path.write_text(
        f"[default]\nmode = RamRoleArn\naccess-key-id = LTAIossutil00000003\n"
        f"access-key-secret = wrong-secret-0000\nrole-arn = {ROLE_ARN}\nsts-endpoint = {sts.endpoint}\n"
    )
    path.chmod(0o600)
    line = _error_line(sign(sign_args(oss)))
    assert line.startswith(
        "oss-share: error: credentials from ~/.ossutilconfig [default] (mode RamRoleArn): "
    )
    assert "SignatureDoesNotMatch" in line
    assert sts.issued == []


def test_unknown_ossutil_mode(oss) -> None:
    path = Path(os.environ["HOME"]) / ".ossutilconfig"
    path.write_text("[default]\nmode = Telepathy\n")
    path.chmod(0o600)
    line = _error_line(sign(sign_args(oss)))
    assert line.startswith(
        "oss-share: error: credentials from ~/.ossutilconfig [default]: mode 'Telepathy' is not supported"
    )


def test_nothing_anywhere(oss) -> None:
    line = _error_line(sign(sign_args(oss)))
    assert line.startswith("oss-share: error: no credentials found: pass -i ID -k SECRET")
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in line and "~/.aliyun/config.json" in line


@pytest.fixture
def no_app(monkeypatch):
    """The app must not start: if it were reached, fail instead of running a terminal UI in the test."""
    import oss_share_tui.tui.app as app_module

    def refuse(*args, **kwargs):
        raise AssertionError("the TUI started")

    monkeypatch.setattr(app_module, "run_app", refuse)


def test_the_tui_refuses_to_start_on_a_broken_config_json(no_app) -> None:
    home = Path(os.environ["HOME"])
    (home / ".aliyun").mkdir()
    (home / ".aliyun" / "config.json").write_text("{not json")
    line = _error_line(sign(["-e", "127.0.0.1:9", "--region", "cn-hangzhou"]))
    assert line.startswith("oss-share: error: credentials from ~/.aliyun/config.json: not valid JSON")


def test_the_tui_refuses_to_start_with_no_credentials_anywhere(no_app) -> None:
    line = _error_line(sign(["-e", "127.0.0.1:9", "--region", "cn-hangzhou"]))
    assert line.startswith("oss-share: error: no credentials found: pass -i ID -k SECRET")


def test_aliyun_cli_region_is_the_default_region() -> None:
    from oss_share_tui.storage.config import resolve_profile

    home = Path(os.environ["HOME"])
    (home / ".aliyun").mkdir()
    (home / ".aliyun" / "config.json").write_text(json.dumps({"current": "sh", "profiles": [
        {"name": "sh", "mode": "AK", "access_key_id": "LTAIx", "access_key_secret": "y",
         "region_id": "cn-shanghai"}]}))
    profile = resolve_profile(require_credentials=False)
    assert (profile.region, profile.endpoint) == ("cn-shanghai", "https://oss-cn-shanghai.aliyuncs.com")
    assert resolve_profile(region="cn-beijing", require_credentials=False).region == "cn-beijing"
