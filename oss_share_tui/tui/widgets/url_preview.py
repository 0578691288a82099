"""The signed URL shown whole: wrapped, selectable, and plain text (never markup)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class UrlPreview(Static):
    """Shows a URL, or, when there is none, why not."""

    DEFAULT_CSS = """
    UrlPreview {
        width: 1fr;
        height: auto;
        min-height: 2;
        padding: 0 1;
        background: $boost;
        color: $text;
        &.-empty { color: $text-muted; text-style: italic; }
        &.-error { color: $text-error; text-style: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("", id=id, markup=False)
        self.url = ""
        self._shown: tuple[str, str] = ("", "")

    def _show(self, kind: str, text: str) -> None:
        """Show `text` styled as `kind`, skipping the (layout-costly) update when nothing changed."""
        if self._shown == (kind, text):
            return
        self._shown = (kind, text)
        self.set_class(kind == "empty", "-empty")
        self.set_class(kind == "error", "-error")
        self.update(Text(text, overflow="fold"))

    def show_url(self, url: str) -> None:
        """Show `url` whole; long runs fold at the edge."""
        self.url = url
        self._show("url", url)

    def show_pending(self, text: str = "Signing…") -> None:
        """No URL yet: show a muted note."""
        self.url = ""
        self._show("empty", text)

    def show_error(self, text: str) -> None:
        """No URL because something is invalid: say what."""
        self.url = ""
        self._show("error", text)
