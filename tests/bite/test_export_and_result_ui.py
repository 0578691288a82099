"""The export view and the result view by keys and mouse at 80x24 and 120x36: files written, what the summary
says, refusals, buttons; the result's expiry line for a V1 link that never ends, and a failed "sign again"."""

from __future__ import annotations

import csv
from datetime import datetime, timezone

import pytest
from textual.app import App
from textual.widgets import RadioButton

from oss_share_tui.core.refs import OssRef
from oss_share_tui.storage.batch import BatchResult
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui.screens.batch_progress import BatchOutcome
from oss_share_tui.tui.screens.export import ExportScreen
from oss_share_tui.tui.screens.qr import QrScreen
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from tests.tui.conftest import make_app, settle

SIZES = [(80, 24), (120, 36)]
EXPIRES = datetime(2031, 2, 3, 4, 5, 6, tzinfo=timezone.utc)


class Host(App[None]):
    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen
        self.closed = False

    def on_mount(self) -> None:
        self.push_screen(self.first, callback=lambda _: setattr(self, "closed", True))


def _outcome(**extra) -> BatchOutcome:
    results = [
        BatchResult("b", f"dir/k{i}.txt", url=f"https://b.example/dir/k{i}.txt?sig={i}", expires_at=EXPIRES)
        for i in range(3)
    ]
    results.insert(1, BatchResult("b", "dir/gone.txt", error="NoSuchKey: The specified key does not exist."))
    return BatchOutcome(results=results, **extra)


def _notes(app) -> list[tuple[str, str, str]]:
    return [(n.title, n.severity, n.message) for n in app._notifications]


@pytest.mark.parametrize("size", SIZES)
async def test_save_writes_the_url_list_to_the_file_named(tmp_path, size) -> None:
    target = tmp_path / "links.txt"
    app = Host(ExportScreen(_outcome()))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert target.read_text() == "".join(f"https://b.example/dir/k{i}.txt?sig={i}\n" for i in range(3))
    assert ("Export", "information", f"Saved 3 row(s) to {target}, readable by you only "
            "(mode 0600: each link works for whoever holds it)") in _notes(app)


async def test_csv_chosen_with_the_mouse_names_the_file_csv_and_keeps_failures(tmp_path) -> None:
    app = Host(ExportScreen(_outcome()))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#export-path").value.endswith(".txt")
        await pilot.click(list(screen.query(RadioButton))[1])  # CSV
        await pilot.pause()
        path = screen.query_one("#export-path").value
        assert path.endswith(".csv") and path.startswith("~/oss-share-links-")
        target = tmp_path / "links.csv"
        screen.query_one("#export-path").value = str(target)
        await pilot.click("#save")
        await settle(pilot)
    rows = list(csv.DictReader(target.open(newline="", encoding="utf-8")))
    assert [r["key"] for r in rows] == ["dir/k0.txt", "dir/gone.txt", "dir/k1.txt", "dir/k2.txt"]
    assert rows[1]["url"] == "" and rows[1]["error"].startswith("NoSuchKey")
    assert rows[0]["expires_at"] == "2031-02-03T04:05:06Z"


async def test_a_typed_file_name_is_kept_when_the_format_changes(tmp_path) -> None:
    app = Host(ExportScreen(_outcome()))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#export-path").value = str(tmp_path / "mine.out")
        await pilot.click(list(screen.query(RadioButton))[2])  # JSON lines
        await pilot.pause()
        assert screen.query_one("#export-path").value == str(tmp_path / "mine.out")
        assert screen.format == "jsonl"


@pytest.mark.parametrize("size", SIZES)
async def test_no_file_name_and_an_unwritable_place_are_refused(tmp_path, size) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    app = Host(ExportScreen(_outcome()))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        field.value = "   "
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _notes(app)[-1] == ("Export", "warning", "Give a file name first.")
        field.value = str(blocker / "links.txt")  # a file where a folder should be
        await pilot.press("ctrl+s")
        await settle(pilot)
        title, severity, message = _notes(app)[-1]
        assert (title, severity) == ("Export failed", "error")
        assert message.startswith(f"Cannot write {blocker / 'links.txt'}: ")
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("size", SIZES)
async def test_summary_says_made_failed_cancelled_and_why_it_stopped(size) -> None:
    app = Host(ExportScreen(_outcome(cancelled=True, error="NetworkError: the listing stopped")))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        summary = str(app.screen.query_one("#export-summary").render())
        assert summary == (
            "3 link(s) made, 1 failed (exported with their error) · cancelled part-way · "
            "stopped: NetworkError: the listing stopped"
        )
        failed = str(app.screen.query_one("#export-failed").render())
        assert failed == "✗ dir/gone.txt: NoSuchKey: The specified key does not exist."


async def test_many_failures_are_summed_up_after_six() -> None:
    results = [BatchResult("b", f"bad{i}", error="AccessDenied") for i in range(9)]
    app = Host(ExportScreen(BatchOutcome(results=results)))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        failed = str(app.screen.query_one("#export-failed").render()).splitlines()
        assert failed[:6] == [f"✗ bad{i}: AccessDenied" for i in range(6)]
        assert failed[6:] == ["… and 3 more"]


@pytest.mark.parametrize("how", ["escape", "button"])
async def test_close(how) -> None:
    app = Host(ExportScreen(_outcome()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if how == "escape":
            await pilot.press("escape")
        else:
            await pilot.click("#close")
        await pilot.pause()
        assert app.closed


async def test_copy_button_copies_the_export() -> None:
    app = Host(ExportScreen(_outcome()))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.click("#copy")
        await settle(pilot)
        assert app.clipboard == "".join(f"https://b.example/dir/k{i}.txt?sig={i}\n" for i in range(3))


# ---- result view -----------------------------------------------------------------------------------


async def _result(pilot) -> ShareResultScreen:
    await settle(pilot)
    rows = pilot.app.screen.query_one("#object-list")
    rows.cursor = [r.name for r in rows.rows].index("README.txt")
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ShareFormScreen)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ShareResultScreen)
    return pilot.app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_a_v1_link_beyond_year_9999_says_it_never_ends(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-assets", ""), sign_version="v1")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        rows = app.screen.query_one("#object-list")
        rows.cursor = [r.name for r in rows.rows].index("README.txt")
        await pilot.press("s")
        await settle(pilot)
        await pilot.click("#expiry-text")
        await pilot.press(*"100000000w")  # ~1.9 million years: fine for V1 (int64), past any calendar
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        result = app.screen
        assert isinstance(result, ShareResultScreen)
        assert str(result.query_one("#result-expiry").render()) == "effectively never (V1 int64 limit)"


@pytest.mark.parametrize("size", SIZES)
async def test_a_failed_sign_again_keeps_the_old_link_and_says_why(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=size) as pilot:
        result = await _result(pilot)
        old = result.url
        result.profile = Profile(endpoint=localoss.endpoint)  # the keys are gone (e.g. a config reload)
        await pilot.press("r")
        await settle(pilot)
        assert result.url == old and app.clipboard == old
        title, severity, message = _notes(app)[-1]
        assert (title, severity) == ("Cannot sign again", "error")
        assert message.startswith("no credentials found")
        assert str(result.query_one("#result-test").render()) == ""


async def test_result_buttons_by_mouse(localoss) -> None:
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=(120, 36)) as pilot:
        result = await _result(pilot)
        app.copy_to_clipboard("other")
        await pilot.click("#copy")
        await settle(pilot)
        assert app.clipboard == result.url
        await pilot.click("#test")
        await settle(pilot)
        assert str(result.query_one("#result-test").render()).startswith("works")
        old = result.url
        await pilot.click("#qr")
        await settle(pilot)
        assert isinstance(app.screen, QrScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#sign-again")
        await settle(pilot)
        assert str(result.query_one("#result-test").render()) in (
            "signed again; press t to test the new link",
        )
        assert result.url.split("?")[0] == old.split("?")[0]
        await pilot.click("#close")
        await settle(pilot)
        assert not isinstance(app.screen, ShareResultScreen)
