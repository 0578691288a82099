"""`StatusLine`: how much of the place is loaded, what is running, and notes on sort and filter."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


class StatusLine(Static):
    """One line: `N loaded · more available`, the running task, and notes (all plain text)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    loaded: reactive[int] = reactive(0)
    shown: reactive[int | None] = reactive(None)
    complete: reactive[bool] = reactive(False)
    running: reactive[str] = reactive("")
    note: reactive[str] = reactive("")
    error: reactive[str] = reactive("")

    def render(self) -> Text:
        """Compose the line from the reactive parts."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{self.loaded:,} loaded")
        if self.shown is not None and self.shown != self.loaded:
            text.append(f" ({self.shown:,} shown)")
        if not self.error:  # after a failure nothing is known to be available: the error says what to do
            text.append(" · ")
            text.append("all loaded" if self.complete else "more available")
        if self.running:
            text.append(" · ")
            text.append(self.running, style="bold")
        if self.error:
            text.append(" · ")
            text.append(self.error, style="bold red")
        if self.note:
            text.append(" · ")
            text.append(self.note, style="italic")
        return text
