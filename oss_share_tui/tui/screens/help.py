"""`HelpScreen`: every key of every screen (the current one first), read from the screens' own bindings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


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


SECTIONS: tuple[tuple[str, str, str], ...] = (
    # (title, module, class): imported when help opens, so the keys listed are always the ones bound.
    ("Browser", "oss_share_tui.tui.screens.browser", "BrowserScreen"),
    ("Moving in a list", "oss_share_tui.tui.widgets.object_list", "ObjectList"),
    ("Versions", "oss_share_tui.tui.screens.versions", "VersionsScreen"),
    ("Share form", "oss_share_tui.tui.screens.share_form", "ShareFormScreen"),
    ("Link (share result)", "oss_share_tui.tui.screens.share_result", "ShareResultScreen"),
    ("QR code", "oss_share_tui.tui.screens.qr", "QrScreen"),
    ("History", "oss_share_tui.tui.screens.history", "HistoryScreen"),
    ("Export", "oss_share_tui.tui.screens.export", "ExportScreen"),
    ("Inspect link", "oss_share_tui.tui.screens.inspect_link", "InspectScreen"),
    ("Batch share", "oss_share_tui.tui.screens.batch_progress", "BatchProgressScreen"),
    ("Details", "oss_share_tui.tui.screens.details", "DetailsScreen"),
    ("Bucket name prompt", "oss_share_tui.tui.screens.bucket_prompt", "BucketPromptScreen"),
    ("Help", "oss_share_tui.tui.screens.help", "HelpScreen"),
)
"""Every screen's keys; the app's own ("Everywhere") come from the app, which opens help with its class."""
MOUSE_ROW = ("Browser", "mouse", "click selects, double click opens, wheel scrolls")


def help_sections(current: type | None = None, everywhere: type | None = None) -> list[tuple[str, type]]:
    """Every screen with keys, the `current` one (and, in a list, the moving keys) first; then `everywhere`."""
    import importlib

    found = [(title, getattr(importlib.import_module(module), name)) for title, module, name in SECTIONS]
    if everywhere is not None:
        found.append(("Everywhere", everywhere))
    first = [(t, c) for t, c in found if current is not None and issubclass(current, c) and t != "Everywhere"]
    if first and first[0][0] in ("Browser", "Versions"):
        first += [(t, c) for t, c in found if t == "Moving in a list"]
    return first + [item for item in found if item not in first]


def _own_bindings(owner: type) -> list[Binding]:
    """The bindings `owner` and its project base classes declare (Textual's own classes left out)."""
    found: list[Binding] = []
    for cls in reversed(owner.__mro__):
        if cls.__module__.startswith("oss_share_tui") and "BINDINGS" in cls.__dict__:
            found.extend(_bindings(cls))
    return found


class _Owner:
    """A stand-in class whose `BINDINGS` are another class's own and inherited ones (see `_own_bindings`)."""

    def __init__(self, owner: type) -> None:
        self.BINDINGS = _own_bindings(owner)


def help_rows(current: type | None = None, everywhere: type | None = None) -> list[tuple[str, str, str]]:
    """(section, keys, action) for every key of every screen, the current screen first."""
    sections = [(title, _Owner(owner)) for title, owner in help_sections(current, everywhere)]
    rows = binding_rows(sections)  # type: ignore[arg-type]
    browser_end = max((i for i, row in enumerate(rows) if row[0] == "Browser"), default=len(rows) - 1)
    rows.insert(browser_end + 1, MOUSE_ROW)
    return rows


def matching(rows: list[tuple[str, str, str]], query: str) -> list[tuple[str, str, str]]:
    """Rows whose section, keys or action contain every word of `query` (any case)."""
    words = query.lower().split()
    return [row for row in rows if all(w in " ".join(row).lower() for w in words)]


class HelpScreen(ModalScreen[None]):
    """Every key, the current screen's first; scrollable (j/k, PgDn, End) and filtered by typing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Clear the filter, or close help", id="help.close"),
        Binding("q,question_mark,f1", "close_now", "Close help", id="help.close-now"),
        Binding("j", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="help.up"),
        Binding("g", "scroll('home')", "Scroll to the top", show=False, id="help.top"),
        Binding("G", "scroll('end')", "Scroll to the end", show=False, id="help.end"),
        Binding("slash", "find", "Filter the keys", key_display="/", id="help.find"),
    ]

    def __init__(self, current: type | None = None, everywhere: type | None = None) -> None:
        super().__init__()
        self.current = current
        self.rows = help_rows(current, everywhere)
        """(section, keys, action): `current` is the screen help was opened on, `everywhere` the app class."""

    def compose(self) -> ComposeResult:
        """The title, the filter, the keys table and a footer line."""
        with Vertical(id="help-box"):
            yield Label("oss-share keys", id="help-title")
            yield Input(placeholder="Type to filter the keys (Esc clears)", id="help-filter")
            with VerticalScroll(id="help-scroll"):
                yield Static(self._table(self.rows), id="help-table")
            yield Label("j/k PgDn/PgUp g/G scroll · type to filter · esc closes", id="help-footer")

    def on_mount(self) -> None:
        """Focus the scrolling table (so j/k scroll at once)."""
        self.query_one("#help-scroll").focus()

    @staticmethod
    def _table(rows: list[tuple[str, str, str]]) -> Table:
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=True, show_header=False)
        table.add_column("Keys", style="bold", no_wrap=True, max_width=24)
        table.add_column("Action", ratio=1)
        previous = None
        for section, keys, description in rows:
            if section != previous:
                if previous is not None:
                    table.add_row(Text(""), Text(""))
                table.add_row(Text(section, style="underline"), Text(""))
                previous = section
            table.add_row(Text(keys), Text(description))
        if not rows:
            table.add_row(Text(""), Text("No key matches the filter.", style="italic"))
        return table

    @on(Input.Changed, "#help-filter")
    def _filter(self, event: Input.Changed) -> None:
        """Show only the rows matching what is typed."""
        self.query_one("#help-table", Static).update(self._table(matching(self.rows, event.value)))
        self.query_one("#help-scroll", VerticalScroll).scroll_home(animate=False)

    @on(Input.Submitted, "#help-filter")
    def _filter_done(self) -> None:
        self.query_one("#help-scroll").focus()

    def on_key(self, event: events.Key) -> None:
        """A printable key not bound here starts the filter with that character."""
        field = self.query_one("#help-filter", Input)
        if self.focused is field or not event.is_printable or not event.character:
            return
        if event.character in "jkgGq?/":
            return
        event.stop()
        event.prevent_default()
        field.focus()
        field.insert_text_at_cursor(event.character)

    def action_scroll(self, where: str) -> None:
        """Scroll the keys table."""
        scroll = self.query_one("#help-scroll", VerticalScroll)
        {"down": scroll.scroll_down, "up": scroll.scroll_up, "home": scroll.scroll_home,
         "end": scroll.scroll_end}[where](animate=False)

    def action_find(self) -> None:
        """Focus the filter."""
        self.query_one("#help-filter", Input).focus()

    def action_close(self) -> None:
        """Esc: clear a filter first, else close."""
        field = self.query_one("#help-filter", Input)
        if field.value:
            field.value = ""
            self.query_one("#help-scroll").focus()
            return
        self.dismiss()

    def action_close_now(self) -> None:
        """Close help."""
        if self.focused is self.query_one("#help-filter", Input):
            return
        self.dismiss()
