"""`HelpScreen`: every key binding of the app, grouped by where it works."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


def _bindings(owner: type) -> list[Binding]:
    """The `Binding`s a class declares (tuples normalised)."""
    found: list[Binding] = []
    for item in getattr(owner, "BINDINGS", []):
        found.append(item if isinstance(item, Binding) else Binding(*item))
    return found


def binding_rows(sections: Iterable[tuple[str, type]]) -> list[tuple[str, str, str]]:
    """(section, keys, description) for every binding of every class, keys shown as typed."""
    rows: dict[tuple[str, str], list[str]] = {}
    for section, owner in sections:
        for binding in _bindings(owner):
            if binding.system or not binding.description:
                continue
            keys = rows.setdefault((section, binding.description), [])
            keys.extend(_key_name(k) for k in binding.key.split(",") if _key_name(k) not in keys)
    return [(section, ", ".join(keys), description) for (section, description), keys in rows.items()]


_KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "space": "space",
    "backspace": "⌫",
    "escape": "esc",
    "enter": "enter",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}


def _key_name(key: str) -> str:
    """`question_mark` -> `?`, `ctrl+p` -> `ctrl+p`."""
    key = key.strip()
    return _KEY_NAMES.get(key, key)


class HelpScreen(ModalScreen[None]):
    """A scrollable table of all key bindings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, type]]) -> None:
        super().__init__()
        self.sections = sections
        """(title, class whose BINDINGS are listed), in order: given by the app, which owns them."""

    def compose(self) -> ComposeResult:
        """The title and the bindings table."""
        sections = self.sections
        table = Table(box=None, padding=(0, 2), show_edge=False, expand=True)
        table.add_column("Where", style="dim", no_wrap=True)
        table.add_column("Keys", style="bold", no_wrap=True)
        table.add_column("Action")
        previous = ""
        for section, keys, description in binding_rows(sections):
            table.add_row(Text(section if section != previous else ""), Text(keys), Text(description))
            previous = section
        table.add_row(Text(""), Text("mouse"), Text("click selects, double click opens, wheel scrolls"))
        with Vertical(id="help-box"):
            yield Label("oss-share keys", id="help-title")
            with VerticalScroll():
                yield Static(table, id="help-table")
            yield Label("esc closes", id="help-footer")

    def action_close(self) -> None:
        """Close help."""
        self.dismiss()
