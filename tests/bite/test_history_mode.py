"""A history file found readable by group or others is tightened back to 0600 when it is next read or written;
and copying an expired link from the history screen warns first."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta, timezone

import pytest
from textual.app import App

from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.history import HistoryStore
from oss_share_tui.storage.signer import SignedLink
from oss_share_tui.tui.screens.history import HistoryScreen
from tests.tui.conftest import settle


def _link(key: str, expires_at: datetime) -> SignedLink:
    return SignedLink(
        url=f"https://bkt.example.com/{key}?sig=1",
        bucket="bkt",
        key=key,
        version_id=None,
        signature_version="v4",
        expires_at=expires_at,
        expires_in=3600,
        created_at=expires_at - timedelta(hours=1),
    )


def _store(tmp_path) -> HistoryStore:
    store = HistoryStore(tmp_path / "data" / "history.jsonl")
    now = datetime.now(timezone.utc)
    store.add(
        _link("live.txt", now + timedelta(hours=1)),
        build_share_options(),
        endpoint="https://e",
        region="cn-hangzhou",
        access_key_id="LTAIx",
    )
    return store


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("loose", [0o640, 0o644, 0o604, 0o666])
@pytest.mark.parametrize("how", ["read", "write"])
def test_loose_history_file_is_tightened_to_0600(tmp_path, loose: int, how: str) -> None:
    store = _store(tmp_path)
    assert _mode(store.path) == 0o600
    os.chmod(store.path, loose)
    if how == "read":
        assert [e.key for e in store.entries()] == ["live.txt"]
    else:
        store.add(
            _link("two.txt", datetime.now(timezone.utc) + timedelta(hours=1)),
            build_share_options(),
            endpoint="https://e",
            region="cn-hangzhou",
            access_key_id="LTAIx",
        )
    assert _mode(store.path) == 0o600


def test_a_private_file_is_left_as_it_is(tmp_path) -> None:
    store = _store(tmp_path)
    os.chmod(store.path, 0o400)  # stricter than 0600: not loosened
    store.entries()
    assert _mode(store.path) == 0o400
    os.chmod(store.path, 0o600)


class HistoryApp(App[None]):
    def __init__(self, store: HistoryStore, clock) -> None:
        super().__init__()
        self.store, self.clock = store, clock

    def on_mount(self) -> None:
        self.push_screen(HistoryScreen(self.store, clock=self.clock))


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_copying_an_expired_link_warns_and_a_live_one_does_not(tmp_path, size) -> None:
    store = _store(tmp_path)
    now = datetime.now(timezone.utc)
    store.add(
        _link("dead.txt", now - timedelta(minutes=5)),
        build_share_options(),
        endpoint="https://e",
        region="cn-hangzhou",
        access_key_id="LTAIx",
    )
    app = HistoryApp(store, clock=lambda: now)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert [e.key for e in screen.shown] == ["dead.txt", "live.txt"]  # newest first
        await pilot.press("y")  # the cursor starts on the expired one: issue 14 asks before copying it
        await settle(pilot)
        assert "expired" in app.screen.question and app.clipboard != "https://bkt.example.com/dead.txt?sig=1"
        await pilot.press("y")  # copy anyway
        await settle(pilot)
        assert app.clipboard == "https://bkt.example.com/dead.txt?sig=1"
        app.clear_notifications()
        await pilot.press("down", "y")
        await settle(pilot)
        assert app.clipboard == "https://bkt.example.com/live.txt?sig=1"
        assert [n.title for n in app._notifications] == ["Link copied"]
