"""TUI test helpers: a profile for a localoss server, and a way to let workers and messages settle."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from tests.support.pilot import settle  # noqa: F401 - re-exported for the tests
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui.app import OssShareApp

SIZE = (120, 40)


def demo_profile(server, **changes) -> Profile:
    """A profile with the demo key pair for a localoss server."""
    fields = {
        "endpoint": server.endpoint,
        "access_key_id": DEMO_ACCESS_KEY_ID,
        "access_key_secret": DEMO_ACCESS_KEY_SECRET,
    }
    fields.update(changes)
    return Profile(**fields)


def make_app(server, start=None, *, backoff: float = 0.01, **changes) -> OssShareApp:
    """An app on `server` with a quick-backoff gateway (tests must stay fast)."""
    profile = demo_profile(server, **changes)
    gateway = OssGateway(profile, timeout=5.0, retries=3, backoff=backoff)
    return OssShareApp(profile, start, gateway=gateway)


async def load_next_page(pilot: Pilot) -> None:
    """Ask for the next page, as the cursor near the end does, and wait until it has been added."""
    screen = pilot.app.screen
    screen.load_next_page()
    with contextlib.suppress(WorkerCancelled, WorkerFailed):  # a cancelled worker is fine
        await pilot.app.workers.wait_for_complete()
    while screen.listing.loading:  # the worker is done; its message is on its way
        await asyncio.sleep(0.002)


def lines(app) -> list[str]:
    """The object list as rendered: header plus the visible rows, as plain text."""
    rows = app.screen.query_one("#object-list")
    return [rows.render_line(y).text.rstrip() for y in range(rows.size.height)]


@pytest.fixture
def utc(monkeypatch):
    """Local time is UTC, so rendered times are the same everywhere."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
