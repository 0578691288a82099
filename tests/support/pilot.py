"""Helpers for driving the app headless with Textual's Pilot (tests, screenshots, benchmarks)."""

from __future__ import annotations

import contextlib

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState


async def settle(pilot: Pilot, rounds: int = 200) -> None:
    """Wait until no worker is pending or running and the messages they posted are handled."""
    app = pilot.app
    for _ in range(rounds):
        with contextlib.suppress(WorkerCancelled, WorkerFailed):  # a cancelled worker is fine
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            await pilot.pause()
            if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
                return
    raise AssertionError("workers never settled")
