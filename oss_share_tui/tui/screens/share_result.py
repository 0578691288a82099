"""The result of a share: the whole URL, its expiry and countdown, copy, test and sign again."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static

from oss_share_tui.core.durations import format_duration
from oss_share_tui.core.errors import OssShareError
from oss_share_tui.storage.link_probe import LinkCheck, check_link
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui.clipboard import copy_text
from oss_share_tui.tui.messages import LinkMade
from oss_share_tui.tui.safe_text import visible
from oss_share_tui.tui.share_request import ShareRequest, sign_target
from oss_share_tui.tui.widgets.countdown import Countdown
from oss_share_tui.tui.widgets.url_preview import UrlPreview


def expiry_text(expires_at: datetime) -> str:
    """The absolute expiry in local time and in UTC."""
    if expires_at.year >= 9999:
        return "effectively never (V1 int64 limit)"
    local = expires_at.astimezone()
    utc = expires_at.astimezone(timezone.utc)
    if not local.utcoffset():
        return f"{utc:%Y-%m-%d %H:%M:%S} UTC"
    return f"{local:%Y-%m-%d %H:%M:%S %Z} (local) · {utc:%Y-%m-%d %H:%M:%S} UTC"


class ShareResultScreen(ModalScreen[None]):
    """Shows one signed link; copies it on open. `y` copy, `t` test, `r` sign again, Esc close."""

    DEFAULT_CSS = """
    ShareResultScreen {
        align: center middle;
        background: $background 60%;
    }
    #result-box {
        width: 104;
        max-width: 98%;
        height: auto;
        max-height: 96%;
        border: thick $success;
        border-title-style: bold;
        background: $panel;
        padding: 1 2;
    }
    #result-box .row { height: auto; }
    #result-box .row-label { width: 13; color: $text-muted; }
    #result-box .row-value { width: 1fr; height: auto; }
    #result-url { margin-bottom: 1; }
    #result-copy { color: $text-success; }
    #result-copy.-failed { color: $text-warning; }
    #result-test.-ok { color: $text-success; }
    #result-test.-failed { color: $text-error; }
    #result-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
        & > Button { margin-left: 2; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "copy", "Copy", id="share-result.copy"),
        Binding("t", "test", "Test link", id="share-result.test"),
        Binding("r", "sign_again", "Sign again", id="share-result.sign-again"),
        Binding("Q", "qr", "QR code", key_display="Q", id="share-result.qr"),
        Binding("escape", "close", "Close", id="share-result.close"),
    ]

    def __init__(self, request: ShareRequest, profile: Profile, *, auto_copy: bool = True) -> None:
        super().__init__()
        self.request = request
        self.profile = profile
        self._auto_copy = auto_copy

    @property
    def url(self) -> str:
        """The link on screen."""
        return self.request.link.url

    def compose(self) -> ComposeResult:
        """URL, expiry, countdown, copy status, test result, buttons."""
        link = self.request.link
        target = self.request.target
        with Vertical(id="result-box") as box:
            title = f"Share link: oss://{target.bucket.name}/{target.key}"
            if link.version_id:
                title += f" (version {link.version_id})"
            box.border_title = Content(visible(title))  # plain text: keys are never markup
            yield UrlPreview(id="result-url")
            with Horizontal(classes="row"):
                yield Label("Expires", classes="row-label")
                yield Static(
                    expiry_text(link.expires_at), id="result-expiry", classes="row-value", markup=False
                )
            with Horizontal(classes="row"):
                yield Label("", classes="row-label")
                yield Countdown(link.expires_at, id="result-countdown")
            with Horizontal(classes="row"):
                yield Label("Signature", classes="row-label")
                yield Static(
                    f"{link.signature_version.upper()}, valid for {format_duration(link.expires_in)}",
                    id="result-signature",
                    classes="row-value",
                    markup=False,
                )
            with Horizontal(classes="row"):
                yield Label("Clipboard", classes="row-label")
                yield Static("", id="result-copy", classes="row-value", markup=False)
            with Horizontal(classes="row"):
                yield Label("Link test", classes="row-label")
                yield Static("press t to test the link", id="result-test", classes="row-value", markup=False)
            with Horizontal(id="result-buttons"):
                yield Button("Copy (y)", id="copy")
                yield Button("Test (t)", id="test")
                yield Button("Sign again (r)", id="sign-again")
                yield Button("QR (Q)", id="qr")
                yield Button("Close (Esc)", id="close", variant="primary")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        """Show the URL and copy it."""
        self._show_link()
        if self._auto_copy:
            self.action_copy()

    def _show_link(self) -> None:
        """Put the current link's URL and expiry on screen."""
        link = self.request.link
        self.query_one("#result-url", UrlPreview).show_url(link.url)
        # A link signed with temporary credentials dies with them: show that earlier expiry, and why.
        effective = getattr(link, "effective_expires_at", link.expires_at)
        reason = getattr(link, "expiry_reason", "")
        self.query_one("#result-expiry", Static).update(
            expiry_text(effective) + (f" ({reason})" if reason else "")
        )
        self.query_one(Countdown).expires_at = effective
        if hasattr(self.app, "last_link"):
            self.app.last_link = link.url  # type: ignore[attr-defined]
        self.post_message(LinkMade(self.request))

    # -- actions ----------------------------------------------------------------------------------

    def action_copy(self) -> None:
        """Copy the URL through the clipboard chain and say honestly what happened."""
        status = self.query_one("#result-copy", Static)
        status.remove_class("-failed")
        status.update("copying…")

        def done(message: str) -> None:
            status.update(message)
            status.set_class("not set" in message, "-failed")
            self.notify(message, title="Link copied", timeout=4, markup=False)

        copy_text(self, self.url, done)

    def action_test(self) -> None:
        """Test the link with a one-byte GET, off the event loop."""
        status = self.query_one("#result-test", Static)
        status.remove_class("-ok", "-failed")
        status.update("testing…")
        self._test(self.url)

    @work(thread=True, exclusive=True, group="share-test", exit_on_error=False, description="test the link")
    def _test(self, url: str) -> None:
        """GET `Range: bytes=0-0` and report."""
        result = check_link(url)
        self.app.call_from_thread(self._tested, url, result)

    def _tested(self, url: str, result: LinkCheck) -> None:
        """Show a test result (if it is still for the link on screen)."""
        if url != self.url:
            return
        status = self.query_one("#result-test", Static)
        status.update(Text(visible(result.summary)))
        status.set_class(result.ok, "-ok")
        status.set_class(not result.ok, "-failed")

    def action_sign_again(self) -> None:
        """Sign again with the same options: a new expiry counted from now."""
        self.query_one("#result-test", Static).update("signing again…")
        self._sign_again()

    @work(thread=True, exclusive=True, group="share-sign", exit_on_error=False, description="sign again")
    def _sign_again(self) -> None:
        """Sign off the event loop (oss2 is already imported by then, but signing stays off the loop)."""
        request = self.request
        try:
            link = sign_target(self.profile, request.target, request.options)
        except OssShareError as err:
            self.app.call_from_thread(self._sign_failed, str(err))
            return
        except Exception as err:  # noqa: BLE001 - the old link stays usable; say signing failed
            self.app.call_from_thread(self._sign_failed, f"cannot sign: {type(err).__name__}")
            return
        self.app.call_from_thread(self._signed_again, ShareRequest(request.target, request.options, link))

    def _signed_again(self, request: ShareRequest) -> None:
        """Show and copy the new link."""
        self.request = request
        self._show_link()
        status = self.query_one("#result-test", Static)
        status.remove_class("-ok", "-failed")
        status.update("signed again; press t to test the new link")
        self.action_copy()

    def _sign_failed(self, message: str) -> None:
        """Signing again failed; the old link stays on screen."""
        self.query_one("#result-test", Static).update("")
        self.notify(message, title="Cannot sign again", severity="error", markup=False)

    def action_qr(self) -> None:
        """Show the URL as a QR code."""
        from oss_share_tui.tui.screens.qr import QrScreen

        target = self.request.target
        self.app.push_screen(QrScreen(self.url, caption=visible(f"oss://{target.bucket.name}/{target.key}")
                                      + " · Esc to go back"))

    def action_close(self) -> None:
        """Back to where the form was opened."""
        self.dismiss(None)

    @on(Button.Pressed, "#copy")
    def _copy_pressed(self) -> None:
        """The Copy button."""
        self.action_copy()

    @on(Button.Pressed, "#test")
    def _test_pressed(self) -> None:
        """The Test button."""
        self.action_test()

    @on(Button.Pressed, "#sign-again")
    def _sign_again_pressed(self) -> None:
        """The Sign again button."""
        self.action_sign_again()

    @on(Button.Pressed, "#qr")
    def _qr_pressed(self) -> None:
        """The QR button."""
        self.action_qr()

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        """The Close button."""
        self.action_close()
