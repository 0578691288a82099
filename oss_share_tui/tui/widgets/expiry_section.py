"""Share-form section: how long the link lives (presets, custom, a local time), and which version it opens."""

from __future__ import annotations

from datetime import datetime, timezone

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from oss_share_tui.core.durations import format_duration
from oss_share_tui.core.options import V1_MAX_EXPIRES_AT, V4_MAX_EXPIRES
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import token_expiry
from oss_share_tui.tui.widgets.expiry_picker import ExpiryPicker, timeout_for
from oss_share_tui.tui.widgets.form_section import FormSection, put


def local_and_utc(moment: datetime) -> str:
    """`2030-01-31 18:00:00 CST (10:00:00 UTC)`: local time first, UTC beside it (once, when they agree)."""
    local = moment.astimezone()
    text = f"{local:%Y-%m-%d %H:%M:%S %Z}"
    if local.utcoffset():
        text += f" ({moment.astimezone(timezone.utc):%H:%M:%S} UTC)"
    return text


class ExpirySection(FormSection):
    """Expiry picker, the resulting time and limits, the STS warning, and the version field."""

    def __init__(self, expiry: str, version_id: str | None, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._expiry = expiry
        self._version_id = version_id

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label("Expires in", classes="field-label")
            yield ExpiryPicker(self._expiry, id="expiry")
        yield Static("", id="expiry-summary", classes="note", markup=False)
        yield Static("", id="expiry-error", classes="field-error", markup=False)
        yield Static("", id="sts-warning", classes="field-warning", markup=False)
        with Horizontal(classes="field-row"):
            yield Label("Version", classes="field-label")
            yield Input(self._version_id or "", placeholder="latest", id="version-id", compact=True)
        yield Static("", id="version-error", classes="field-error", markup=False)

    def timeout(self, now: float) -> str | int:
        """What core's `build_share_options(timeout=…)` takes (InvalidInput for a bad local time)."""
        return timeout_for(self.query_one(ExpiryPicker).value, now)

    @property
    def version_id(self) -> str | None:
        """The version typed, or None for the latest."""
        return self.text("#version-id") or None

    def show(self, expires_in: int | None, now: float, sign_version: str, profile: Profile) -> None:
        """The absolute expiry, the limits of the chosen signature version, and the STS warning."""
        limits = (
            f"V4 links live 1 s to {format_duration(V4_MAX_EXPIRES)}"
            if sign_version == "v4"
            else f"V1: now + expiry up to {V1_MAX_EXPIRES_AT} (int64 seconds)"
        )
        at: datetime | None = None
        if expires_in is None:
            text = limits
        else:
            try:
                at = datetime.fromtimestamp(now + expires_in, tz=timezone.utc)
                text = f"Expires {local_and_utc(at)}, in {format_duration(expires_in)} · {limits}"
            except (OverflowError, OSError, ValueError):
                text = f"Expires in {format_duration(expires_in)} · {limits}"
        put(self.query_one("#expiry-summary", Static), text)
        warning = self.query_one("#sts-warning", Static)
        sts = token_expiry(profile)
        if at is not None and sts is not None and sts < at:
            put(warning, f"The STS token expires sooner, at {local_and_utc(sts)}: "
                "the link stops working with it.", shown=True)
        else:
            put(warning, "", shown=False)
