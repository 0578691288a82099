"""Share-form section: image processing (resize, crop, rotate, format, quality) or a raw x-oss-process."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Collapsible, Input, Label, Select, Static

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.process import FORMATS, RESIZE_MODES, build_image_process, validate_process
from oss_share_tui.tui.widgets.form_section import FormSection, put


class ImageProcessing(FormSection):
    """The builder fields and the raw field; the raw value wins when given."""

    def __init__(self, *, expanded: bool, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._expanded = expanded

    def compose(self) -> ComposeResult:
        with Collapsible(title="Image processing", collapsed=not self._expanded, id="image-process"):
            with Horizontal(classes="field-row"):
                yield Label("Resize", classes="field-label")
                yield Input(placeholder="width", id="resize-w", classes="narrow", compact=True)
                yield Input(placeholder="height", id="resize-h", classes="narrow", compact=True)
                yield Select([(mode, mode) for mode in RESIZE_MODES], prompt="mode", id="resize-mode",
                             compact=True)
            with Horizontal(classes="field-row"):
                yield Label("Crop", classes="field-label")
                yield Input(placeholder="w_100,h_100,x_10,y_10", id="crop", compact=True)
            with Horizontal(classes="field-row"):
                yield Label("Rotate", classes="field-label")
                yield Input(placeholder="0-360", id="rotate", classes="narrow", compact=True)
                yield Label("format", classes="inline-note")
                yield Select([(fmt, fmt) for fmt in FORMATS if fmt in ("jpg", "png", "webp")], prompt="keep",
                             id="image-format", compact=True)
                yield Label("quality", classes="inline-note")
                yield Input(placeholder="1-100", id="quality", classes="narrow", compact=True)
            with Horizontal(classes="field-row"):
                yield Label("or raw", classes="field-label")
                yield Input(placeholder="image/resize,w_200 or style/NAME", id="process-raw", compact=True)
            yield Static("", id="process-note", classes="note", markup=False)
            yield Static("", id="process-error", classes="field-error", markup=False)

    def value(self) -> str:
        """The x-oss-process value: the raw field when given, else what the builder makes ("" for none)."""
        raw = self.text("#process-raw")
        if raw:
            return validate_process(raw)
        return build_image_process(
            resize_w=self.text("#resize-w") or None,
            resize_h=self.text("#resize-h") or None,
            resize_mode=self.select("#resize-mode") or None,
            crop=self.text("#crop") or None,
            rotate=self.text("#rotate") or None,
            fmt=self.select("#image-format") or None,
            quality=self.text("#quality") or None,
        )

    def show(self) -> None:
        """Say which x-oss-process value the builder makes (the raw field wins)."""
        try:
            value = self.value()
        except InvalidInput:
            value = ""
        note = self.query_one("#process-note", Static)
        if self.text("#process-raw"):
            put(note, "The raw value is used; the builder fields are ignored.")
        else:
            put(note, f"x-oss-process={value}" if value else "No processing.")
