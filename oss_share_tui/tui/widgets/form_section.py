"""What every share-form section uses: a section base, a `[ ]`/`[x]` checkbox, cheap label updates."""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, RadioSet, Select, Static


def put(widget: Static, text: str, *, shown: bool | None = None) -> None:
    """Set a label's text (and its `-shown` class) only when it changes: each update costs a layout pass."""
    if widget.content != text:
        widget.update(text)
    if shown is not None and widget.has_class("-shown") != shown:
        widget.set_class(shown, "-shown")


class BoxCheckbox(Checkbox):
    """A checkbox that reads `[ ]` / `[x]`: an unchecked box must not show an `X`."""

    @property
    def _button(self) -> Content:
        return Content.styled("[x] " if self.value else "[ ] ", "bold $text-success" if self.value else "")


class FormSection(Vertical):
    """One section of the share form: it reads its own fields, and can save and restore them by DOM id."""

    DEFAULT_CSS = """
    FormSection { height: auto; }
    """

    def text(self, selector: str) -> str:
        """The stripped text of one Input ("" while it is not mounted)."""
        widget = next(iter(self.query(selector).results(Input)), None)
        return widget.value.strip() if widget is not None else ""

    def select(self, selector: str) -> str:
        """The value of one Select, or "" when blank (or not mounted)."""
        widget = next(iter(self.query(selector).results(Select)), None)
        value = widget.value if widget is not None else None
        return value if isinstance(value, str) else ""

    def snapshot(self) -> dict[str, Any]:
        """Every field's value by DOM id (Input, Select, Checkbox, and each RadioSet's pressed button)."""
        out: dict[str, Any] = {}
        for widget in self.query("Input, Select, Checkbox, RadioSet"):
            if not widget.id:
                continue
            if isinstance(widget, Input):
                out[widget.id] = widget.value
            elif isinstance(widget, Select):
                out[widget.id] = widget.value if isinstance(widget.value, str) else None
            elif isinstance(widget, Checkbox):
                out[widget.id] = widget.value
            elif isinstance(widget, RadioSet):
                pressed = widget.pressed_button
                out[widget.id] = pressed.id if pressed is not None else None
        return out
