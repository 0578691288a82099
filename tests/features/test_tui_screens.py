"""HistoryScreen and BatchProgressScreen, driven headless."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from textual.app import App
from textual.widgets import DataTable, Input

from oss_share_tui.core.options import ShareOptions
from oss_share_tui.storage.batch import BatchResult, sign_many
from oss_share_tui.storage.history import HistoryEntry, HistoryStore, options_from_history
from oss_share_tui.storage.signer import SignedLink
from oss_share_tui.tui.screens.batch_progress import BatchOutcome, BatchProgressScreen
from oss_share_tui.tui.screens.history import HistoryScreen

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=timezone.utc)


def _link(key: str, expires_at: datetime) -> SignedLink:
    return SignedLink(url=f"https://b.example/{key}?sig", bucket="b", key=key, version_id=None,
                      signature_version="v4", expires_at=expires_at, expires_in=3600,
                      created_at=expires_at - timedelta(hours=1))


def _store(tmp_path) -> HistoryStore:
    store = HistoryStore(tmp_path / "h.jsonl")
    made = (("old/report.pdf", NOW - timedelta(days=2)), ("new/\x1b[31mred.txt", NOW + timedelta(minutes=15)),
            ("new/photo.jpg", NOW + timedelta(hours=2)))
    for key, expires in made:
        store.add(_link(key, expires), ShareOptions(expires_in=3600), endpoint="https://e",
                  region="cn-hangzhou", access_key_id="LTAI5tKey", now=NOW)
    return store


class _Host(App[None]):
    def __init__(self, screen) -> None:
        super().__init__()
        self._first = screen
        self.outcome: object = "pending"

    def on_mount(self) -> None:
        self.push_screen(self._first, callback=lambda value: setattr(self, "outcome", value))


async def _outcome(pilot, app: _Host) -> object:
    """Wait (bounded, by steps, not by time) until the screen has dismissed itself with its result."""
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.outcome != "pending":
            break
    return app.outcome


async def _read_done(pilot, app) -> None:
    """The history file is read in a worker: wait for it and for what it posted."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_history_screen_search_states_copy_sign_again_and_delete(tmp_path):
    store = _store(tmp_path)
    copied: list[HistoryEntry] = []
    signed: list[HistoryEntry] = []

    def sign_again(entry: HistoryEntry) -> None:
        signed.append(entry)
        options = options_from_history(entry)
        store.add(_link(entry.key, NOW + timedelta(seconds=options.expires_in)), options,
                  endpoint=entry.endpoint, region=entry.region, access_key_id=entry.access_key_id, now=NOW)

    screen = HistoryScreen(store, on_copy=copied.append, on_sign_again=sign_again, clock=lambda: NOW)
    app = _Host(screen)
    async with app.run_test(size=(120, 30)) as pilot:
        await _read_done(pilot, app)
        table = screen.query_one(DataTable)
        assert [e.key for e in screen.shown] == ["new/photo.jpg", "new/\x1b[31mred.txt", "old/report.pdf"]
        states = [str(table.get_row_at(i)[0]) for i in range(3)]
        assert states == ["live · 2h left", "live · 15m left", "expired"]
        objects = [str(table.get_row_at(i)[5]) for i in range(3)]  # the Object column
        assert objects[1] == "oss://b/new/␛[31mred.txt"  # the escape sequence is shown, not sent

        await pilot.press("y")
        assert [e.key for e in copied] == ["new/photo.jpg"]

        await pilot.press("slash")
        await pilot.press(*"report")
        await pilot.press("enter")
        assert [e.key for e in screen.shown] == ["old/report.pdf"]
        await pilot.press("a")
        await _read_done(pilot, app)
        assert [e.key for e in signed] == ["old/report.pdf"]
        assert [e.key for e in screen.shown] == ["old/report.pdf", "old/report.pdf"]
        assert str(table.get_row_at(0)[0]) == "live · 1h left"  # the new link, newest first

        await pilot.press("d")
        await _read_done(pilot, app)
        assert len(screen.shown) == 1 and screen.shown[0].is_expired(NOW)
        assert len(store.entries()) == 3

        screen.query_one(Input).value = ""
        await pilot.pause()
        assert len(screen.shown) == 3
        await pilot.press("escape")
        await pilot.pause()
        assert app.outcome is None


async def test_batch_progress_runs_the_batch_and_reports_failures():
    profile_targets = [f"k{i}" for i in range(30)] + ["?bad"]

    def run(progress):
        from oss_share_tui.core.options import build_share_options
        from oss_share_tui.storage.profile import Profile

        profile = Profile(endpoint="https://oss-cn-hangzhou.aliyuncs.com", access_key_id="id",
                          access_key_secret="s")
        return sign_many(profile, profile_targets, build_share_options(sign_version="v1"),
                         bucket="somebucket", on_progress=progress)

    app = _Host(BatchProgressScreen(run, total=len(profile_targets)))
    async with app.run_test(size=(100, 30)) as pilot:
        outcome = await _outcome(pilot, app)
        assert isinstance(outcome, BatchOutcome)
        assert len(outcome.results) == 31 and not outcome.cancelled and outcome.error is None
        assert [r.key for r in outcome.failed] == ["?bad"]


async def test_batch_progress_cancel_keeps_what_was_made():
    release = threading.Event()

    def run(progress):
        for i in range(1000):
            if i == 3:
                assert release.wait(30)
            progress(i + 1, None)
            yield BatchResult("b", f"k{i}", url=f"https://b/k{i}")

    screen = BatchProgressScreen(run)
    app = _Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(5000):  # until the first three links are made and the fourth is held
            await pilot.pause()
            if app.screen is screen and len(screen.outcome.results) == 3:
                break
        await pilot.press("escape")
        release.set()
        outcome = await _outcome(pilot, app)
        assert isinstance(outcome, BatchOutcome) and outcome.cancelled
        # exactly what finished before the cancel: not fewer (nothing lost), not more (nothing added after)
        assert [r.key for r in outcome.results] == ["k0", "k1", "k2"]


async def test_a_big_history_shows_the_newest_rows_and_searches_without_rereading(tmp_path, monkeypatch):
    store = HistoryStore(tmp_path / "h.jsonl")
    links = [_link(f"logs/{i:05d}.txt", NOW + timedelta(hours=1)) for i in range(2500)]
    store.add_many(links, ShareOptions(expires_in=3600), endpoint="https://e", region="cn-hangzhou",
                   access_key_id="LTAI5tKey", now=NOW)
    screen = HistoryScreen(store, clock=lambda: NOW)
    app = _Host(screen)
    async with app.run_test(size=(120, 30)) as pilot:
        await _read_done(pilot, app)
        assert len(screen.shown) == 2000 and screen.shown[0].key == "logs/02499.txt"
        status = str(screen.query_one("#history-status").render())
        assert "2,500 link(s), 2,500 live (newest 2,000 shown: search to narrow)" in status

        def no_reads():
            raise AssertionError("searching must not read the file")

        monkeypatch.setattr(store, "entries", no_reads)
        screen.query_one(Input).value = "00007"
        await pilot.pause()
        assert [e.key for e in screen.shown] == ["logs/00007.txt"]
