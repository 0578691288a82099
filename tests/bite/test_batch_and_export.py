"""A cancelled batch keeps exactly the links that were finished; the export's clipboard copy holds exactly the
export, and an export too big for a terminal clipboard is refused with a warning instead of being sent."""

from __future__ import annotations

import threading

import pytest
from textual.app import App

from oss_share_tui.storage.batch import BatchResult
from oss_share_tui.tui.screens.batch_progress import BatchOutcome, BatchProgressScreen
from oss_share_tui.tui.screens.export import ExportScreen
from tests.tui.conftest import settle


class Host(App[None]):
    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen
        self.outcome: object = "pending"

    def on_mount(self) -> None:
        self.push_screen(self.first, callback=lambda value: setattr(self, "outcome", value))


async def test_a_cancelled_batch_keeps_exactly_what_finished() -> None:
    release = threading.Event()
    asked: list[int] = []

    def run(progress):
        for i in range(50):
            asked.append(i)
            if i == 3:
                assert release.wait(30), "never released"
            progress(i + 1, 50)
            yield BatchResult("b", f"k{i}", url=f"https://b.example/k{i}?sig")

    screen = BatchProgressScreen(run, total=50)
    app = Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5000):  # until three links are finished and the fourth is being made
            await pilot.pause()
            if len(screen.outcome.results) == 3 and len(asked) == 4:
                break
        assert [r.key for r in screen.outcome.results] == ["k0", "k1", "k2"]
        await pilot.press("escape")
        for _ in range(500):
            await pilot.pause()
            if app.outcome != "pending":
                break
        release.set()  # the fourth finishes after the cancel: it must not be added
        await settle(pilot)
        outcome = app.outcome
        assert isinstance(outcome, BatchOutcome) and outcome.cancelled
        assert [(r.key, r.url) for r in outcome.results] == [
            (f"k{i}", f"https://b.example/k{i}?sig") for i in range(3)
        ]
        assert asked[-1] <= 4  # the batch stopped asking for more


def _outcome(count: int, url_len: int = 300) -> BatchOutcome:
    results = [
        BatchResult("b", f"key-{i:06d}", url=f"https://b.example/key-{i:06d}?" + "s" * url_len)
        for i in range(count)
    ]
    return BatchOutcome(results=results)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_export_copy_holds_exactly_the_url_list(size) -> None:
    outcome = _outcome(3)
    app = Host(ExportScreen(outcome))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+y")
        await settle(pilot)
        # "urls" format: one URL per line (README: exported as csv, jsonl, markdown or urls)
        assert app.clipboard == "".join(r.url + "\n" for r in outcome.results)
        assert [n.title for n in app._notifications] == ["Export copied"]


async def test_an_export_too_big_for_the_clipboard_is_not_copied() -> None:
    # 3031 lines of 330 characters: 1,000,230, just over the 1,000,000 a terminal clipboard takes
    outcome = _outcome(3031)
    assert sum(len(r.url) + 1 for r in outcome.results) == 1_000_230
    app = Host(ExportScreen(outcome))
    async with app.run_test(size=(120, 36)) as pilot:
        app.copy_to_clipboard("before")
        await pilot.pause()
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.clipboard == "before"
        notes = [(n.title, n.severity, n.message) for n in app._notifications]
        assert len(notes) == 1
        title, severity, message = notes[0]
        assert (title, severity) == ("Export", "warning")
        assert message.endswith("is too much for a terminal clipboard: save to a file.")


async def test_an_export_just_under_the_cap_is_copied() -> None:
    # 3030 lines of 330 characters: 999,900, just under the cap
    outcome = _outcome(3030)
    assert sum(len(r.url) + 1 for r in outcome.results) == 999_900
    app = Host(ExportScreen(outcome))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.clipboard.splitlines() == [r.url for r in outcome.results]
