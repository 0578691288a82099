"""`QrScreen`: the share URL as a QR code (half-block characters), for a phone's camera; `s`/`S` save it as
a PNG or SVG file (mode 0600) under the download folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from oss_share_tui.tui.safe_text import markup_safe, visible
from oss_share_tui.tui.widgets.qr_code import QrCode, render_qr, save_qr


def download_dir() -> Path:
    """The user's download folder (XDG `DOWNLOAD` dir, else ~/Downloads)."""
    from platformdirs import user_downloads_dir

    return Path(user_downloads_dir())


def qr_file_path(kind: str, now: datetime | None = None) -> Path:
    """`<downloads>/oss-share-qr-YYYYMMDD-HHMMSS.png` (or .svg)."""
    return download_dir() / f"oss-share-qr-{(now or datetime.now()):%Y%m%d-%H%M%S}.{kind}"


class QrScreen(ModalScreen[None]):
    """Full-screen QR code of one URL; Esc, q or Q closes it. Says how big it is, and when it does not fit."""

    DEFAULT_CSS = """
    QrScreen { align: center middle; background: $background; }
    QrScreen #qr-box { width: 100%; height: 1fr; }
    QrScreen #qr-hint { height: auto; width: 100%; content-align: center middle; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,Q", "close", "Close", key_display="esc", id="qr.close"),
        Binding("s", "save('png')", "Save PNG", id="qr.save-png"),
        Binding("S", "save('svg')", "Save SVG", key_display="S", id="qr.save-svg"),
    ]

    def __init__(self, url: str, *, caption: str = "") -> None:
        super().__init__()
        self.url = url
        self.caption = caption
        self.saved: Path | None = None
        """The last file saved (for tests and the notice)."""

    def compose(self) -> ComposeResult:
        """The code, a caption with the size it needs, the footer."""
        with Vertical(id="qr-box"):
            yield QrCode(self.url, id="qr")
        need = render_qr(self.url)
        caption = self.caption or "Scan with a phone camera; the link is a bearer token."
        yield Static(f"{caption} · the code needs {need.width}×{need.height} cells · s saves a PNG, S an SVG",
                     id="qr-hint", markup=False)
        yield Footer(show_command_palette=False)

    def action_save(self, kind: str) -> None:
        """Save the code as a file under the download folder, off the event loop."""
        self._save(kind, qr_file_path(kind))

    @work(thread=True, exclusive=True, group="qr-save", exit_on_error=False, description="save the QR code")
    def _save(self, kind: str, path: Path) -> None:
        try:
            saved = save_qr(self.url, path, kind)
        except OSError as err:
            self.app.call_from_thread(self.notify, markup_safe(f"Cannot write {path}: {err.strerror or err}"),
                                      title="QR code", severity="error")
            return
        self.app.call_from_thread(self._saved, saved, kind)

    def _saved(self, path: Path, kind: str) -> None:
        self.saved = path
        self.notify(markup_safe(f"Saved the QR code as {kind.upper()} to {visible(str(path))}, readable by "
                                "you only (mode 0600: the link works for whoever holds it)"), title="QR code")

    def action_close(self) -> None:
        """Back to the link."""
        self.dismiss(None)
