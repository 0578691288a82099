"""A live countdown to a link's expiry, ticking once a second."""

from __future__ import annotations

import time
from datetime import datetime

from textual.reactive import reactive
from textual.widgets import Static

from oss_share_tui.core.durations import format_duration


class Countdown(Static):
    """`expires in 59m 59s`, then `expired 3s ago` (styled as an error)."""

    DEFAULT_CSS = """
    Countdown {
        width: auto;
        height: 1;
        color: $text-success;
        &.-expired { color: $text-error; text-style: bold; }
    }
    """

    expires_at: reactive[datetime | None] = reactive(None)

    def __init__(self, expires_at: datetime | None = None, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.set_reactive(Countdown.expires_at, expires_at)

    def on_mount(self) -> None:
        """Tick every second."""
        self._tick()
        self.set_interval(1.0, self._tick)

    def watch_expires_at(self) -> None:
        """A new expiry (signed again) shows at once."""
        self._tick()

    def seconds_left(self) -> int:
        """Whole seconds until expiry (negative once expired)."""
        if self.expires_at is None:
            return 0
        return int(self.expires_at.timestamp() - time.time())

    def _tick(self) -> None:
        """Redraw the remaining time."""
        if self.expires_at is None:
            self.update("")
            return
        left = self.seconds_left()
        expired = left <= 0
        self.set_class(expired, "-expired")
        text = f"expired {format_duration(-left)} ago" if expired else f"expires in {format_duration(left)}"
        self.update(text)
