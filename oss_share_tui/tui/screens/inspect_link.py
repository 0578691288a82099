"""`InspectScreen`: paste a signed URL and see what it grants (palette command "Inspect link")."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.storage.profile import Profile


def describe(url: str, profile: Profile, now: float | None = None) -> str:
    """The same fields as `oss-share inspect`, with the signature verdict for `profile`'s key."""
    from oss_share_tui.core.inspect import inspect_url
    from oss_share_tui.core.inspect_render import render
    from oss_share_tui.storage.verify import check_signature

    info = inspect_url(url)
    return render(info, time.time() if now is None else now, check_signature(info, profile).summary)


class InspectScreen(ModalScreen[None]):
    """An input for the URL and the decoded fields below it; updates as you paste or type."""

    DEFAULT_CSS = """
    InspectScreen { align: center middle; background: $background 60%; }
    InspectScreen #inspect-box {
        width: 110; max-width: 98%; height: auto; max-height: 90%;
        border: thick $primary; background: $panel; padding: 1 2;
    }
    InspectScreen #inspect-out { height: auto; margin-top: 1; }
    InspectScreen #inspect-out.-error { color: $text-error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", id="inspect.close")]

    def __init__(self, profile: Profile, url: str = "") -> None:
        super().__init__()
        self.profile = profile
        self.initial = url

    def compose(self) -> ComposeResult:
        """The input and the result."""
        with Vertical(id="inspect-box") as box:
            box.border_title = "Inspect a signed link"
            yield Input(self.initial, placeholder="Paste a signed OSS URL (ctrl+v or your terminal's paste)",
                        id="inspect-url")
            with VerticalScroll():
                yield Static("", id="inspect-out", markup=False)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        """Decode the initial URL, if any."""
        self._show(self.initial)

    @on(Input.Changed, "#inspect-url")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, url: str) -> None:
        out = self.query_one("#inspect-out", Static)
        out.remove_class("-error")
        if not url.strip():
            out.update("Paste a link to see its bucket, key, version, expiry, signer and parameters.")
            return
        try:
            out.update(describe(url.strip(), self.profile))
        except InvalidInput as err:
            out.add_class("-error")
            out.update(str(err))

    def action_close(self) -> None:
        """Back."""
        self.dismiss(None)
