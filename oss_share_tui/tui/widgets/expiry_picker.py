"""Pick how long a link lives: a preset, a custom duration (`90s`, `2h`, `3d`) or an absolute local time."""

from __future__ import annotations

import math
import re
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, RadioButton, RadioSet

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.tui.widgets.choice_set import ChoiceSet

PRESETS: tuple[tuple[str, str], ...] = (
    ("1 min", "1m"),
    ("15 min", "15m"),
    ("1 h", "1h"),
    ("1 day", "1d"),
    ("7 days", "7d"),
)
"""(label, duration) pairs; the duration is what core's `parse_duration` reads."""

CUSTOM = "custom"
_LOOKS_LIKE_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def _parse_local(text: str) -> datetime:
    """`2025-06-01 18:00[:00]` or `2025-06-01T18:00` as an aware datetime in the local time zone."""
    raw = text.strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, fmt).astimezone()
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"expiry time {text.strip()!r} is not understood: use YYYY-MM-DD HH:MM (local time)",
            field="timeout",
        ) from None
    return parsed if parsed.tzinfo else parsed.astimezone()


def timeout_for(text: str, now: float) -> str | int:
    """What to hand core's `build_share_options(timeout=…)`: the duration text, or seconds until a local time.

    An absolute time becomes the whole seconds from `now` until it; core then checks the limits.
    """
    if not _LOOKS_LIKE_DATE.match(text.strip()):
        return text
    at = _parse_local(text)
    seconds = math.ceil(at.timestamp() - now)
    if seconds < 1:
        raise InvalidInput(
            f"expiry time {at:%Y-%m-%d %H:%M:%S} is in the past: choose a later time", field="timeout"
        )
    return seconds


class ExpiryPicker(Vertical):
    """Preset radio buttons plus a custom field; `value` is the chosen preset or the custom text."""

    DEFAULT_CSS = """
    ExpiryPicker {
        height: auto;
        width: 1fr;
        & > #expiry-text { width: 1fr; }
    }
    """

    class Changed(Message):
        """The chosen expiry changed (a preset was picked or the custom text was edited)."""

        def __init__(self, picker: ExpiryPicker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> ExpiryPicker:
            """The picker that changed."""
            return self.picker

    def __init__(self, value: str = "1h", *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._initial = value

    def compose(self) -> ComposeResult:
        """Presets, a `custom` choice and the custom text field."""
        presets = dict((code, label) for label, code in PRESETS)
        custom = self._initial not in presets
        with ChoiceSet(id="expiry-presets"):
            for label, code in PRESETS:
                yield RadioButton(label, value=code == self._initial, id=f"expiry-{code}")
            yield RadioButton("custom", value=custom, id=f"expiry-{CUSTOM}")
        yield Input(
            self._initial if custom else "",
            placeholder="custom: a duration (90s, 2h, 3d) or a local time (2030-01-31 18:00)",
            id="expiry-text",
            compact=True,
        )

    @property
    def is_custom(self) -> bool:
        """True when the custom field, not a preset, decides the expiry."""
        pressed = self.query_one(RadioSet).pressed_button
        return pressed is None or pressed.id == f"expiry-{CUSTOM}"

    @property
    def value(self) -> str:
        """The preset's duration, or the custom text as typed (possibly empty)."""
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is not None and pressed.id != f"expiry-{CUSTOM}":
            return (pressed.id or "").removeprefix("expiry-")
        return self.query_one("#expiry-text", Input).value

    def choose(self, value: str) -> None:
        """Pick a preset by its duration (`1h`), or put `value` in the custom field and pick custom."""
        codes = {code for _, code in PRESETS}
        if value in codes:
            self.query_one(f"#expiry-{value}", RadioButton).value = True
        else:
            self.query_one("#expiry-text", Input).value = value
            self.query_one(f"#expiry-{CUSTOM}", RadioButton).value = True

    @on(RadioSet.Changed, "#expiry-presets")
    def _preset_changed(self, event: RadioSet.Changed) -> None:
        """A preset or `custom` was picked."""
        event.stop()
        self.post_message(self.Changed(self))

    @on(Input.Changed, "#expiry-text")
    def _custom_changed(self, event: Input.Changed) -> None:
        """Typing in the custom field selects `custom`."""
        event.stop()
        custom = self.query_one(f"#expiry-{CUSTOM}", RadioButton)
        if not custom.value and event.value:
            custom.value = True  # posts RadioSet.Changed, which posts our Changed
            return
        self.post_message(self.Changed(self))
