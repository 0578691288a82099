"""`oss-share sign`: the ossutil documentation examples, output format, secrets and exit codes."""

from __future__ import annotations

import json
import os
import re
import sys
import types
from datetime import datetime, timezone
from pathlib import Path

import pytest
import time_machine

from tests import sigref

NOW = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
AK, SK, TOKEN = "LTAI5tCliTestKeyId", "cli-secret-VALUE-123", "sts-TOKEN-value-456"
CREDS = ("-i", AK, "-k", SK)
HZ = ("-e", "oss-cn-hangzhou.aliyuncs.com")
PROCESS = "x-oss-process:image/resize,m_fixed,w_100,h_100/rotate,90"
ELAPSED = re.compile(r"^\n\d+\.\d{6}\(s\) elapsed\n$")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def v4(
    key: str,
    params=(),
    *,
    expires=60,
    host="oss-cn-hangzhou.aliyuncs.com",
    region="cn-hangzhou",
    bucket="examplebucket",
    token=None,
    slash_safe=False,
) -> str:
    return sigref.presign_v4(
        scheme="https",
        host=host,
        bucket=bucket,
        key=key,
        access_key_id=AK,
        secret=SK,
        region=region,
        when=NOW,
        expires=expires,
        params=list(params),
        token=token,
        slash_safe=slash_safe,
    )


def v1(
    key: str,
    params=(),
    *,
    expires=60,
    host="oss-cn-hangzhou.aliyuncs.com",
    bucket="examplebucket",
    token=None,
) -> str:
    return sigref.presign_v1(
        scheme="https",
        host=host,
        bucket=bucket,
        key=key,
        access_key_id=AK,
        secret=SK,
        expires=int(NOW.timestamp()) + expires,
        params=list(params),
        token=token,
    )


# The examples of the ossutil `sign` documentation, with our V4 default.
OSSUTIL_EXAMPLES = {
    "default-60s": ((), v4("exampleobject.txt")),
    "timeout-3600": (("--timeout", "3600"), v4("exampleobject.txt", expires=3600)),
    "timeout-7200-trafic-limit": (
        ("--timeout", "7200", "--trafic-limit", "838860800"),
        v4("exampleobject.txt", [("x-oss-traffic-limit", "838860800")], expires=7200),
    ),
    "version-id": (
        ("--version-id", "CAEQARiBgID8rumR2hYiIGUyOTAyZGY2MzU5MjQ5ZjlhYzQzZjNlYTAyZDE3****"),
        v4(
            "exampleobject.txt",
            [("versionId", "CAEQARiBgID8rumR2hYiIGUyOTAyZGY2MzU5MjQ5ZjlhYzQzZjNlYTAyZDE3****")],
        ),
    ),
    "query-param-process": (
        ("--query-param", PROCESS),
        v4("exampleobject.txt", [("x-oss-process", "image/resize,m_fixed,w_100,h_100/rotate,90")]),
    ),
    "query-param-process-and-traffic": (
        ("--query-param", PROCESS, "--query-param", "x-oss-traffic-limit:819200"),
        v4(
            "exampleobject.txt",
            [
                ("x-oss-traffic-limit", "819200"),
                ("x-oss-process", "image/resize,m_fixed,w_100,h_100/rotate,90"),
            ],
        ),
    ),
}


@pytest.mark.parametrize("name", list(OSSUTIL_EXAMPLES))
def test_ossutil_doc_examples(run, name: str) -> None:
    extra, expected = OSSUTIL_EXAMPLES[name]
    result = run("sign", "oss://examplebucket/exampleobject.txt", *extra, *CREDS, *HZ)
    assert result.code == 0, result.err
    assert result.out == expected + "\n"
    assert ELAPSED.match(result.err), result.err


def test_ossutil_doc_example_endpoint_and_keys_on_command_line(run) -> None:
    result = run(
        "sign", "oss://examplebucket/exampleobject.txt", "-e", "oss-cn-shanghai.aliyuncs.com", *CREDS
    )
    assert result.code == 0, result.err
    assert (
        result.out
        == v4("exampleobject.txt", host="oss-cn-shanghai.aliyuncs.com", region="cn-shanghai") + "\n"
    )


def test_v1_on_request(run) -> None:
    result = run(
        "sign",
        "oss://examplebucket/a b/中.txt",
        "--sign-version",
        "v1",
        "--timeout",
        "15m",
        "--payer",
        "requester",
        *CREDS,
        *HZ,
    )
    assert result.out == v1("a b/中.txt", [("x-oss-request-payer", "requester")], expires=900) + "\n"


def test_disable_encode_slash_and_sts(run) -> None:
    result = run(
        "sign", "oss://examplebucket/dir/sub/f.txt", "--disable-encode-slash", "-t", TOKEN, *CREDS, *HZ
    )
    assert result.out == v4("dir/sub/f.txt", token=TOKEN, slash_safe=True) + "\n"


def test_env_credentials_and_region(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", AK)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", SK)
    monkeypatch.setenv("OSS_SESSION_TOKEN", TOKEN)
    monkeypatch.setenv("OSS_ENDPOINT", "oss-accelerate.aliyuncs.com")
    monkeypatch.setenv("OSS_REGION", "cn-shenzhen")
    result = run("sign", "oss://examplebucket/k")
    assert result.out == v4("k", host="oss-accelerate.aliyuncs.com", region="cn-shenzhen", token=TOKEN) + "\n"


def test_config_file_and_cname(run, _isolated_home: Path) -> None:
    config = _isolated_home / "ossutil.ini"
    config.write_text(
        f"[Credentials]\nendpoint=oss-cn-hangzhou.aliyuncs.com\naccessKeyID={AK}\naccessKeySecret={SK}\n"
        "[Bucket-Cname]\nexamplebucket=static.example.com\n",
        encoding="utf-8",
    )
    os.chmod(config, 0o600)
    result = run("sign", "oss://examplebucket/k", "-c", str(config))
    expected = sigref.presign_v4(
        scheme="https",
        host="static.example.com",
        bucket="examplebucket",
        key="k",
        access_key_id=AK,
        secret=SK,
        region="cn-hangzhou",
        when=NOW,
        expires=60,
        style="cname",
    )
    assert result.out == expected + "\n"
    flag = run("sign", "oss://otherbucket/k", "--cname", "cdn.example.org", *CREDS, *HZ)
    assert flag.out.startswith("https://cdn.example.org/k?")


def test_json_output_has_no_secrets(run) -> None:
    result = run(
        "sign",
        "oss://examplebucket/k",
        "--json",
        "--timeout",
        "2h",
        "--version-id",
        "v9",
        "-t",
        TOKEN,
        *CREDS,
        *HZ,
    )
    assert result.code == 0
    payload = json.loads(result.out)
    assert set(payload) == {
        "url",
        "bucket",
        "key",
        "version_id",
        "signature_version",
        "expires_at",
        "expires_in",
        "effective_expires_at",
        "credential_source",
    }
    assert payload["credential_source"] == "-i/-k flags"
    assert payload["url"] == v4("k", [("versionId", "v9")], expires=7200, token=TOKEN)
    assert payload["expires_at"] == "2024-05-06T09:08:09Z"
    assert (payload["bucket"], payload["key"], payload["version_id"]) == ("examplebucket", "k", "v9")
    assert (payload["signature_version"], payload["expires_in"]) == ("v4", 7200)
    without_url = {k: v for k, v in payload.items() if k != "url"}
    assert SK not in result.out and TOKEN not in json.dumps(without_url)
    assert SK not in result.err and TOKEN not in result.err


def _valid(*extra: str) -> tuple[str, ...]:
    return ("sign", "oss://examplebucket/k", *CREDS, *HZ, *extra)


BAD_INPUT = {
    "cloud-url-scheme": ("sign", "examplebucket/k", *CREDS, *HZ),
    "cloud-url-bucket-only": ("sign", "oss://examplebucket", *CREDS, *HZ),
    "cloud-url-bad-bucket": ("sign", "oss://Bad_Bucket/k", *CREDS, *HZ),
    "cloud-url-missing": ("sign", *CREDS, *HZ),
    "unknown-query-param": _valid("--query-param", "x-oss-foo:1"),
    "query-param-no-colon": _valid("--query-param", "response-content-type"),
    "duplicate-query-param": _valid(
        "--query-param", "response-expires:a", "--query-param", "response-expires:b"
    ),
    "bad-process": _valid("--query-param", "x-oss-process:resize,w_1"),
    "traffic-low": _valid("--traffic-limit", "819199"),
    "traffic-high": _valid("--trafic-limit", "838860801"),
    "traffic-query-param-low": _valid("--query-param", "x-oss-traffic-limit:100"),
    "traffic-twice": _valid("--traffic-limit", "819200", "--query-param", "x-oss-traffic-limit:819200"),
    "timeout-0": _valid("--timeout", "0"),
    "timeout-negative": _valid("--timeout", "-5"),
    "timeout-garbage": _valid("--timeout", "soon"),
    "timeout-v4-over-7-days": _valid("--timeout", "604801"),
    "timeout-v1-overflow": _valid("--sign-version", "v1", "--timeout", "9223372036854775807"),
    "payer": _valid("--payer", "owner"),
    "empty-version-id": _valid("--version-id", ""),
    "sign-version": _valid("--sign-version", "v2"),
    "unknown-option": _valid("--bogus"),
    "v4-no-region-ip": ("sign", "oss://examplebucket/k", *CREDS, "-e", "http://127.0.0.1:9"),
    "v4-no-region-custom-domain": ("sign", "oss://examplebucket/k", *CREDS, "-e", "oss.example.com"),
    "bad-endpoint": ("sign", "oss://examplebucket/k", *CREDS, "-e", "ftp://x"),
}


@pytest.mark.parametrize("name", list(BAD_INPUT))
def test_bad_input_exit_2(run, name: str) -> None:
    result = run(*BAD_INPUT[name], "-t", TOKEN)
    assert result.code == 2, result.err
    assert result.out == ""
    assert result.err.startswith("oss-share: error: ")
    assert result.err.count("\n") == 1 and result.err.endswith("\n"), result.err
    assert "Traceback" not in result.err and "usage:" not in result.err
    assert SK not in result.err and TOKEN not in result.err


def test_no_region_message_says_how(run) -> None:
    result = run(*BAD_INPUT["v4-no-region-ip"])
    assert "--region" in result.err and "OSS_REGION" in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ("sign", "oss://examplebucket/k", *HZ),
        ("sign", "oss://examplebucket/k", "-i", AK, *HZ),
        ("sign", "oss://examplebucket/k", "-k", SK, *HZ),
        ("sign", "oss://examplebucket/k", *CREDS),
        ("sign", "oss://examplebucket/k", *CREDS, "-c", "/nonexistent/ossutilconfig"),
    ],
    ids=["none", "id-only", "secret-only", "no-endpoint", "missing-config"],
)
def test_missing_credentials_exit_3(run, argv: tuple[str, ...]) -> None:
    result = run(*argv)
    assert result.code == 3, result.err
    assert result.out == ""
    assert result.err.startswith("oss-share: error: ") and result.err.count("\n") == 1
    assert SK not in result.err


def test_secret_never_echoed_in_errors(run) -> None:
    # Even an error about the endpoint built from user text must not repeat the secret.
    result = run("sign", "oss://examplebucket/k", "-i", AK, "-k", SK, "-e", f"http://{SK}:x")
    assert result.code == 2 and SK not in result.err


def test_sts_expiry_warning(run, _isolated_home: Path) -> None:
    config = _isolated_home / ".ossutilconfig"
    config.write_text(
        f"[Credentials]\nendpoint=oss-cn-hangzhou.aliyuncs.com\naccessKeyID={AK}\naccessKeySecret={SK}\n"
        f"stsToken={TOKEN}\nstsTokenExpiration=2024-05-06T08:00:00Z\n",
        encoding="utf-8",
    )
    os.chmod(config, 0o600)
    short = run("sign", "oss://examplebucket/k", "--timeout", "1h")
    assert short.code == 0
    assert "oss-share: warning: the STS token expires at 2024-05-06T08:00:00Z" in short.err
    assert TOKEN not in short.err and SK not in short.err
    fine = run("sign", "oss://examplebucket/k", "--timeout", "10m")
    assert "warning" not in fine.err


def test_world_readable_config_warns(run, _isolated_home: Path) -> None:
    config = _isolated_home / ".ossutilconfig"
    config.write_text(
        f"[Credentials]\nendpoint=oss-cn-hangzhou.aliyuncs.com\naccessKeyID={AK}\naccessKeySecret={SK}\n",
        encoding="utf-8",
    )
    os.chmod(config, 0o644)
    result = run("sign", "oss://examplebucket/k")
    assert result.code == 0
    assert "oss-share: warning: config file" in result.err and "chmod 600" in result.err
    assert SK not in result.err


class _FakePyperclip(types.ModuleType):
    class PyperclipException(RuntimeError):
        pass

    def __init__(self, keeps: bool = True, fails: bool = False) -> None:
        super().__init__("pyperclip")
        self.keeps, self.fails, self.buffer = keeps, fails, ""

    def copy(self, text: str) -> None:
        if self.fails:
            raise self.PyperclipException("could not find a copy/paste mechanism")
        if self.keeps:
            self.buffer = text

    def paste(self) -> str:
        return self.buffer


@pytest.mark.parametrize(
    ("display", "fake", "copied", "needle"),
    [
        (None, None, False, "no display"),
        (":0", _FakePyperclip(), True, "copied to the clipboard"),
        (":0", _FakePyperclip(keeps=False), False, "did not take"),
        (":0", _FakePyperclip(fails=True), False, "no clipboard tool"),
    ],
    ids=["no-display", "works", "stale-display", "no-tool"],
)
def test_copy(run, monkeypatch: pytest.MonkeyPatch, display, fake, copied: bool, needle: str) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    if display:
        monkeypatch.setenv("DISPLAY", display)
    if fake is not None:
        monkeypatch.setitem(sys.modules, "pyperclip", fake)
    result = run(*_valid("--copy"))
    assert result.code == 0
    assert result.out == v4("k") + "\n"
    assert needle in result.err
    assert ("not copied" in result.err) is not copied
    if fake is not None and copied:
        assert fake.buffer == v4("k")


def test_region_only_gives_endpoint(run) -> None:
    result = run("sign", "oss://examplebucket/k", *CREDS, "--region", "cn-shanghai")
    assert result.out == v4("k", host="oss-cn-shanghai.aliyuncs.com", region="cn-shanghai") + "\n"


def test_region_lookup_for_aliyun_endpoint_without_region(run, monkeypatch: pytest.MonkeyPatch) -> None:
    from oss_share_tui.core.errors import RemoteError
    from oss_share_tui.storage import signer

    asked: list[str] = []

    def found(profile, bucket):
        asked.append(bucket)
        return "ap-southeast-1"

    monkeypatch.setattr(signer, "lookup_bucket_region", found)
    ok = run("sign", "oss://examplebucket/k", *CREDS, "-e", "oss-accelerate.aliyuncs.com")
    assert asked == ["examplebucket"]
    assert ok.out == v4("k", host="oss-accelerate.aliyuncs.com", region="ap-southeast-1") + "\n"

    def fails(profile, bucket):
        raise RemoteError("denied", code="AccessDenied")

    monkeypatch.setattr(signer, "lookup_bucket_region", fails)
    bad = run("sign", "oss://examplebucket/k", *CREDS, "-e", "oss-accelerate.aliyuncs.com")
    assert bad.code == 2 and bad.out == ""
    assert "AccessDenied" in bad.err and "--region" in bad.err and bad.err.count("\n") == 1
