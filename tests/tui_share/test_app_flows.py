"""App-wide flows against localoss: history (TUI and CLI into one file), H / sign again, Q, batch share of
marked objects with export, inspect from the palette, and `y` in the browser."""

from __future__ import annotations

import csv
import os
import stat

from textual.widgets import RadioButton

from oss_share_tui import cli
from oss_share_tui.core.refs import OssRef
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage.history import HistoryStore, default_history_path
from oss_share_tui.tui.screens.export import ExportScreen
from oss_share_tui.tui.screens.history import HistoryScreen
from oss_share_tui.tui.screens.inspect_link import InspectScreen
from oss_share_tui.tui.screens.qr import QrScreen
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from oss_share_tui.tui.widgets.qr_code import QrCode
from tests.helpers import fetch

from .conftest import SIZE, make_app, settle


async def _cursor_to(pilot, name: str) -> None:
    rows = pilot.app.screen.query_one("#object-list")
    names = [getattr(r, "name", None) or r.key for r in rows.rows]
    assert name in names, names
    rows.cursor = names.index(name)
    await pilot.pause()


async def _share_current(pilot) -> ShareResultScreen:
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ShareFormScreen)
    await pilot.press("ctrl+s")
    await settle(pilot)
    result = pilot.app.screen
    assert isinstance(result, ShareResultScreen)
    return result


async def test_tui_share_and_cli_sign_land_in_one_private_history_file(localoss, monkeypatch, capsys):
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _cursor_to(pilot, "README.txt")
        result = await _share_current(pilot)
        tui_url = result.url
        await settle(pilot)
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", app.profile.access_key_id)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("OSS_ENDPOINT", localoss.endpoint)
    monkeypatch.setenv("OSS_REGION", "cn-hangzhou")
    assert cli.main(["sign", "oss://demo-assets/docs/2025/plan.txt", "--timeout", "1h"]) == 0
    cli_url = capsys.readouterr().out.strip()

    path = default_history_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    entries = HistoryStore(path).entries()
    assert [(e.bucket, e.key, e.url) for e in entries] == [
        ("demo-assets", "README.txt", tui_url),
        ("demo-assets", "docs/2025/plan.txt", cli_url),
    ]
    assert all(e.access_key_id == app.profile.access_key_id for e in entries)
    assert DEMO_ACCESS_KEY_SECRET not in path.read_text(encoding="utf-8")


async def test_no_history_records_nothing(localoss):
    app = make_app(localoss, OssRef("demo-assets", ""))
    app.history_store.enabled = False
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _cursor_to(pilot, "README.txt")
        await _share_current(pilot)
        await settle(pilot)
    assert not default_history_path().exists()


async def test_history_screen_signs_again_with_a_new_link_and_q_shows_a_qr_code(localoss):
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await _cursor_to(pilot, "README.txt")
        first = (await _share_current(pilot)).url
        await pilot.press("Q")
        await pilot.pause()
        assert isinstance(app.screen, QrScreen)
        qr = app.screen.query_one(QrCode)
        assert qr.data == first and qr.fits() and "▀" in str(qr.render())
        await pilot.press("escape", "escape")
        await settle(pilot)

        await pilot.press("H")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen) and len(history.shown) == 1
        await pilot.press("a")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, ShareResultScreen)
        assert again.url != first and fetch(again.url).status_body == (
            200, b"localoss demo bucket.\nBrowse the folders, then press s to share a file.\n")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is history and len(history.shown) == 2


async def test_marked_objects_share_as_one_batch_and_export_to_csv(localoss_factory, tmp_path):
    server = localoss_factory(seed="demo", big_objects=0)
    app = make_app(server, OssRef("demo-assets", "odd names/"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for name in ("100%.txt", "a+b.txt", "hello world.txt"):
            await _cursor_to(pilot, name)
            await pilot.press("space")
        assert len(app.marked) == 3
        server.store.delete_object("demo-assets", "odd names/100%.txt")  # gone since it was marked
        await pilot.press("S")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ShareFormScreen) and form.batch_count == 3
        await pilot.press("ctrl+s")
        await settle(pilot)
        export = app.screen
        assert isinstance(export, ExportScreen)
        outcome = export.outcome
        assert [r.key for r in outcome.results] == ["odd names/100%.txt", "odd names/a+b.txt",
                                                    "odd names/hello world.txt"]
        assert [r.key for r in outcome.failed] == ["odd names/100%.txt"] and "NoSuchKey" in outcome.failed[0].error
        assert "100%.txt: NoSuchKey" in str(export.query_one("#export-failed").render())
        assert list(app.marked) == [("demo-assets", "odd names/100%.txt")]  # the failed one stays marked
        target = tmp_path / "links.csv"
        assert export.query_one("#export-path").value.endswith(".txt")
        await pilot.click(list(export.query(RadioButton))[1])  # CSV
        await pilot.pause()
        assert export.format == "csv" and export.query_one("#export-path").value.endswith(".csv")
        export.query_one("#export-path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert [r["key"] for r in rows] == ["odd names/100%.txt", "odd names/a+b.txt", "odd names/hello world.txt"]
    assert rows[0]["url"] == "" and "NoSuchKey" in rows[0]["error"]
    assert fetch(rows[2]["url"]).status_body == (200, b"a key with a space\n")
    assert len(HistoryStore(default_history_path()).entries()) == 2


async def test_inspect_link_from_the_palette_says_the_signature_is_valid(localoss):
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _cursor_to(pilot, "README.txt")
        url = (await _share_current(pilot)).url
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Inspect link")
        for _ in range(2000):  # until the palette lists the command (its search runs in the background)
            await pilot.pause()
            lists = app.screen.query("CommandList")
            if lists and lists.first().option_count:
                break
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InspectScreen)
        screen.query_one("#inspect-url").value = url
        await pilot.pause()
        text = str(screen.query_one("#inspect-out").render())
        assert "key:" in text and "README.txt" in text and "valid (signed with the secret of" in text
        screen.query_one("#inspect-url").value = url.replace("x-oss-expires=3600", "x-oss-expires=3599")
        await pilot.pause()
        assert "NOT valid" in str(screen.query_one("#inspect-out").render())


async def test_y_in_the_browser_copies_the_last_link_again(localoss):
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == ""
        await _cursor_to(pilot, "README.txt")
        url = (await _share_current(pilot)).url
        await pilot.press("escape")
        await settle(pilot)
        app.copy_to_clipboard("other")
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == url


async def test_demo_links_go_to_their_own_history_file(localoss):
    app = make_app(localoss, OssRef("demo-assets", ""))
    demo = type(app)(app.profile, OssRef("demo-assets", ""), demo=True, gateway=app.gateway)
    async with demo.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _cursor_to(pilot, "README.txt")
        url = (await _share_current(pilot)).url
        await settle(pilot)
    assert not default_history_path().exists()
    demo_file = default_history_path().with_name("demo-history.jsonl")
    assert [e.url for e in HistoryStore(demo_file).entries()] == [url]
