"""Top-level dispatch: help, usage errors, and handing over to the TUI, demo and serve modules."""

from __future__ import annotations

import argparse
import sys
import types

import pytest

from oss_share_tui.core.refs import OssRef
from oss_share_tui.storage.profile import Profile


def test_help_and_version(run) -> None:
    top = run("--help")
    assert top.code == 0 and "oss-share sign" in top.out
    sign = run("sign", "--help")
    assert sign.code == 0
    for flag in (
        "--timeout",
        "--version-id",
        "--trafic-limit",
        "--traffic-limit",
        "--disable-encode-slash",
        "--payer",
        "--query-param",
        "--json",
        "--copy",
        "-e",
        "-i",
        "-k",
        "-t",
        "--region",
        "--sign-version",
        "-c",
        "--profile",
        "--cname",
        "--no-history",
    ):
        assert flag in sign.out, flag
    assert run("--version").code == 0


@pytest.mark.parametrize("argv", [("sgin",), ("--bogus",), ("not-a-url/x",)])
def test_usage_errors_are_one_line(run, argv: tuple[str, ...]) -> None:
    result = run(*argv)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("oss-share: error: ") and result.err.count("\n") == 1


def _fake_app(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    calls: list[tuple] = []
    module = types.ModuleType("oss_share_tui.tui.app")

    def run_app(profile, start=None, *, demo=False, history=True):
        calls.append((profile, start, demo, history))
        return 0

    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "oss_share_tui.tui.app", module)
    return calls


def test_tui_gets_profile_and_place(run, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fake_app(monkeypatch)
    result = run(
        "oss://bucket/photos/", "-i", "AK", "-k", "SK", "-e", "oss-cn-hangzhou.aliyuncs.com", "--no-history"
    )
    assert result.code == 0, result.err
    profile, start, demo, history = calls[0]
    assert start == OssRef("bucket", "photos/") and demo is False and history is False
    assert profile.endpoint == "https://oss-cn-hangzhou.aliyuncs.com" and profile.access_key_id == "AK"


def test_tui_without_credentials_exit_3(run, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fake_app(monkeypatch)
    result = run()
    assert result.code == 3 and calls == []


def test_demo_starts_and_stops_localoss(run, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fake_app(monkeypatch)
    events: list[str] = []

    class FakeServer:
        endpoint = "http://127.0.0.1:45678"

        def __init__(self, seed=None, **_):
            events.append(f"init:{seed}")

        def start(self):
            events.append("start")
            return self

        def stop(self):
            events.append("stop")

    server = types.ModuleType("oss_share_tui.localoss.server")
    server.LocalOSS = FakeServer  # type: ignore[attr-defined]
    seed = types.ModuleType("oss_share_tui.localoss.seed")
    seed.DEMO_ACCESS_KEY_ID, seed.DEMO_ACCESS_KEY_SECRET = "DEMO_ID", "DEMO_SECRET"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "oss_share_tui.localoss.server", server)
    monkeypatch.setitem(sys.modules, "oss_share_tui.localoss.seed", seed)
    result = run("demo")
    assert result.code == 0, result.err
    assert events == ["init:demo", "start", "stop"]
    profile, start, demo, _ = calls[0]
    assert profile == Profile(
        endpoint="http://127.0.0.1:45678",
        access_key_id="DEMO_ID",
        access_key_secret="DEMO_SECRET",
        sign_version="v4",
        endpoint_source="oss-share demo",
        credential_source="the demo's built-in key",
    )
    assert start is None and demo is True


def test_serve_delegates(run, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[argparse.Namespace] = []
    module = types.ModuleType("oss_share_tui.localoss.serve")

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=0)

    def run_serve(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    module.add_arguments, module.run = add_arguments, run_serve  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "oss_share_tui.localoss.serve", module)
    import oss_share_tui.localoss as pkg

    monkeypatch.setattr(pkg, "serve", module, raising=False)
    assert run("serve", "--port", "1234").code == 0
    assert seen[0].port == 1234
    bad = run("serve", "--port", "x")
    assert bad.code == 2 and bad.err.count("\n") == 1


def test_unexpected_exception_is_one_line(run, monkeypatch: pytest.MonkeyPatch) -> None:
    import oss_share_tui.cli.inspect as mod

    def boom(*_a, **_k):
        raise RuntimeError("kaboom\nsecond line")

    monkeypatch.setattr(mod, "inspect_url", boom)
    result = run("inspect", "https://x")
    assert result.code == 1 and result.out == ""
    assert result.err == "oss-share: error: unexpected RuntimeError: kaboom second line\n"
