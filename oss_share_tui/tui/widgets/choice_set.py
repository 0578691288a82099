"""A radio row for forms: arrows choose (as radio groups do in browsers), and the row wraps when narrow."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.widgets import RadioSet


class ChoiceSet(RadioSet):
    """A compact `RadioSet` laid out as a wrapping grid; ←/→/↑/↓ choose at once, clicks work."""

    DEFAULT_CSS = """
    ChoiceSet {
        layout: grid;
        grid-size: 8;
        grid-columns: auto;
        grid-gutter: 0 1;
        width: 1fr;
        height: auto;
        & > RadioButton { width: auto; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "choose_next", "Next choice", show=False),
        Binding("up,left", "choose_previous", "Previous choice", show=False),
    ]

    def __init__(self, *buttons: object, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(*buttons, id=id, compact=True)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        """Textual puts the cursor on the first button; put it on the pressed one instead."""
        self.call_after_refresh(self._select_pressed)

    def _select_pressed(self) -> None:
        """Move the cursor to the pressed button (runs after RadioSet's own mount handling)."""
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def on_resize(self, event: Resize) -> None:
        """As many buttons per row as fit; the rest wrap onto the next rows."""
        widths = [button.get_content_width(event.size, event.size) + 1 for button in self.children]
        if not widths:
            return
        room, columns = event.size.width, 0
        used = 0
        for width in widths:
            if columns and used + width > room:
                break
            used += width
            columns += 1
        columns = max(1, columns)
        if self.styles.grid_size_columns != columns:
            self.styles.grid_size_columns = columns

    def action_choose_next(self) -> None:
        """→/↓: move to the next choice and choose it."""
        self.action_next_button()
        self.action_toggle_button()

    def action_choose_previous(self) -> None:
        """←/↑: move to the previous choice and choose it."""
        self.action_previous_button()
        self.action_toggle_button()
