"""`QrScreen`: the share URL as a QR code (half-block characters), for a phone's camera."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from oss_share_tui.tui.widgets.qr_code import QrCode


class QrScreen(ModalScreen[None]):
    """Full-screen QR code of one URL; any of Esc, q or Q closes it. Says so when the terminal is too small."""

    DEFAULT_CSS = """
    QrScreen { align: center middle; background: $background; }
    QrScreen #qr-box { width: 100%; height: 1fr; }
    QrScreen #qr-hint { height: 1; width: 100%; content-align: center middle; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,Q", "close", "Close", key_display="esc", id="qr.close"),
    ]

    def __init__(self, url: str, *, caption: str = "") -> None:
        super().__init__()
        self.url = url
        self.caption = caption

    def compose(self) -> ComposeResult:
        """The code, a one-line caption, the footer."""
        with Vertical(id="qr-box"):
            yield QrCode(self.url, id="qr")
        yield Static(self.caption or "Scan with a phone camera; the link is a bearer token.", id="qr-hint",
                     markup=False)
        yield Footer(show_command_palette=False)

    def action_close(self) -> None:
        """Back to the link."""
        self.dismiss(None)
