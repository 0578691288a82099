"""The share form: every `ossutil sign` option for one object, checked by core, with a live URL preview."""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Collapsible,
    Footer,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
)
from textual.worker import get_current_worker

from oss_share_tui.core.disposition import content_disposition
from oss_share_tui.core.durations import format_duration
from oss_share_tui.core.errors import InvalidInput, OssShareError
from oss_share_tui.core.options import (
    TRAFFIC_MAX,
    TRAFFIC_MIN,
    V1_MAX_EXPIRES_AT,
    V4_MAX_EXPIRES,
    ShareOptions,
    build_share_options,
)
from oss_share_tui.core.process import FORMATS, RESIZE_MODES, build_image_process, validate_process
from oss_share_tui.core.units import format_traffic, traffic_to_bits
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui.safe_text import visible
from oss_share_tui.tui.share_request import ShareRequest, sign_target
from oss_share_tui.tui.share_target import ShareTarget
from oss_share_tui.tui.widgets.choice_set import ChoiceSet
from oss_share_tui.tui.widgets.expiry_picker import ExpiryPicker, timeout_for
from oss_share_tui.tui.widgets.url_preview import UrlPreview

DEBOUNCE = 0.12
"""Seconds of quiet before the preview is signed again, so fast typing signs once."""

RESPONSE_HEADERS: tuple[tuple[str, str, str], ...] = (
    ("response-content-type", "Content-Type", "e.g. text/plain; charset=utf-8"),
    ("response-content-language", "Language", "e.g. zh-CN"),
    ("response-expires", "Expires", "e.g. Thu, 01 Jan 2030 00:00:00 GMT"),
    ("response-cache-control", "Cache-Control", "e.g. no-cache"),
    ("response-content-encoding", "Encoding", "e.g. gzip"),
)
"""The response-* overrides besides Content-Disposition: (query key, label, placeholder)."""

SOURCE_LIMITS: tuple[tuple[str, str, str], ...] = (
    ("x-oss-ac-source-ip", "Source IP", "e.g. 203.0.113.7"),
    ("x-oss-ac-subnet-mask", "Subnet mask", "prefix length, e.g. 24"),
    ("x-oss-ac-vpc-id", "VPC id", "e.g. vpc-t4nlw426y44rd3iq4****"),
)
"""The x-oss-ac-* text fields (forward-allow is a choice): (query key, label, placeholder)."""

FIELD_ERRORS: dict[str, str] = {
    "timeout": "expiry-error",
    "version_id": "version-error",
    "traffic_limit": "traffic-error",
    "disposition": "filename-error",
    "filename": "filename-error",
    "x-oss-process": "process-error",
    "crop": "process-error",
    "resize": "process-error",
    "rotate": "process-error",
    "format": "process-error",
    "quality": "process-error",
    "payer": "options-error",
    "sign_version": "options-error",
}
"""`InvalidInput.field` (as core names it) -> the id of the error label beside that form field."""

ERROR_LABELS = (
    "expiry-error",
    "version-error",
    "traffic-error",
    "filename-error",
    "process-error",
    "response-error",
    "source-error",
    "options-error",
    "form-error",
)


def _id(key: str) -> str:
    """A kebab-case DOM id for a query parameter key."""
    return "param-" + key.removeprefix("x-oss-").removeprefix("response-")


def _local_and_utc(moment: datetime) -> str:
    """`2030-01-31 18:00:00 CST (10:00:00 UTC)`: local time first, UTC beside it (once, when they agree)."""
    local = moment.astimezone()
    text = f"{local:%Y-%m-%d %H:%M:%S %Z}"
    if local.utcoffset():
        text += f" ({moment.astimezone(timezone.utc):%H:%M:%S} UTC)"
    return text


def _sts_expiry(profile: Profile) -> datetime | None:
    """The STS token's own expiry, when the profile knows it."""
    text = (profile.sts_expiration or "").strip()
    if not profile.sts_token or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _put(widget: Static, text: str, *, shown: bool | None = None) -> None:
    """Set a label's text (and its `-shown` class) only when it changes: each update costs a layout pass."""
    if widget.content != text:
        widget.update(text)
    if shown is not None and widget.has_class("-shown") != shown:
        widget.set_class(shown, "-shown")


def is_image(target: ShareTarget) -> bool:
    """True for image objects (by content type, else by the key's extension)."""
    content_type = target.content_type or mimetypes.guess_type(target.key)[0] or ""
    return content_type.startswith("image/")


@dataclass
class FormCheck:
    """One pass of validation over the form: the options when valid, else a message per error label."""

    options: ShareOptions | None = None
    errors: dict[str, str] = field(default_factory=dict)
    traffic_bits: int | None = None
    expires_in: int | None = None


class ShareFormScreen(ModalScreen["ShareRequest | None"]):
    """A modal form that signs one object (or version); dismisses with a `ShareRequest`, or None on cancel."""

    DEFAULT_CSS = """
    ShareFormScreen {
        align: center middle;
        background: $background 60%;
    }
    #share-box {
        width: 104;
        max-width: 98%;
        height: auto;
        max-height: 96%;
        border: thick $primary;
        border-title-style: bold;
        background: $panel;
        padding: 0 1;
    }
    #share-fields {
        height: auto;
        max-height: 1fr;
        scrollbar-size-vertical: 1;
    }
    #share-fields .field-row {
        height: auto;
        margin-top: 1;
    }
    #share-fields .field-label {
        width: 15;
        color: $text-muted;
    }
    #share-fields Input { width: 1fr; }
    #share-fields Select { width: 16; }
    #share-fields .narrow { width: 10; }
    #share-fields .note {
        width: 1fr;
        height: auto;
        color: $text-muted;
        padding-left: 15;
    }
    #share-fields .inline-note {
        width: auto;
        color: $text-muted;
        padding: 0 1;
    }
    #share-fields .field-error {
        height: auto;
        color: $text-error;
        padding-left: 15;
        display: none;
        &.-shown { display: block; }
    }
    #share-fields .field-warning {
        height: auto;
        color: $text-warning;
        padding-left: 15;
        display: none;
        &.-shown { display: block; }
    }
    #share-fields Checkbox { width: auto; margin-right: 2; }
    #share-fields Collapsible {
        margin-top: 1;
        padding: 0;
        border-top: none;
        background: transparent;
    }
    #share-fields Collapsible Contents { padding: 0 0 0 2; }
    #share-fields Collapsible .field-row { margin-top: 0; }
    #share-fields Collapsible .field-label { width: 13; }
    #share-fields Collapsible .field-error, #share-fields Collapsible .note { padding-left: 13; }
    #preview-title {
        margin-top: 1;
        text-style: bold;
    }
    #share-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
        & > Button { margin-left: 2; }
    }
    #form-error {
        padding-left: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="share-form.cancel"),
        Binding("ctrl+s", "create", "Create link", priority=True, id="share-form.create"),
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
    ) -> None:
        super().__init__()
        self.target = target
        self.batch_count = batch_count
        """> 0: the form chooses options for that many marked objects; `target` is the first, for the preview."""
        self.profile = profile
        self._expiry = expiry
        self._clock = clock
        self._generation = 0
        self._check = FormCheck()
        self._creating = False
        self.preview_link_url = ""
        """The URL now in the preview ("" when there is none)."""

    # -- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Expiry, version, traffic, download, image processing, headers, source limits, options, preview."""
        target = self.target
        # Control characters in a key would reach the terminal through the Input: prefill them made visible.
        basename = visible(target.key.rsplit("/", 1)[-1])
        with Vertical(id="share-box") as box:
            title = f"Share oss://{target.bucket.name}/{target.key}"
            if target.version_id:
                title += f" (version {target.version_id})"
            if self.batch_count:
                title = (f"Share {self.batch_count} marked objects: these options apply to all "
                         f"(preview: oss://{target.bucket.name}/{target.key})")
            box.border_title = Content(visible(title))  # plain text: keys are never markup
            with VerticalScroll(id="share-fields"):
                with Horizontal(classes="field-row"):
                    yield Label("Expires in", classes="field-label")
                    yield ExpiryPicker(self._expiry, id="expiry")
                yield Static("", id="expiry-summary", classes="note", markup=False)
                yield Static("", id="expiry-error", classes="field-error", markup=False)
                yield Static("", id="sts-warning", classes="field-warning", markup=False)

                with Horizontal(classes="field-row"):
                    yield Label("Version", classes="field-label")
                    yield Input(target.version_id or "", placeholder="latest", id="version-id", compact=True)
                yield Static("", id="version-error", classes="field-error", markup=False)

                with Horizontal(classes="field-row"):
                    yield Label("Traffic limit", classes="field-label")
                    yield Input(placeholder="no limit", id="traffic-value", classes="narrow", compact=True)
                    yield Select(
                        [("KB/s", "KB/s"), ("MB/s", "MB/s")],
                        value="KB/s",
                        allow_blank=False,
                        id="traffic-unit",
                        compact=True,
                    )
                    yield Static("", id="traffic-bits", classes="inline-note", markup=False)
                yield Static("", id="traffic-error", classes="field-error", markup=False)

                with Horizontal(classes="field-row"):
                    yield Label("Download as", classes="field-label")
                    with ChoiceSet(id="disposition"):
                        yield RadioButton("as stored", value=True, id="disposition-default")
                        yield RadioButton("inline", id="disposition-inline")
                        yield RadioButton("attachment", id="disposition-attachment")
                    yield Label("file name", classes="inline-note")
                    yield Input(basename, placeholder="file name", id="filename", compact=True, disabled=True)
                yield Static("", id="filename-error", classes="field-error", markup=False)

                image = is_image(target)
                with Collapsible(title="Image processing", collapsed=not image, id="image-process"):
                    with Horizontal(classes="field-row"):
                        yield Label("Resize", classes="field-label")
                        yield Input(placeholder="width", id="resize-w", classes="narrow", compact=True)
                        yield Input(placeholder="height", id="resize-h", classes="narrow", compact=True)
                        yield Select(
                            [(mode, mode) for mode in RESIZE_MODES],
                            prompt="mode",
                            id="resize-mode",
                            compact=True,
                        )
                        yield Label("crop", classes="inline-note")
                        yield Input(placeholder="w_100,h_100,x_10,y_10", id="crop", compact=True)
                    with Horizontal(classes="field-row"):
                        yield Label("Rotate", classes="field-label")
                        yield Input(placeholder="0-360", id="rotate", classes="narrow", compact=True)
                        yield Label("format", classes="inline-note")
                        yield Select(
                            [(fmt, fmt) for fmt in FORMATS if fmt in ("jpg", "png", "webp")],
                            prompt="keep",
                            id="image-format",
                            compact=True,
                        )
                        yield Label("quality", classes="inline-note")
                        yield Input(placeholder="1-100", id="quality", classes="narrow", compact=True)
                    with Horizontal(classes="field-row"):
                        yield Label("or raw", classes="field-label")
                        yield Input(
                            placeholder="x-oss-process value: image/resize,w_200 or style/NAME",
                            id="process-raw",
                            compact=True,
                        )
                    yield Static("", id="process-note", classes="note", markup=False)
                    yield Static("", id="process-error", classes="field-error", markup=False)

                # Rarely used: their rows are mounted on first expand, which keeps the form quick to open.
                with Collapsible(title="Response headers", collapsed=True, id="response-headers"):
                    yield Static("", id="response-error", classes="field-error", markup=False)
                with Collapsible(title="Source limits (x-oss-ac-*)", collapsed=True, id="source-limits"):
                    yield Static("", id="source-error", classes="field-error", markup=False)

                with Horizontal(classes="field-row"):
                    yield Label("Options", classes="field-label")
                    yield Checkbox("Requester pays", id="requester-pays", compact=True)
                    yield Checkbox("Keep / in the key", id="slash-safe", compact=True)
                    yield Label("signature", classes="inline-note")
                    with ChoiceSet(id="sign-version"):
                        v1 = self.profile.sign_version.lower() == "v1"
                        yield RadioButton("V4", value=not v1, id="sign-v4")
                        yield RadioButton("V1", value=v1, id="sign-v1")
                yield Static("", id="options-error", classes="field-error", markup=False)

            yield Label("Link preview", id="preview-title")
            yield UrlPreview(id="url-preview")
            yield Static("", id="form-error", classes="field-error", markup=False)
            with Horizontal(id="share-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Create link", variant="primary", id="create", disabled=True)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        """Check the prefilled form and sign the first preview."""
        self.query_one(UrlPreview).show_pending()
        self.revalidate()

    # -- reading the form -------------------------------------------------------------------------

    def _text(self, selector: str) -> str:
        """The stripped text of one Input ("" while its section is not mounted yet)."""
        found = self.query(selector).results(Input)
        widget = next(iter(found), None)
        return widget.value.strip() if widget is not None else ""

    def _select(self, selector: str) -> str:
        """The value of one Select, or "" when blank (or not mounted yet)."""
        widget = next(iter(self.query(selector).results(Select)), None)
        value = widget.value if widget is not None else None
        return value if isinstance(value, str) else ""

    @on(Collapsible.Expanded, "#response-headers")
    def _mount_response_headers(self, event: Collapsible.Expanded) -> None:
        """Mount the response-* rows the first time the section opens."""
        if self.query(f"#{_id(RESPONSE_HEADERS[0][0])}"):
            return
        rows = [
            Horizontal(
                Label(label, classes="field-label"),
                Input(placeholder=placeholder, id=_id(key), compact=True),
                classes="field-row",
            )
            for key, label, placeholder in RESPONSE_HEADERS
        ]
        self.query_one("#response-headers").query_one(Collapsible.Contents).mount_all(rows, before=0)

    @on(Collapsible.Expanded, "#source-limits")
    def _mount_source_limits(self, event: Collapsible.Expanded) -> None:
        """Mount the x-oss-ac-* rows the first time the section opens."""
        if self.query(f"#{_id(SOURCE_LIMITS[0][0])}"):
            return
        rows = [
            Horizontal(
                Label(label, classes="field-label"),
                Input(placeholder=placeholder, id=_id(key), compact=True),
                classes="field-row",
            )
            for key, label, placeholder in SOURCE_LIMITS
        ]
        forward = Select(
            [("allow", "true"), ("deny", "false")],
            prompt="not set",
            id=_id("x-oss-ac-forward-allow"),
            compact=True,
        )
        rows.append(Horizontal(Label("Forward", classes="field-label"), forward, classes="field-row"))
        self.query_one("#source-limits").query_one(Collapsible.Contents).mount_all(rows, before=0)

    def _pressed(self, selector: str) -> str:
        """The id of the pressed button of a RadioSet."""
        button = self.query_one(selector, RadioSet).pressed_button
        return (button.id or "") if button is not None else ""

    @property
    def sign_version(self) -> str:
        """`v4` or `v1`, as chosen."""
        return "v1" if self._pressed("#sign-version") == "sign-v1" else "v4"

    def _process_value(self) -> str:
        """The x-oss-process value: the raw field when given, else what the builder makes ("" for none)."""
        raw = self._text("#process-raw")
        if raw:
            return validate_process(raw)
        return build_image_process(
            resize_w=self._text("#resize-w") or None,
            resize_h=self._text("#resize-h") or None,
            resize_mode=self._select("#resize-mode") or None,
            crop=self._text("#crop") or None,
            rotate=self._text("#rotate") or None,
            fmt=self._select("#image-format") or None,
            quality=self._text("#quality") or None,
        )

    def check_form(self, now: float | None = None) -> FormCheck:
        """Validate every field through core; errors are keyed by the id of the label they belong beside."""
        now = self._clock() if now is None else now
        check = FormCheck()
        errors = check.errors
        version = self.sign_version

        def attempt(label: str, fn: Callable[[], object]) -> object | None:
            try:
                return fn()
            except InvalidInput as err:
                errors.setdefault(label, str(err))
                return None

        picker = self.query_one(ExpiryPicker)
        timeout = attempt("expiry-error", lambda: timeout_for(picker.value, now))
        if timeout is not None:
            options = attempt(
                "expiry-error", lambda: build_share_options(timeout=timeout, sign_version=version, now=now)
            )
            if isinstance(options, ShareOptions):
                check.expires_in = options.expires_in

        version_id = self._text("#version-id") or None
        if version_id is not None:
            attempt("version-error", lambda: build_share_options(version_id=version_id))

        traffic_text = self._text("#traffic-value")
        if traffic_text:
            unit = self._select("#traffic-unit") or "KB/s"
            bits = attempt("traffic-error", lambda: traffic_to_bits(traffic_text, unit))
            if isinstance(bits, int):
                check.traffic_bits = bits
                attempt("traffic-error", lambda: build_share_options(traffic_limit=bits))

        groups: dict[str, list[str]] = {"filename-error": [], "process-error": [], "response-error": [],
                                        "source-error": []}
        mode = self._pressed("#disposition").removeprefix("disposition-")
        if mode in ("inline", "attachment"):
            filename = self.query_one("#filename", Input).value if mode == "attachment" else ""
            value = attempt("filename-error", lambda: content_disposition(mode, filename or None))
            if isinstance(value, str):
                groups["filename-error"].append(f"response-content-disposition:{value}")
        process = attempt("process-error", self._process_value)
        if isinstance(process, str) and process:
            groups["process-error"].append(f"x-oss-process:{process}")
        for key, _, _ in RESPONSE_HEADERS:
            text = self._text(f"#{_id(key)}")
            if text:
                groups["response-error"].append(f"{key}:{text}")
        for key, _, _ in SOURCE_LIMITS:
            text = self._text(f"#{_id(key)}")
            if text:
                groups["source-error"].append(f"{key}:{text}")
        forward = self._select(f"#{_id('x-oss-ac-forward-allow')}")
        if forward:
            groups["source-error"].append(f"x-oss-ac-forward-allow:{forward}")
        for label, params in groups.items():
            if params:
                attempt(label, lambda params=params: build_share_options(query_params=params))

        if errors:
            return check
        # The whole form through the one validation path; it also catches what no single field shows.
        try:
            check.options = build_share_options(
                timeout=timeout if timeout is not None else "",
                version_id=version_id,
                traffic_limit=check.traffic_bits,
                payer="requester" if self.query_one("#requester-pays", Checkbox).value else None,
                query_params=[param for params in groups.values() for param in params],
                slash_safe=self.query_one("#slash-safe", Checkbox).value,
                sign_version=version,
                now=now,
            )
        except InvalidInput as err:
            errors[FIELD_ERRORS.get(err.field or "", "form-error")] = str(err)
        return check

    # -- showing the check ------------------------------------------------------------------------

    def revalidate(self) -> None:
        """Check the form, show each error beside its field, and sign a fresh preview when all is valid."""
        now = self._clock()
        check = self.check_form(now)
        self._check = check
        self._generation += 1
        for label in ERROR_LABELS:
            message = check.errors.get(label, "")
            _put(self.query_one(f"#{label}", Static), message, shown=bool(message))
        self._show_expiry(check, now)
        self._show_traffic(check)
        self._show_process()
        create = self.query_one("#create", Button)
        preview = self.query_one(UrlPreview)
        if check.options is None:
            create.disabled = True
            first = next(iter(check.errors.values()), "fix the fields marked in red")
            preview.show_error(f"No link: {first}")
            self.preview_link_url = ""
            return
        create.disabled = self._creating
        self._sign_preview(check.options, self._generation)

    def _show_expiry(self, check: FormCheck, now: float) -> None:
        """The absolute expiry, the limits of the chosen signature version, and the STS warning."""
        limits = (
            f"V4 links live 1 s to {format_duration(V4_MAX_EXPIRES)}"
            if self.sign_version == "v4"
            else f"V1: now + expiry up to {V1_MAX_EXPIRES_AT} (int64 seconds)"
        )
        summary = self.query_one("#expiry-summary", Static)
        warning = self.query_one("#sts-warning", Static)
        at: datetime | None = None
        if check.expires_in is None:
            text = limits
        else:
            try:
                at = datetime.fromtimestamp(now + check.expires_in, tz=timezone.utc)
                text = f"Expires {_local_and_utc(at)}, in {format_duration(check.expires_in)} · {limits}"
            except (OverflowError, OSError, ValueError):
                text = f"Expires in {format_duration(check.expires_in)} · {limits}"
        _put(summary, text)
        sts = _sts_expiry(self.profile)
        if at is not None and sts is not None and sts < at:
            _put(
                warning,
                f"The STS token expires sooner, at {_local_and_utc(sts)}: the link stops working with it.",
                shown=True,
            )
        else:
            _put(warning, "", shown=False)

    def _show_traffic(self, check: FormCheck) -> None:
        """The traffic limit in bit/s, and the range OSS accepts."""
        label = self.query_one("#traffic-bits", Static)
        allowed = f"allowed {format_traffic(TRAFFIC_MIN)} to {format_traffic(TRAFFIC_MAX)}"
        if check.traffic_bits is None:
            _put(label, allowed)
        else:
            _put(label, f"= {check.traffic_bits:,} bit/s · {allowed}")

    def _show_process(self) -> None:
        """Say which x-oss-process value the builder makes (the raw field wins)."""
        note = self.query_one("#process-note", Static)
        try:
            value = self._process_value()
        except InvalidInput:
            value = ""
        if self._text("#process-raw"):
            _put(note, "The raw value is used; the builder fields are ignored.")
        else:
            _put(note, f"x-oss-process={value}" if value else "No processing.")

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
        self._create(check.options)

    @work(thread=True, exclusive=True, group="share-create", exit_on_error=False, description="sign the link")
    def _create(self, options: ShareOptions) -> None:
        """Sign off the event loop, then dismiss with the result."""
        try:
            link = sign_target(self.profile, self.target, options)
        except OssShareError as err:
            self.app.call_from_thread(self._create_failed, str(err))
            return
        except Exception as err:  # noqa: BLE001 - never leave the form stuck in "creating"
            self.app.call_from_thread(self._create_failed, f"cannot sign: {type(err).__name__}")
            return
        self.app.call_from_thread(self.dismiss, ShareRequest(self.target, options, link))

    def _create_failed(self, message: str) -> None:
        """Signing failed at the last step: show why and let the user fix it."""
        self._creating = False
        self.query_one(UrlPreview).show_error("No link: " + message)
        self.notify(message, title="Cannot make the link", severity="error", markup=False)
        self.revalidate()

    def action_cancel(self) -> None:
        """Close without a link."""
        self.dismiss(None)

    # -- events -----------------------------------------------------------------------------------

    @on(Button.Pressed, "#create")
    def _create_pressed(self) -> None:
        """The Create button."""
        self.action_create()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        """The Cancel button."""
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in any text field creates the link."""
        event.stop()
        self.action_create()

    @on(RadioSet.Changed, "#disposition")
    def _disposition_changed(self, event: RadioSet.Changed) -> None:
        """The file name only matters for an attachment."""
        self.query_one("#filename", Input).disabled = event.pressed.id != "disposition-attachment"
        self.revalidate()

    @on(ExpiryPicker.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(RadioSet.Changed, "#sign-version")
    def _changed(self) -> None:
        """Any change re-checks the form and re-signs the preview."""
        if self.is_mounted:
            self.revalidate()
