"""Each credential source people already have signs a link that localoss (its own verifier) then serves: the
ALIBABA_CLOUD_* env, aliyun CLI's config.json (AK, StsToken, RamRoleArn through the loopback STS over HTTPS),
ossutil 1.x and 2.0 credential modes, credential-process and the ECS role stand-in."""

from __future__ import annotations

import json
import os
import stat
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

from .conftest import (
    BODY,
    KEYS,
    ROLE_ARN,
    fetch,
    key_id_of,
    sign,
    sign_args,
    sign_subprocess,
)

HOME_CLI = ("LTAIclijson00000005", KEYS["LTAIclijson00000005"])
OSSUTIL = ("LTAIossutil00000003", KEYS["LTAIossutil00000003"])


def home() -> Path:
    return Path(os.environ["HOME"])


def write_cli_config(profiles: list[dict], current: str = "default") -> Path:
    path = home() / ".aliyun" / "config.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"current": current, "profiles": profiles}), encoding="utf-8")
    return path


def write_ossutil(text: str) -> Path:
    path = home() / ".ossutilconfig"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    path.chmod(0o600)
    return path


def assert_served(run, expected_key_id: str | None = None) -> dict:
    assert run.code == 0, run.err
    payload = run.payload
    status, body = fetch(payload["url"])
    assert (status, body) == (200, BODY)
    if expected_key_id is not None:
        assert key_id_of(payload["url"]) == expected_key_id
    return payload


def test_alibaba_cloud_env(oss) -> None:
    run = sign(
        sign_args(oss),
        {
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIalienv000000004",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": KEYS["LTAIalienv000000004"],
        },
    )
    payload = assert_served(run, "LTAIalienv000000004")
    assert payload["credential_source"] == "ALIBABA_CLOUD_ACCESS_KEY_ID env"


def test_alibaba_cloud_env_with_security_token(oss) -> None:
    oss.sts_credentials["STS.envtoken0001"] = ("env-sts-secret-1234567890", "env-sts-token-abcdefghij")
    run = sign(
        sign_args(oss),
        {
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "STS.envtoken0001",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "env-sts-secret-1234567890",
            "ALIBABA_CLOUD_SECURITY_TOKEN": "env-sts-token-abcdefghij",
        },
    )
    assert_served(run, "STS.envtoken0001")


def test_aliyun_config_ak_profile(oss) -> None:
    write_cli_config(
        [{"name": "default", "mode": "AK", "access_key_id": HOME_CLI[0], "access_key_secret": HOME_CLI[1]}]
    )
    payload = assert_served(sign(sign_args(oss)), HOME_CLI[0])
    assert payload["credential_source"] == "~/.aliyun/config.json profile 'default' (mode AK)"


def test_aliyun_config_sts_token_profile_chosen_by_env(oss) -> None:
    oss.sts_credentials["STS.cliprofile01"] = ("cli-sts-secret-0987654321", "cli-sts-token-zyxwvutsrq")
    write_cli_config(
        [
            {"name": "default", "mode": "AK", "access_key_id": "LTAIunknown", "access_key_secret": "nope"},
            {
                "name": "temp",
                "mode": "StsToken",
                "access_key_id": "STS.cliprofile01",
                "access_key_secret": "cli-sts-secret-0987654321",
                "sts_token": "cli-sts-token-zyxwvutsrq",
            },
        ]
    )
    payload = assert_served(sign(sign_args(oss), {"ALIBABA_CLOUD_PROFILE": "temp"}), "STS.cliprofile01")
    assert payload["credential_source"] == "~/.aliyun/config.json profile 'temp' (mode StsToken)"


def test_aliyun_config_profile_chosen_by_flag(oss) -> None:
    write_cli_config(
        [
            {"name": "default", "mode": "AK", "access_key_id": "LTAIunknown", "access_key_secret": "nope"},
            {"name": "work", "mode": "AK", "access_key_id": HOME_CLI[0], "access_key_secret": HOME_CLI[1]},
        ]
    )
    assert_served(sign(sign_args(oss, "--profile", "work")), HOME_CLI[0])


def test_aliyun_config_ram_role_arn_through_loopback_sts(oss, sts) -> None:
    write_cli_config(
        [
            {
                "name": "default",
                "mode": "RamRoleArn",
                "access_key_id": HOME_CLI[0],
                "access_key_secret": HOME_CLI[1],
                "ram_role_arn": ROLE_ARN,
                "ram_session_name": "t1",
                "expired_seconds": 3600,
                "sts_endpoint": sts.endpoint,
            }
        ]
    )
    run = sign(sign_args(oss, timeout="7d"))
    issued = sts.issued[-1]
    payload = assert_served(run, issued["AccessKeyId"])
    assert sts.requests == 1
    # A 7-day link signed with a 1-hour token lives as long as the token: the STS's own Expiration.
    assert payload["expires_in"] == 7 * 86400
    assert payload["effective_expires_at"] == issued["Expiration"]
    assert payload["credential_source"] == "~/.aliyun/config.json profile 'default' (mode RamRoleArn)"
    assert f"the STS token expires at {issued['Expiration']}" in run.err
    assert "stops working when the token does" in run.err


def test_ram_role_arn_needs_the_test_ca(oss, sts, monkeypatch) -> None:
    """The HTTPS really is verified: without the test CA in SSL_CERT_FILE the STS call fails (exit 3)."""
    monkeypatch.delenv("SSL_CERT_FILE")
    write_cli_config(
        [
            {
                "name": "default",
                "mode": "RamRoleArn",
                "access_key_id": HOME_CLI[0],
                "access_key_secret": HOME_CLI[1],
                "ram_role_arn": ROLE_ARN,
                "sts_endpoint": sts.endpoint,
            }
        ]
    )
    run = sign_subprocess(sign_args(oss), {"SSL_CERT_FILE": "/nonexistent-ca.pem"})
    assert run.code == 3 and run.out == ""
    assert "credentials from ~/.aliyun/config.json profile 'default' (mode RamRoleArn)" in run.err
    assert sts.issued == []


def test_ossutil1_ram_role_arn(oss, sts) -> None:
    write_ossutil(f"""
        [Credentials]
        language = EN
        endpoint = {oss.endpoint}
        accessKeyID = {OSSUTIL[0]}
        accessKeySecret = {OSSUTIL[1]}
        mode = RamRoleArn
        ramRoleArn = {ROLE_ARN}
        roleSessionName = ossutil1
        tokenTimeout = 900
        """)
    run = sign(sign_args(oss), {"ALIBABA_CLOUD_STS_ENDPOINT": sts.endpoint})
    payload = assert_served(run, sts.issued[-1]["AccessKeyId"])
    assert payload["credential_source"] == "~/.ossutilconfig [Credentials] (mode RamRoleArn)"


def test_ossutil2_ram_role_arn(oss, sts) -> None:
    write_ossutil(f"""
        [default]
        mode = RamRoleArn
        access-key-id = {OSSUTIL[0]}
        access-key-secret = {OSSUTIL[1]}
        role-arn = {ROLE_ARN}
        role-session-name = ossutil2
        sts-endpoint = {sts.endpoint}
        region = cn-hangzhou
        """)
    payload = assert_served(sign(sign_args(oss)), sts.issued[-1]["AccessKeyId"])
    assert payload["credential_source"] == "~/.ossutilconfig [default] (mode RamRoleArn)"


def test_ossutil2_credential_process(oss, tmp_path) -> None:
    expires = datetime(2099, 1, 1, tzinfo=timezone.utc)
    oss.sts_credentials["STS.process00001"] = (
        "process-secret-1122334455",
        "process-token-66778899",
        expires.timestamp(),
    )
    script = tmp_path / "creds.py"
    script.write_text(
        json.dumps(
            {
                "AccessKeyId": "STS.process00001",
                "AccessKeySecret": "process-secret-1122334455",
                "SecurityToken": "process-token-66778899",
                "Expiration": "2099-01-01T00:00:00Z",
            }
        ).join(["import sys; sys.stdout.write('''", "''')\n"])
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    write_ossutil(f"""
        [profile proc]
        credential-process = {sys.executable} {script}
        region = cn-hangzhou
        """)
    payload = assert_served(sign(sign_args(oss, "--profile", "proc")), "STS.process00001")
    assert payload["credential_source"] == "~/.ossutilconfig profile 'proc' (mode Process)"


def test_ecs_role_stand_in(oss, metadata) -> None:
    """The provider's metadata host is fixed (100.100.100.200); HTTP_PROXY routes it to the stand-in, which
    answers for that host only. A fresh process, as the library reads the ECS switches at import."""
    env = {
        "HTTP_PROXY": metadata.proxy_url,
        "NO_PROXY": "127.0.0.1,localhost",
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "false",
    }
    run = sign_subprocess(sign_args(oss), env)
    payload = assert_served(run, metadata.issued[-1]["AccessKeyId"])
    assert payload["credential_source"] == "the ECS RAM role (instance metadata)"
    # The library asked the role's name first, then its credentials.
    assert "/latest/meta-data/ram/security-credentials/" in metadata.paths
    assert f"/latest/meta-data/ram/security-credentials/{metadata.role}" in metadata.paths


def test_ossutil1_ecs_role_by_ak_service_url(oss, metadata) -> None:
    write_ossutil(f"""
        [Credentials]
        endpoint = {oss.endpoint}
        mode = EcsRamRole
        [AkService]
        ecsAk = {metadata.url}
        """)
    payload = assert_served(sign(sign_args(oss)), metadata.issued[-1]["AccessKeyId"])
    assert payload["credential_source"] == "~/.ossutilconfig [Credentials] (mode EcsRamRole)"


def test_plain_ak_flags_never_import_the_library(oss) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from oss_share_tui import cli\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    rc = cli.main({sign_args(oss, '-i', 'LTAIflags0000000001', '-k', KEYS['LTAIflags0000000001'])})"
        "\n"
        "assert rc == 0, rc\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('alibabacloud', 'Tea', 'aiohttp',"
        " 'apscheduler',"
        " 'oss_share_tui.storage.credential_sources', 'oss_share_tui.storage.library_providers')))\n"
        "print(bad)\n"
    )
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_credentials_uri_env(oss, metadata) -> None:
    payload = assert_served(sign(sign_args(oss), {"ALIBABA_CLOUD_CREDENTIALS_URI": metadata.url}),
                            metadata.issued[-1]["AccessKeyId"])
    assert payload["credential_source"] == "ALIBABA_CLOUD_CREDENTIALS_URI"
    # The URI's Expiration (6 h here) limits a 7-day link too.
    run = sign(sign_args(oss, timeout="7d"), {"ALIBABA_CLOUD_CREDENTIALS_URI": metadata.url})
    assert run.payload["effective_expires_at"] == metadata.issued[-1]["Expiration"]


def test_ossutil2_credential_uri(oss, metadata) -> None:
    write_ossutil(f"""
        [profile uri]
        credential-uri = {metadata.url}
        """)
    payload = assert_served(sign(sign_args(oss, "--profile", "uri")), metadata.issued[-1]["AccessKeyId"])
    assert payload["credential_source"] == "~/.ossutilconfig profile 'uri' (mode Uri)"


def test_oidc_rrsa_env_through_loopback_sts(oss, sts, tmp_path) -> None:
    """RRSA on ACK: the pod gets ALIBABA_CLOUD_ROLE_ARN, _OIDC_PROVIDER_ARN and a token file."""
    token_file = tmp_path / "token"
    token_file.write_text("eyJhbGciOiJSUzI1NiJ9.rrsa-test-token.sig")
    sts.oidc_tokens.add("eyJhbGciOiJSUzI1NiJ9.rrsa-test-token.sig")
    env = {"ALIBABA_CLOUD_ROLE_ARN": ROLE_ARN,
           "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1234567890123456:oidc-provider/ack-rrsa-test",
           "ALIBABA_CLOUD_OIDC_TOKEN_FILE": str(token_file), "ALIBABA_CLOUD_STS_ENDPOINT": sts.endpoint}
    payload = assert_served(sign(sign_args(oss), env), sts.issued[-1]["AccessKeyId"])
    assert payload["credential_source"] == "OIDC (ALIBABA_CLOUD_OIDC_TOKEN_FILE)"
    token_file.write_text("a-token-the-sts-does-not-know")
    sts.issued.clear()
    run = sign(sign_args(oss), env | {"ALIBABA_CLOUD_ROLE_SESSION_NAME": "second"})
    assert run.code == 3 and "AuthenticationFail.OIDCToken.Invalid" in run.err and sts.issued == []


def test_help_states_the_order() -> None:
    run = sign(["sign", "--help"])
    text = " ".join(run.out.split())
    assert run.code == 0
    order = ["-i/-k/-t flags", "OSS_ACCESS_KEY_ID", "the ossutil config", "the Alibaba Cloud default chain",
             "ALIBABA_CLOUD_* env", "~/.aliyun/config.json", "the ECS RAM role",
             "ALIBABA_CLOUD_CREDENTIALS_URI"]
    positions = [text.find(item) for item in order]
    assert -1 not in positions and positions == sorted(positions), positions
