"""The share form: every `ossutil sign` option for one object (or a batch), checked by core, with a preview.

The sections are widgets (tui/widgets/*_section.py); this screen composes them, checks the whole form through
core's one validation path, keeps the buttons and a short preview docked below the scrolling fields, and
remembers the last options per bucket for the session.
"""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, RadioButton, RadioSet, Select, Static
from textual.worker import get_current_worker

from oss_share_tui.core.disposition import disposition_for
from oss_share_tui.core.errors import OssShareError
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui import form_memory
from oss_share_tui.tui.safe_text import visible
from oss_share_tui.tui.share_request import ShareRequest, sign_target
from oss_share_tui.tui.share_target import ShareTarget
from oss_share_tui.tui.widgets.download_section import DownloadSection
from oss_share_tui.tui.widgets.expiry_picker import ExpiryPicker
from oss_share_tui.tui.widgets.expiry_section import ExpirySection
from oss_share_tui.tui.widgets.form_check import ERROR_LABELS, FormCheck, check_sections
from oss_share_tui.tui.widgets.form_section import FormSection, put
from oss_share_tui.tui.widgets.headers_section import RESPONSE_HEADERS, ResponseHeaders
from oss_share_tui.tui.widgets.image_section import ImageProcessing
from oss_share_tui.tui.widgets.limits_section import SOURCE_LIMITS, SourceLimits, TrafficRow, param_id
from oss_share_tui.tui.widgets.options_section import SigningOptions
from oss_share_tui.tui.widgets.url_preview import UrlPreview

DEBOUNCE = 0.12
"""Seconds of quiet before the preview is signed again, so fast typing signs once."""

def is_image(target: ShareTarget) -> bool:
    """True for image objects (by content type, else by the key's extension)."""
    content_type = target.content_type or mimetypes.guess_type(target.key)[0] or ""
    return content_type.startswith("image/")


class ShareFormScreen(ModalScreen["ShareRequest | None"]):
    """A modal form that signs one object (or version); dismisses with a `ShareRequest`, or None on cancel."""

    DEFAULT_CSS = """
    ShareFormScreen { align: center middle; background: $background 60%; }
    #share-box {
        width: 104; max-width: 100%; height: 100%;
        border: thick $primary; border-title-style: bold; background: $panel; padding: 0 1;
    }
    #share-fields { height: 1fr; scrollbar-size-vertical: 1; }
    #share-fields .field-row { height: auto; margin-top: 1; }
    #share-fields .field-label { width: 15; color: $text-muted; }
    #share-fields Input { width: 1fr; }
    #share-fields Select { width: 12; margin-left: 1; }
    #share-fields .narrow { width: 10; }
    #share-fields .note { width: 1fr; height: auto; color: $text-muted; padding-left: 15; }
    #share-fields .inline-note { width: auto; color: $text-muted; padding: 0 1; }
    #share-fields .field-error, #share-fields .field-warning, #form-error {
        height: auto; padding-left: 15; display: none;
        &.-shown { display: block; }
    }
    #share-fields .field-error, #form-error { color: $text-error; }
    #share-fields .field-warning { color: $text-warning; }
    #share-fields BoxCheckbox { width: auto; margin-right: 2; }
    #share-fields #same-name { margin-left: 15; }
    #share-fields Collapsible { margin-top: 1; padding: 0; border-top: none; background: transparent; }
    #share-fields Collapsible Contents { padding: 0 0 0 2; }
    #share-fields Collapsible .field-row { margin-top: 0; }
    #share-fields Collapsible .field-label { width: 13; }
    #share-fields Collapsible .field-error, #share-fields Collapsible .note { padding-left: 13; }
    #share-dock { dock: bottom; height: auto; border-top: solid $primary-muted; }
    #share-dock UrlPreview { max-height: 3; min-height: 1; }
    #form-error { padding-left: 0; }
    #share-buttons {
        height: 1; align-horizontal: right;
        & > Button { margin-left: 1; min-width: 0; width: auto; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="share-form.cancel"),
        Binding("ctrl+s", "create", "Create link", priority=True, id="share-form.create"),
        Binding("ctrl+r", "reset", "Reset to defaults", priority=True, id="share-form.reset"),
        Binding("ctrl+o", "preview_link", "Preview link", priority=True, id="share-form.preview"),
    ]
    AUTO_FOCUS = "#expiry-presets"

    def __init__(
        self,
        target: ShareTarget,
        profile: Profile,
        *,
        expiry: str = "1h",
        clock: Callable[[], float] = time.time,
        batch_count: int = 0,
        batch_keys: Sequence[str] = (),
        prefill: ShareOptions | None = None,
        remember: bool = True,
    ) -> None:
        super().__init__()
        self.target = target
        self.batch_keys = list(batch_keys) or ([target.key] * batch_count if batch_count else [])
        self.batch_count = len(self.batch_keys)
        """> 0: the form sets options for that many marked objects; `target` is the first, for the preview."""
        self.profile = profile
        self._expiry = expiry
        self._clock = clock
        self._prefill = prefill
        self._remember = remember
        self._generation = 0
        self._check = FormCheck()
        self._creating = False
        self._initial: dict[str, Any] = {}
        self.preview_link_url = ""
        """The URL now in the preview ("" when there is none)."""

    # -- layout -----------------------------------------------------------------------------------

    def _start_fields(self) -> dict[str, Any]:
        """The opening fields: the options to sign again, else the session's last ones for the bucket."""
        if self._prefill is not None:
            return form_memory.fields_from_options(self._prefill)
        return form_memory.remembered(self.app, self.target.bucket.name) if self._remember else {}

    def compose(self) -> ComposeResult:
        """Sections in a scrolling column; the preview and the buttons docked below them."""
        target = self.target
        start = self._start_fields()
        self._start = start
        with Vertical(id="share-box") as box:
            title = f"Share oss://{target.bucket.name}/{target.key}"
            if target.version_id:
                title += f" (version {target.version_id})"
            if self.batch_count:
                title = (f"Share {self.batch_count} marked objects "
                         f"(preview: oss://{target.bucket.name}/{target.key})")
            box.border_title = Content(visible(title))  # plain text: keys are never markup
            with Vertical(id="share-dock"):
                yield UrlPreview(id="url-preview")
                yield Static("", id="form-error", classes="field-error", markup=False)
                with Horizontal(id="share-buttons"):
                    yield Button("Reset (ctrl+r)", id="reset", compact=True)
                    yield Button("Cancel (Esc)", id="cancel", compact=True)
                    yield Button("Preview (ctrl+o)", id="preview-link", compact=True)
                    yield Button("Create link (ctrl+s)", variant="primary", id="create", disabled=True,
                                 compact=True)
            with VerticalScroll(id="share-fields"):
                yield ExpirySection(self._expiry, target.version_id, id="section-expiry")
                yield DownloadSection(target.key, batch_keys=self.batch_keys, id="section-download")
                yield TrafficRow(id="section-traffic")
                yield ImageProcessing(expanded=is_image(target) or bool(start.get("process-raw")),
                                      id="section-image")
                yield ResponseHeaders(eager=any(start.get(param_id(k)) for k, _, _ in RESPONSE_HEADERS),
                                      id="section-headers")
                yield SourceLimits(eager=any(start.get(param_id(k)) for k, _, _ in SOURCE_LIMITS)
                                   or bool(start.get(param_id("x-oss-ac-forward-allow"))),
                                   id="section-limits")
                yield SigningOptions(self.profile.sign_version, id="section-options")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        """Fill in the remembered (or history's) options, check the form and sign the first preview."""
        self.query_one(UrlPreview).show_pending()
        self._apply(self._start)
        self.revalidate()
        self.call_after_refresh(self._settled)

    def _settled(self) -> None:
        """Remember the opening state, to ask before Esc throws changes away."""
        self._initial = self.fields()

    def _apply(self, fields: dict[str, Any]) -> None:
        """Put `fields` (DOM id -> value) into the form; radio choices first, since they enable fields."""
        widgets = {key: next(iter(self.query(f"#{key}")), None) for key in fields}
        for key, value in fields.items():
            if key == "expiry":
                self.query_one(ExpiryPicker).choose(str(value))
            elif isinstance(widgets[key], RadioSet) and value:
                self.query_one(f"#{value}", RadioButton).value = True
        for key, value in fields.items():
            widget = widgets[key]
            if isinstance(widget, Input):
                widget.value = str(value or "")
            elif isinstance(widget, Select):
                if value:
                    widget.value = value
                elif widget.selection is not None and widget._allow_blank:
                    widget.clear()
            elif isinstance(widget, Checkbox):
                widget.value = bool(value)

    def fields(self) -> dict[str, Any]:
        """Every field's value by DOM id (what is remembered, and what Esc compares)."""
        out: dict[str, Any] = {"expiry": self.query_one(ExpiryPicker).value}
        for section in self.query(FormSection):
            out.update(section.snapshot())
        out.pop("expiry-presets", None)
        out.pop("expiry-text", None)
        return out

    # -- checking ---------------------------------------------------------------------------------

    @property
    def sign_version(self) -> str:
        """`v4` or `v1`, as chosen."""
        return self.query_one(SigningOptions).sign_version

    def check_form(self, now: float | None = None) -> FormCheck:
        """Validate every field through core; errors are keyed by the id of the label they belong beside."""
        return check_sections(self, self._clock() if now is None else now, self.sign_version)

    def revalidate(self) -> None:
        """Check the form, show each error beside its field, and sign a fresh preview when all is valid."""
        now = self._clock()
        check = self.check_form(now)
        self._check = check
        self._generation += 1
        for label in ERROR_LABELS:
            message = check.errors.get(label, "")
            put(self.query_one(f"#{label}", Static), message, shown=bool(message))
        self.query_one(ExpirySection).show(check.expires_in, now, self.sign_version, self.profile)
        self.query_one(TrafficRow).show(check.traffic_bits)
        self.query_one(ImageProcessing).show()
        self.query_one(DownloadSection).show()
        create = self.query_one("#create", Button)
        preview = self.query_one(UrlPreview)
        if check.options is None:
            create.disabled = True
            first = next(iter(check.errors.values()), "fix the fields marked in red")
            preview.show_error(f"No link: {first}")
            self.preview_link_url = ""
            return
        create.disabled = self._creating
        self._sign_preview(self._preview_options(check), self._generation)

    def _preview_options(self, check: FormCheck) -> ShareOptions:
        """The options of the link shown: for a batch, the first object's own name included."""
        assert check.options is not None
        if check.download is None:
            return check.options
        value = disposition_for(check.download, self.target.key, 1)
        return check.options.with_param("response-content-disposition", value)

    # -- preview and create -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="share-preview", exit_on_error=False, description="sign preview")
    def _sign_preview(self, options: ShareOptions, generation: int) -> None:
        """After a short quiet spell, sign the preview off the event loop (the first call imports oss2)."""
        time.sleep(DEBOUNCE)
        if get_current_worker().is_cancelled:
            return
        try:
            link = sign_target(self.profile, self.target, options)
        except OssShareError as err:
            self.app.call_from_thread(self._preview_failed, generation, str(err))
            return
        except Exception as err:  # noqa: BLE001 - an unexpected failure must still leave "no link" on screen
            self.app.call_from_thread(self._preview_failed, generation, f"cannot sign: {type(err).__name__}")
            return
        self.app.call_from_thread(self._preview_signed, generation, link.url)

    def _preview_signed(self, generation: int, url: str) -> None:
        """Show a freshly signed preview, unless the form changed meanwhile."""
        if generation != self._generation:
            return
        self.preview_link_url = url
        self.query_one(UrlPreview).show_url(url)

    def _preview_failed(self, generation: int, message: str) -> None:
        """Signing refused (no region, no credentials…): no link, and say why."""
        if generation != self._generation:
            return
        self.preview_link_url = ""
        self.query_one(UrlPreview).show_error("No link: " + message)
        self.query_one("#create", Button).disabled = True

    def action_create(self) -> None:
        """Sign the link afresh (its expiry counts from now) and hand it back."""
        if self._creating:
            return
        check = self.check_form()
        if check.options is None:
            self.revalidate()
            self.app.bell()
            return
        self._creating = True
        self.query_one("#create", Button).disabled = True
        if self._remember:
            form_memory.remember(self.app, self.target.bucket.name, self.fields())
        self._create(check)

    @work(thread=True, exclusive=True, group="share-create", exit_on_error=False, description="sign the link")
    def _create(self, check: FormCheck) -> None:
        """Sign off the event loop, then dismiss with the result."""
        options = self._preview_options(check)
        try:
            link = sign_target(self.profile, self.target, options)
        except OssShareError as err:
            self.app.call_from_thread(self._create_failed, str(err))
            return
        except Exception as err:  # noqa: BLE001 - never leave the form stuck in "creating"
            self.app.call_from_thread(self._create_failed, f"cannot sign: {type(err).__name__}")
            return
        assert check.options is not None
        # A batch hands back the shared options and the naming rule; each object gets its own name later.
        request_options = check.options if check.download is not None else options
        request = ShareRequest(self.target, request_options, link, check.download)
        self.app.call_from_thread(self.dismiss, request)

    def _create_failed(self, message: str) -> None:
        """Signing failed at the last step: show why and let the user fix it."""
        self._creating = False
        self.query_one(UrlPreview).show_error("No link: " + message)
        self.notify(message, title="Cannot make the link", severity="error", markup=False)
        self.revalidate()

    def action_preview_link(self) -> None:
        """Fetch what the link with the form's current options serves, as its recipient would (on demand)."""
        check = self.check_form()
        if check.options is None:
            self.revalidate()
            first = next(iter(check.errors.values()), "fix the fields marked in red")
            self.notify(f"Nothing to preview: {first}", title="Preview link", severity="warning",
                        markup=False)
            return
        from oss_share_tui.tui.link_preview import preview_signed_link

        preview_signed_link(self, self.profile, self.target, self._preview_options(check))

    def action_cancel(self) -> None:
        """Close without a link; ask first when fields were changed."""
        if not self._initial or self.fields() == self._initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        from oss_share_tui.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Discard the changes to this link?"), answered)

    async def action_reset(self) -> None:
        """Every field back to its default, and forget this bucket's remembered options."""
        form_memory.forget(self.app, self.target.bucket.name)
        self._prefill = None
        self._generation += 1
        await self.recompose()
        self.query_one(UrlPreview).show_pending()
        self.revalidate()
        self.call_after_refresh(self._settled)
        self.notify("Options reset to the defaults.", title="Share", timeout=3)

    # -- events -----------------------------------------------------------------------------------

    @on(Button.Pressed, "#create")
    def _create_pressed(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#preview-link")
    def _preview_pressed(self) -> None:
        self.action_preview_link()

    @on(Button.Pressed, "#reset")
    async def _reset_pressed(self) -> None:
        await self.action_reset()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in any text field creates the link."""
        event.stop()
        self.action_create()

    @on(ExpiryPicker.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(RadioSet.Changed)
    def _changed(self) -> None:
        """Any change re-checks the form and re-signs the preview."""
        if self.is_mounted:
            self.revalidate()
