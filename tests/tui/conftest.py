"""TUI test helpers: a profile for a localoss server, and a way to let workers and messages settle."""

from __future__ import annotations

import contextlib

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from tests.helpers import demo_profile, make_app  # noqa: F401 - the one app factory, re-exported
from tests.support.pilot import settle  # noqa: F401 - re-exported for the tests

SIZE = (120, 40)


async def load_next_page(pilot: Pilot) -> None:
    """Ask for the next page, as the cursor near the end does, and wait until it has been added."""
    screen = pilot.app.screen
    screen.load_next_page()
    with contextlib.suppress(WorkerCancelled, WorkerFailed):  # a cancelled worker is fine
        await pilot.app.workers.wait_for_complete()
    for _ in range(2000):  # the worker is done; its message is on its way
        if not screen.listing.loading:
            return
        await pilot.pause()
    raise AssertionError("the page never arrived")


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
