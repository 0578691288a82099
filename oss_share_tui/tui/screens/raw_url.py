"""The URL alone on a plain screen: no border, no padding, nothing else on its lines, to select by hand."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static


class RawUrlScreen(Screen[None]):
    """Only the URL, folded at the screen edge; any of Esc, q, u goes back."""

    DEFAULT_CSS = """
    RawUrlScreen { background: $background; padding: 0; }
    RawUrlScreen #raw-url { width: 100%; height: auto; padding: 0; margin: 0; border: none; }
    RawUrlScreen #raw-hint { dock: bottom; height: 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,u", "back", "Back", id="raw-url.back"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        yield Static(Text(self.url, overflow="fold", no_wrap=False), id="raw-url", markup=False)
        yield Static("Select the URL with the mouse (shift+drag in most terminals) · Esc to go back",
                     id="raw-hint", markup=False)

    def action_back(self) -> None:
        """Back to the result view."""
        self.dismiss(None)
