"""`[oss-share] history = off` and `--no-history` are honoured by every writer of the history file:
`oss-share sign`, `sign --recursive`, a TUI share, a TUI batch share and "sign again" from the history screen.

Each case first checks that the same action with history ON does write (so "nothing written" is not an
accident of the setup), then that with either switch it writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from oss_share_tui.core.refs import OssRef
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage.config import resolve_profile
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.history import HistoryStore, default_history_path
from oss_share_tui.tui.app import OssShareApp
from oss_share_tui.tui.screens.export import ExportScreen
from oss_share_tui.tui.screens.history import HistoryScreen
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from tests.tui.conftest import settle

SWITCHES = ["on", "config-off", "flag-off"]


def _config(tmp_path: Path, server, history: str) -> Path:
    path = tmp_path / f"ossutilconfig-{history}"
    path.write_text(
        "[Credentials]\n"
        f"endpoint = {server.endpoint}\n"
        f"accessKeyID = {DEMO_ACCESS_KEY_ID}\n"
        f"accessKeySecret = {DEMO_ACCESS_KEY_SECRET}\n"
        "region = cn-hangzhou\n"
        f"[oss-share]\nhistory = {history}\n"
    )
    path.chmod(0o600)
    return path


def _history_bytes() -> bytes | None:
    path = default_history_path()
    return path.read_bytes() if path.exists() else None


def _cli_args(switch: str, tmp_path: Path, server) -> list[str]:
    config = _config(tmp_path, server, "off" if switch == "config-off" else "on")
    return ["-c", str(config)] + (["--no-history"] if switch == "flag-off" else [])


def _expect(switch: str, before: bytes | None, count_before: int, count_after_on: int) -> None:
    after = _history_bytes()
    if switch == "on":
        assert len(HistoryStore().entries()) == count_after_on
    else:
        assert after == before
        assert len(HistoryStore().entries()) == count_before


@pytest.mark.parametrize("switch", SWITCHES)
def test_cli_sign(run, localoss, tmp_path, switch) -> None:
    result = run("sign", "oss://demo-assets/README.txt", *_cli_args(switch, tmp_path, localoss))
    assert result.code == 0, result.err
    _expect(switch, None, 0, 1)


@pytest.mark.parametrize("switch", SWITCHES)
def test_cli_sign_recursive(run, localoss, tmp_path, switch) -> None:
    result = run("sign", "oss://demo-assets/docs/", "--recursive", *_cli_args(switch, tmp_path, localoss))
    assert result.code == 0, result.err
    assert len(result.out.split()) == 3
    _expect(switch, None, 0, 3)


def _app(server, switch: str, tmp_path: Path, start: OssRef) -> OssShareApp:
    config = _config(tmp_path, server, "off" if switch == "config-off" else "on")
    profile = resolve_profile(config_file=str(config))
    gateway = OssGateway(profile, timeout=5.0, retries=1, backoff=0.01)
    return OssShareApp(profile, start, history=switch != "flag-off", gateway=gateway)


async def _cursor_to(pilot, name: str) -> None:
    rows = pilot.app.screen.query_one("#object-list")
    names = [r.name for r in rows.rows]
    rows.cursor = names.index(name)
    await pilot.pause()


@pytest.mark.parametrize("switch", SWITCHES)
async def test_tui_share(localoss, tmp_path, switch) -> None:
    app = _app(localoss, switch, tmp_path, OssRef("demo-assets", ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _cursor_to(pilot, "README.txt")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShareFormScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ShareResultScreen)
        await pilot.press("r")  # sign again: a second link shown, a second writer call
        await settle(pilot)
        await app.workers.wait_for_complete()
    _expect(switch, None, 0, 2)


@pytest.mark.parametrize("switch", SWITCHES)
async def test_tui_batch(localoss, tmp_path, switch) -> None:
    app = _app(localoss, switch, tmp_path, OssRef("demo-assets", "docs/2024/"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _cursor_to(pilot, "report.txt")
        await pilot.press("space")
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await app.workers.wait_for_complete()
    _expect(switch, None, 0, 1)


@pytest.mark.parametrize("switch", SWITCHES)
async def test_tui_sign_again_from_history(localoss, tmp_path, switch, run) -> None:
    # one entry written beforehand (history on), then the app runs with the switch
    seeded = run("sign", "oss://demo-assets/README.txt", *_cli_args("on", tmp_path, localoss))
    assert seeded.code == 0, seeded.err
    before = _history_bytes()
    assert before is not None
    app = _app(localoss, switch, tmp_path, OssRef("demo-assets", ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen) and len(app.screen.shown) == 1
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ShareResultScreen)
        await app.workers.wait_for_complete()
    _expect(switch, before, 1, 2)


@pytest.mark.parametrize(
    ("command", "switch"), [("tui", s) for s in SWITCHES] + [("demo", "on"), ("demo", "flag-off")]
)
def test_tui_and_demo_commands_pass_the_switch_on(
    run, localoss, tmp_path, monkeypatch, command, switch
) -> None:
    """`oss-share [--no-history]` and `oss-share demo [--no-history]` open an app whose store is off."""
    import oss_share_tui.tui.app as tui_app

    seen: list[bool] = []

    def fake_run_app(profile, start, **kwargs):  # the app is built as run_app would, but not run
        seen.append(OssShareApp(profile, start, **kwargs).history_store.enabled)
        return 0

    monkeypatch.setattr(tui_app, "run_app", fake_run_app)
    if command == "demo":
        argv = ["demo"] + (["--no-history"] if switch == "flag-off" else [])
    else:
        argv = ["oss://demo-assets/", *_cli_args(switch, tmp_path, localoss)]
    result = run(*argv)
    assert result.code == 0, result.err
    assert seen == [switch == "on"]
