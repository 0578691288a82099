"""Secrets: with a known, distinctive secret and STS token, every command and the TUI share flow are run,
and every place a user could see is searched: stdout, stderr, log output (root logging at DEBUG), the history
file, screenshots and the exported files. The secret is nowhere; the token only inside URLs, as the value of
their (x-oss-)security-token parameter. Also: a config file others can read gets a warning, and oss2's own
DEBUG/INFO logging (which holds the token) never reaches a handler."""

from __future__ import annotations

import html
import io
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from oss_share_tui.core.refs import OssRef
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.history import default_history_path
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui.app import OssShareApp
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from tests.tui.conftest import settle

from .conftest import REGION, SK, STS_AK, STS_SK, STS_TOKEN, cli_env, new_server, run_cli

BUCKET = "secret-bucket"
KEYS = ("docs/a.txt", "docs/b c.txt", "docs/中文.txt", "report.pdf")
SECRET_PIECES = (SK, STS_SK, SK[4:20], STS_SK[4:20])
"""The secrets, and pieces of them (a wrapped or cut line would still leak a piece)."""
_TOKEN_IN_URL = re.compile(r"(?:x-oss-security-token|security-token)=$")


def leaks(text: str) -> list[str]:
    """What `text` gives away: any piece of a secret, or the token outside a URL's token parameter."""
    found = [f"secret piece {piece[:6]}…" for piece in SECRET_PIECES if piece in text]
    text = html.unescape(text)
    start = 0
    while (at := text.find(STS_TOKEN, start)) >= 0:
        if not _TOKEN_IN_URL.search(text[max(0, at - 40) : at]):
            found.append(f"token outside a URL: …{text[max(0, at - 40) : at]!r}")
        start = at + 1
    return found


@pytest.fixture
def debug_logging(tmp_path) -> Iterator[tuple[Path, io.StringIO]]:
    """Root logging at DEBUG into a file and a stream (as a user's `logging.basicConfig(level=DEBUG)` would),
    with the oss2 loggers set to DEBUG too, as `oss2.set_stream_logger()` does."""
    root = logging.getLogger()
    saved_level = root.level
    names = ("oss2", "oss2.auth", "oss2.http", "oss2.api")
    oss2_levels = {name: logging.getLogger(name).level for name in names}
    log_file = tmp_path / "debug.log"
    file_handler = logging.FileHandler(log_file, encoding="utf-8")
    stream = io.StringIO()
    stream_handler = logging.StreamHandler(stream)
    for handler in (file_handler, stream_handler):
        handler.setLevel(logging.DEBUG)
        handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in oss2_levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield log_file, stream
    finally:
        for handler in (file_handler, stream_handler):
            root.removeHandler(handler)
            handler.close()
        root.setLevel(saved_level)
        for name, level in oss2_levels.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture
def sts_server():
    with new_server() as srv:
        srv.store.create_bucket(BUCKET, region=REGION)
        for key in KEYS:
            srv.store.put_object(BUCKET, key, key.encode())
        yield srv


async def test_secret_never_shown_and_token_only_inside_urls(sts_server, debug_logging, tmp_path) -> None:
    log_file, log_stream = debug_logging
    env = cli_env(sts_server, sts=True)
    seen: dict[str, str] = {}
    urls: list[str] = []

    def cli(name: str, *argv: str, code: int = 0, use_env: dict | None = None) -> None:
        result = run_cli(list(argv), env if use_env is None else use_env)
        assert result.code == code, (name, result.err)
        seen[f"{name} stdout"], seen[f"{name} stderr"] = result.out, result.err

    # sign: credentials as flags (in argv), then from the environment; single, JSON and recursive exports.
    cli("sign flags", "sign", f"oss://{BUCKET}/report.pdf", "-e", sts_server.endpoint, "--region", REGION,
        "-i", STS_AK, "-k", STS_SK, "-t", STS_TOKEN, use_env={})
    urls.append(seen["sign flags stdout"].strip())
    cli("sign v1", "sign", f"oss://{BUCKET}/report.pdf", "--sign-version", "v1")
    urls.append(seen["sign v1 stdout"].strip())
    cli("sign json", "sign", f"oss://{BUCKET}/docs/a.txt", "--json", "--timeout", "1h")
    exports = {fmt: tmp_path / f"links.{fmt}" for fmt in ("csv", "jsonl", "markdown", "urls")}
    for fmt, path in exports.items():
        cli(f"recursive {fmt}", "sign", f"oss://{BUCKET}/docs/", "--recursive", "--export", fmt,
            "-o", str(path))
    cli("recursive stdout", "sign", f"oss://{BUCKET}/", "-r", "--json")
    # inspect, with the credentials (it checks the signature with the secret) and without.
    for n, url in enumerate(urls):
        cli(f"inspect {n}", "inspect", url)
        cli(f"inspect json {n}", "inspect", url, "--json")
        cli(f"inspect bare {n}", "inspect", url, use_env={})
        assert "valid" in seen[f"inspect {n} stdout"]
    # Errors with the secrets in play: bad input, and OSS refusing (its SignatureDoesNotMatch XML carries a
    # StringToSign with the token in it).
    cli("bad input", "sign", f"oss://{BUCKET}/report.pdf", "--timeout", "0", "-k", STS_SK, "-t", STS_TOKEN,
        code=2)
    wrong = env | {"OSS_ACCESS_KEY_SECRET": STS_SK[::-1]}
    cli("refused", "sign", f"oss://{BUCKET}/docs/", "-r", code=1, use_env=wrong)
    assert "SignatureDoesNotMatch" in seen["refused stderr"]

    # The TUI: open the share form on an object, create the link, look at history.
    profile = Profile(endpoint=sts_server.endpoint, access_key_id=STS_AK, access_key_secret=STS_SK,
                      sts_token=STS_TOKEN, region=REGION)
    app = OssShareApp(profile, OssRef(BUCKET, ""), gateway=OssGateway(profile, retries=1, backoff=0.01))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = app.screen.object_list
        rows.cursor = [getattr(r, "key", "") for r in rows.rows].index("report.pdf")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShareFormScreen)
        seen["screenshot form"] = app.export_screenshot()
        await pilot.press("ctrl+s")
        await settle(pilot)
        seen["screenshot result"] = app.export_screenshot()
        assert app.last_link and STS_TOKEN in app.last_link
        urls.append(app.last_link)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        seen["screenshot history"] = app.export_screenshot()
        seen["notifications"] = "\n".join(f"{n.title} {n.message}" for n in app._notifications)
        seen["clipboard"] = app.clipboard

    for fmt, path in exports.items():
        seen[f"export {fmt}"] = path.read_text(encoding="utf-8")
    seen["history file"] = default_history_path().read_text(encoding="utf-8")
    seen["log file"] = log_file.read_text(encoding="utf-8")
    seen["log stream"] = log_stream.getvalue()

    problems = {name: found for name, text in seen.items() if (found := leaks(text))}
    assert problems == {}
    # Not vacuous: the token is really there, in the links, and the logs did receive records.
    assert all(STS_TOKEN in url for url in urls)
    assert STS_TOKEN in seen["export csv"] and STS_TOKEN in seen["history file"]
    assert seen["log file"].strip(), "nothing was logged at all: the capture is not working"


def _oss2_records(stream: io.StringIO) -> list[str]:
    return [line for line in stream.getvalue().splitlines() if line.startswith("oss2")]


def test_oss2_debug_logging_never_reaches_a_handler(sts_server, debug_logging) -> None:
    _, stream = debug_logging
    stderr = io.StringIO()
    stderr_handler = logging.StreamHandler(stderr)  # what logging.basicConfig() gives: root -> stderr
    logging.getLogger().addHandler(stderr_handler)
    try:
        for version in ("v1", "v4"):
            assert run_cli(["sign", f"oss://{BUCKET}/report.pdf", "--sign-version", version],
                           cli_env(sts_server, sts=True)).code == 0
            logging.getLogger("oss2").setLevel(logging.DEBUG)  # lowered again between calls: still clamped
            gateway = OssGateway(Profile(endpoint=sts_server.endpoint, access_key_id=STS_AK,
                                         access_key_secret=STS_SK, sts_token=STS_TOKEN, region=REGION,
                                         sign_version=version), retries=0)
            assert len(gateway.list_prefix(BUCKET, "docs/").items) == 3
            assert gateway.head_object(BUCKET, "report.pdf").size == len(b"report.pdf")
            with pytest.raises(Exception):  # noqa: B017 - an OSS error answer, whose INFO log holds the token
                OssGateway(Profile(endpoint=sts_server.endpoint, access_key_id=STS_AK,
                                   access_key_secret="wrong", sts_token=STS_TOKEN, region=REGION,
                                   sign_version=version), retries=0).list_prefix(BUCKET, "")
    finally:
        logging.getLogger().removeHandler(stderr_handler)
    assert STS_TOKEN not in stream.getvalue() + stderr.getvalue()
    assert STS_SK not in stream.getvalue() + stderr.getvalue()
    assert _oss2_records(stream) == []  # oss2 below WARNING says nothing at all
    assert logging.getLogger("oss2").getEffectiveLevel() >= logging.WARNING


@pytest.mark.parametrize(("mode", "warned"), [(0o600, False), (0o400, False), (0o640, True), (0o644, True),
                                              (0o604, True), (0o660, True)])
def test_a_config_file_others_can_read_gets_a_warning(sts_server, tmp_path, mode, warned) -> None:
    config = tmp_path / "ossutilconfig"
    config.write_text(f"[Credentials]\nlanguage=EN\nendpoint={sts_server.endpoint}\naccessKeyID={STS_AK}\n"
                      f"accessKeySecret={STS_SK}\nstsToken={STS_TOKEN}\n", encoding="utf-8")
    os.chmod(config, mode)
    link = "http://127.0.0.1:1/b/k?OSSAccessKeyId=a&Expires=1&Signature=x"
    no_env = {"OSS_ACCESS_KEY_ID": "", "OSS_ACCESS_KEY_SECRET": "", "OSS_SESSION_TOKEN": ""}
    for argv in (["sign", f"oss://{BUCKET}/report.pdf", "--region", REGION, "-c", str(config)],
                 ["inspect", link, "-c", str(config)]):
        result = run_cli(argv, no_env)
        assert result.code == 0, result.err
        warnings = [line for line in result.err.splitlines() if line.startswith("oss-share: warning:")]
        if warned:
            assert len(warnings) == 1
            assert str(config) in warnings[0] and f"{mode:o}" in warnings[0] and "chmod 600" in warnings[0]
        else:
            assert warnings == []
        assert leaks(result.out + result.err) == []


@pytest.mark.parametrize(
    "text",
    [
        f"accessKeySecret={STS_SK}\n",  # no section header
        f"[Credentials]\naccessKeySecret={STS_SK}\n[broken\n{STS_SK}\n",  # a parse error after the secret
        f"[Credentials]\n{STS_SK}\n",  # the secret alone on a line
    ],
)
def test_a_garbled_config_file_never_echoes_its_secret(tmp_path, text) -> None:
    config = tmp_path / "config"
    config.write_text(text, encoding="utf-8")
    os.chmod(config, 0o600)
    result = run_cli(["sign", "oss://bucket-x/k", "-c", str(config)],
                     {"OSS_ACCESS_KEY_ID": "", "OSS_ACCESS_KEY_SECRET": "", "OSS_SESSION_TOKEN": ""})
    assert (result.code, result.out) == (3, "")
    assert result.err.startswith("oss-share: error: config file ") and result.err.count("\n") == 1
    assert leaks(result.err) == []


# ---- the credential sources of issue 16: RAM roles through the loopback STS, ECS role, process, env -----


async def test_temporary_credentials_from_each_source_never_leak(
    debug_logging, tmp_path, monkeypatch
) -> None:
    """Keys from the STS (aliyun config.json RamRoleArn, ossutil 2.0 RamRoleArn), the ECS metadata stand-in,
    a credential-process and ALIBABA_CLOUD_* env: the source's long-term secret and the issued secrets appear
    nowhere (stdout, stderr, DEBUG logs, history, TUI screenshots); issued tokens only inside URLs; errors
    name the source and echo nothing secret."""
    import json as _json
    import ssl
    import sys as _sys

    import trustme

    from oss_share_tui.localoss.ecs_metadata import EcsMetadata
    from oss_share_tui.localoss.sts import LocalSTS
    from oss_share_tui.storage.config import resolve_profile

    log_file, log_stream = debug_logging
    source_ak, source_sk = "LTAIsourcekey0000001", "source-long-term-SECRET-7f3e9a1b2c4d"
    env_ak, env_sk = "LTAIalibabaenv000001", "alibaba-env-SECRET-5d6e7f8091a2"
    home = Path(os.environ["HOME"])
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    seen: dict[str, str] = {}
    from oss_share_tui.localoss.server import LocalOSS

    with LocalOSS(seed="empty", access_keys={source_ak: source_sk, env_ak: env_sk}) as srv, \
            LocalSTS(srv, context) as sts, EcsMetadata(srv) as metadata:
        srv.store.create_bucket(BUCKET, region=REGION)
        srv.store.put_object(BUCKET, "report.pdf", b"pdf")
        base = ["sign", f"oss://{BUCKET}/report.pdf", "-e", srv.endpoint, "--region", REGION,
                "--timeout", "7d"]
        role = "acs:ram::1234567890123456:role/sweep"

        def cli(name: str, argv: list[str], env: dict[str, str], code: int = 0) -> None:
            result = run_cli(argv, env)
            assert result.code == code, (name, result.err)
            seen[f"{name} stdout"], seen[f"{name} stderr"] = result.out, result.err

        (home / ".aliyun").mkdir()
        cli_json = home / ".aliyun" / "config.json"
        cli_json.write_text(_json.dumps({"current": "default", "profiles": [
            {"name": "default", "mode": "RamRoleArn", "access_key_id": source_ak,
             "access_key_secret": source_sk, "ram_role_arn": role, "sts_endpoint": sts.endpoint}]}))
        cli("config.json RamRoleArn", base + ["--json"], {})
        cli_json.unlink()
        ossutil = home / ".ossutilconfig"
        ossutil.write_text(f"[default]\nmode = RamRoleArn\naccess-key-id = {source_ak}\n"
                           f"access-key-secret = {source_sk}\nrole-arn = {role}\n"
                           f"sts-endpoint = {sts.endpoint}\n")
        ossutil.chmod(0o600)
        cli("ossutil RamRoleArn", base, {})
        ossutil.write_text(f"[default]\nmode = RamRoleArn\naccess-key-id = {source_ak}\n"
                           f"access-key-secret = {source_sk[::-1]}\nrole-arn = {role}\n"
                           f"sts-endpoint = {sts.endpoint}\n")
        cli("STS refuses", base, {}, code=3)
        assert "SignatureDoesNotMatch" in seen["STS refuses stderr"]
        script = tmp_path / "creds.py"
        process_secret = "process-SECRET-0a1b2c3d4e5f6a7b"
        srv.sts_credentials["STS.sweepprocess"] = (process_secret, "process-TOKEN-99887766554433")
        script.write_text("import json; print(json.dumps({'AccessKeyId': 'STS.sweepprocess', "
                          f"'AccessKeySecret': {process_secret!r}, "
                          "'SecurityToken': 'process-TOKEN-99887766554433'}))\n")
        ossutil.write_text(f"[default]\ncredential-process = {_sys.executable} {script}\n")
        cli("credential-process", base, {})
        ossutil.unlink()
        cli("ALIBABA_CLOUD env", base + ["--json"], {"ALIBABA_CLOUD_ACCESS_KEY_ID": env_ak,
                                                      "ALIBABA_CLOUD_ACCESS_KEY_SECRET": env_sk})
        cli("ALIBABA_CLOUD env wrong", base, {"ALIBABA_CLOUD_ACCESS_KEY_ID": env_ak}, code=3)
        ossutil.write_text(f"[Credentials]\nmode = EcsRamRole\n[AkService]\necsAk = {metadata.url}\n")
        ossutil.chmod(0o600)
        cli("ECS role URL", base, {})
        ossutil.unlink()

        # The TUI, with the RAM role from config.json: a link, the result, history.
        cli_json.write_text(_json.dumps({"current": "default", "profiles": [
            {"name": "default", "mode": "RamRoleArn", "access_key_id": source_ak,
             "access_key_secret": source_sk, "ram_role_arn": role, "sts_endpoint": sts.endpoint}]}))
        profile = resolve_profile(endpoint=srv.endpoint, region=REGION, require_credentials=False)
        app = OssShareApp(profile, OssRef(BUCKET, ""), gateway=OssGateway(profile, retries=1, backoff=0.01))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            rows = app.screen.object_list
            rows.cursor = [getattr(r, "key", "") for r in rows.rows].index("report.pdf")
            await pilot.press("s")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            seen["screenshot result"] = app.export_screenshot()
            seen["browser header"] = str(app.screen_stack[0].query_one("#place-bar").render())
        issued = list(sts.issued) + list(metadata.issued)

    history = default_history_path()
    seen["history"] = history.read_text(encoding="utf-8")
    seen["log file"] = log_file.read_text(encoding="utf-8")
    seen["log stream"] = log_stream.getvalue()
    entries = [_json.loads(line) for line in seen["history"].splitlines()]
    assert {e["credential_source"] for e in entries} >= {
        "~/.aliyun/config.json profile 'default' (mode RamRoleArn)",
        "~/.ossutilconfig [default] (mode RamRoleArn)",
        "ALIBABA_CLOUD_ACCESS_KEY_ID env", "~/.ossutilconfig [Credentials] (mode EcsRamRole)"}
    secrets = [source_sk, env_sk, process_secret] + [c["AccessKeySecret"] for c in issued]
    tokens = ["process-TOKEN-99887766554433"] + [c["SecurityToken"] for c in issued]
    assert len(issued) >= 4
    problems = []
    for where, text in seen.items():
        plain = html.unescape(text)
        problems += [f"{where}: secret {s[:6]}…" for s in secrets if s in plain or s[4:20] in plain]
        for token in tokens:
            start = 0
            while (at := plain.find(token, start)) >= 0:
                if not _TOKEN_IN_URL.search(plain[max(0, at - 40): at]):
                    problems.append(f"{where}: token outside a URL")
                start = at + 1
    assert problems == []
