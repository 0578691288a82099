"""A one-line radio set whose cursor starts on the chosen button."""

from __future__ import annotations

from textual.widgets import RadioSet


class ChoiceSet(RadioSet):
    """A compact, horizontal `RadioSet`; ←/→ move, Space or Enter chooses, clicks work."""

    DEFAULT_CSS = """
    ChoiceSet {
        layout: horizontal;
        width: auto;
        height: 1;
        & > RadioButton { width: auto; margin-right: 1; }
    }
    """

    def __init__(self, *buttons: object, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(*buttons, id=id, compact=True)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        """Textual puts the cursor on the first button; put it on the pressed one instead."""
        self.call_after_refresh(self._select_pressed)

    def _select_pressed(self) -> None:
        """Move the cursor to the pressed button (runs after RadioSet's own mount handling)."""
        if self.pressed_index >= 0:
            self._selected = self.pressed_index
