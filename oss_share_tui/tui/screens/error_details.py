"""`ErrorDetailsScreen`: the last error of a listing in full: the plain sentence, the hint, the raw text."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from oss_share_tui.tui.error_text import ErrorView
from oss_share_tui.tui.safe_text import visible


class ErrorDetailsScreen(ModalScreen[None]):
    """A modal with everything known about one error (the raw text is shown only here)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,e,q,enter", "close", "Close", id="error-details.close"),
    ]

    def __init__(self, view: ErrorView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        """Title, sentence, hint and the raw details, all plain text."""
        with Vertical(id="details-box"):
            yield Label(Text(visible(self.view.title)), id="details-title")
            with VerticalScroll():
                body = Text()
                body.append(visible(self.view.sentence) + "\n", style="bold")
                if self.view.hint:
                    body.append(visible(self.view.hint) + "\n")
                body.append("\n" + visible(self.view.detail), style="dim")
                yield Static(body, id="error-details-body")

    def action_close(self) -> None:
        """Close the modal."""
        self.dismiss()
