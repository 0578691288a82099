"""`ObjectList`: a Line-API list that renders only the visible rows, for 100 or 1,000,000 entries alike."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from oss_share_tui.tui.widgets.columns import ENTRY_COLUMNS, Column
from oss_share_tui.tui.widgets.row_text import fit as _fit
from oss_share_tui.tui.widgets.row_text import highlighted
from oss_share_tui.tui.widgets.row_text import row_class as _row_class

MARK_WIDTH = 2
"""Width of the marker column (`● ` on marked rows)."""
GAP = 1
"""Blank cells between columns."""
NAME_CAP = 64
"""Widest the name column grows on a wide terminal, so sizes and dates stay near their names."""
LINE_CACHE = 160
"""Rendered lines kept for repaints: a few screens' worth. Each Strip carries Textual's own caches of its
derived strips (~1 KiB in all), so 512 of them were ~60 bytes per row of a 100,000-row listing."""


class ObjectList(ScrollView, can_focus=True):
    """Rows of buckets, entries or versions with a cursor; only the rows on screen are ever rendered."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up-vim"),
        Binding("j", "cursor_down", "Down", show=False, id="list.down-vim"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page-down"),
        Binding("home,g", "first", "First row", show=False, id="list.first"),
        Binding("end,G", "last", "Last row", show=False, id="list.last"),
        Binding("enter", "activate", "Open", id="list.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "object-list--header",
        "object-list--cursor",
        "object-list--folder",
        "object-list--delete-marker",
        "object-list--marked",
        "object-list--empty",
        "object-list--match",
        "object-list--deleted",
    }

    DEFAULT_CSS = """
    ObjectList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        & > .object-list--header { color: $text-muted; text-style: bold; background: $panel; }
        & > .object-list--cursor { background: $primary 30%; }
        &:focus > .object-list--cursor { background: $primary 60%; text-style: bold; }
        & > .object-list--folder { color: $accent; }
        & > .object-list--delete-marker { color: $error; text-style: italic; }
        & > .object-list--marked { color: $warning; }
        & > .object-list--empty { color: $text-muted; }
        & > .object-list--match { text-style: bold reverse; }
        & > .object-list--deleted { color: $text-muted; text-style: strike; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    """Index of the highlighted row."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row."""

        object_list: ObjectList
        index: int

        @property
        def control(self) -> ObjectList:
            """The list that sent this."""
            return self.object_list

    @dataclass
    class Activated(Message):
        """A row was opened (Enter or a double click)."""

        object_list: ObjectList
        index: int
        item: Any

        @property
        def control(self) -> ObjectList:
            """The list that sent this."""
            return self.object_list

    @dataclass
    class EndRequested(Message):
        """`G`/End: go to the last row, loading the rest of the listing first (the screen decides)."""

        object_list: ObjectList

        @property
        def control(self) -> ObjectList:
            """The list that sent this."""
            return self.object_list

    @dataclass
    class NearEnd(Message):
        """The cursor or the scroll position came close to the last loaded row."""

        object_list: ObjectList

        @property
        def control(self) -> ObjectList:
            """The list that sent this."""
            return self.object_list

    def __init__(
        self,
        *,
        columns: Sequence[Column] = ENTRY_COLUMNS,
        empty_text: str = "Nothing here.",
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: list[Any] = []
        self._columns: tuple[Column, ...] = tuple(columns)
        self.empty_text = empty_text
        self.is_marked: Callable[[Any], bool] = lambda item: False
        """Tells whether a row is marked (the screen sets this)."""
        self.near_end_margin = 100
        """Rows from the end at which `NearEnd` is posted."""
        self._styles: dict[str, Style] = {}
        self._drawn: dict[int, Any] = {}
        """Line y -> the row last painted there (None for a blank line), to skip repaints that change nothing."""
        self._line_cache: LRUCache[tuple[Any, ...], Strip] = LRUCache(LINE_CACHE)
        self._highlight = ""
        """Lower-cased filter text to highlight in the name column."""
        self._sort_mark: tuple[str, str] | None = None
        """(column title, arrow) shown in the header for the sorted column."""

    def set_highlight(self, text: str) -> None:
        """Highlight `text` (ignoring case) where it occurs in the name column."""
        if text.lower() != self._highlight:
            self._highlight = text.lower()
            self._line_cache.clear()
            self.refresh()

    def set_sort_mark(self, title: str | None, descending: bool = False) -> None:
        """Show `▼` (descending) or `▲` beside the sorted column's title; None shows none."""
        mark = (title, "▼" if descending else "▲") if title else None
        if mark != self._sort_mark:
            self._sort_mark = mark
            self.refresh_line(0)

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns shown."""
        return self._columns

    # -- data -------------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Any]:
        """The rows shown, in order."""
        return self._rows

    @property
    def row_count(self) -> int:
        """How many rows are shown."""
        return len(self._rows)

    @property
    def current(self) -> Any | None:
        """The row under the cursor, or None when empty."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_rows(
        self,
        rows: list[Any],
        *,
        columns: Sequence[Column] | None = None,
        cursor: int = 0,
    ) -> None:
        """Show `rows` (the list is kept, not copied) with the cursor at `cursor`."""
        self._rows = rows
        if columns is not None:
            self._columns = tuple(columns)
        self._update_virtual_size()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = max(0, min(cursor, len(rows) - 1))
        self.refresh()

    def rows_changed(self, cursor: int | None = None) -> None:
        """The row list grew or was reordered in place: resize, keep or move the cursor, repaint.

        The lines are repainted only when what they show changed: a page of rows added below the screen
        changes nothing on it (repainting it anyway was most of the event loop's work per page).
        """
        self._update_virtual_size()
        if cursor is not None:
            self.cursor = max(0, min(cursor, len(self._rows) - 1))
        elif self.cursor >= len(self._rows):
            self.cursor = max(0, len(self._rows) - 1)
        if not self._rows or self._shown_rows_changed():
            self.refresh()

    def _shown_rows_changed(self) -> bool:
        """True when a line on screen was last painted with another row (or none) than it has now."""
        top = round(self.scroll_y)
        rows, drawn = self._rows, self._drawn
        for y in range(1, self._body_height + 1):
            index = top + y - 1
            if drawn.get(y, drawn) is not (rows[index] if index < len(rows) else None):
                return True
        return False

    def _update_virtual_size(self) -> None:
        """One header line plus one line per row.

        Set as Textual does on a resize (`Widget._size_updated`): the scrollbars are updated, and the screen
        is laid out again only if one appears or goes. Assigning `virtual_size` (a layout reactive) laid out
        and repainted the whole screen on every page of a big listing.
        """
        size = Size(0, len(self._rows) + 1)
        if size != self.virtual_size:
            self.set_reactive(ObjectList.virtual_size, size)
            self._scroll_update(size)

    # -- cursor -----------------------------------------------------------------------------------

    @property
    def _body_height(self) -> int:
        """Rows visible below the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor(self, value: int) -> int:
        """Keep the cursor on a row."""
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        """Repaint the two rows involved, keep the cursor visible, tell the screen."""
        self._scroll_cursor_into_view()
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self.post_message(self.Highlighted(self, new))
        self._check_near_end(new)

    def _scroll_cursor_into_view(self) -> None:
        """Scroll just enough for the cursor row to be on screen."""
        top = round(self.scroll_y)
        body = self._body_height
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + body:
            self.scroll_to(y=self.cursor - body + 1, animate=False, immediate=True)

    def _check_near_end(self, index: int) -> None:
        """Post `NearEnd` when `index` is within `near_end_margin` rows of the end."""
        if len(self._rows) - index <= max(self.near_end_margin, self._body_height * 2):
            self.post_message(self.NearEnd(self))

    def watch_scroll_y(self, old: float, new: float) -> None:
        """Scrolling near the bottom (the mouse wheel) also asks for more rows."""
        super().watch_scroll_y(old, new)
        self._check_near_end(round(new) + self._body_height)

    def action_cursor_up(self) -> None:
        """Move up one row."""
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        """Move down one row."""
        self.cursor += 1

    def action_page_up(self) -> None:
        """Move up one screen."""
        self.cursor -= self._body_height

    def action_page_down(self) -> None:
        """Move down one screen."""
        self.cursor += self._body_height

    def action_first(self) -> None:
        """Jump to the first row."""
        self.cursor = 0

    def action_last(self) -> None:
        """Jump to the last loaded row, and ask the screen to load the rest (it then jumps again)."""
        self.cursor = len(self._rows) - 1
        self.post_message(self.EndRequested(self))

    def action_activate(self) -> None:
        """Open the row under the cursor."""
        if self.current is not None:
            self.post_message(self.Activated(self, self.cursor, self.current))

    def _on_click(self, event: events.Click) -> None:
        """A click selects a row; a double click opens it."""
        row = event.style.meta.get("row")
        if row is None:
            return
        self.focus()
        self.cursor = row
        if event.chain >= 2:
            self.action_activate()

    # -- rendering --------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Styles changed (CSS, theme, focus): drop cached styles and lines."""
        super().notify_style_update()
        self._styles.clear()
        self._line_cache.clear()

    def _on_focus(self, event: events.Focus) -> None:
        """The cursor row looks different when focused."""
        self._styles.clear()
        self._line_cache.clear()

    def _on_blur(self, event: events.Blur) -> None:
        """The cursor row looks different when not focused."""
        self._styles.clear()
        self._line_cache.clear()

    def _style(self, name: str) -> Style:
        """A component style (or `base` for the widget's own), computed once per style change."""
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style if name == "base" else self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def _widths(self, total: int) -> list[int]:
        """Column widths for a line of `total` cells (the flexible column takes what is left)."""
        fixed = sum(c.width for c in self._columns if c.width) + GAP * (len(self._columns) - 1)
        flex = min(NAME_CAP, max(8, total - MARK_WIDTH - fixed))
        return [c.width or flex for c in self._columns]

    def _line_text(self, cells: list[str], widths: list[int], mark: str) -> str:
        """One line of fixed-width cells."""
        parts = [
            _fit(text, width, column.justify)
            for text, width, column in zip(cells, widths, self._columns, strict=True)
        ]
        return mark + (" " * GAP).join(parts)

    def render_line(self, y: int) -> Strip:
        """The header (y == 0) or the row at scroll offset + y - 1; rows are cached until they change."""
        width = self.scrollable_content_region.width
        if y == 0:
            key: tuple[Any, ...] = ("header", width, self._columns, self._sort_mark)
            cached = self._line_cache.get(key)
            if cached is None:
                titles = [c.title for c in self._columns]
                if self._sort_mark is not None and self._sort_mark[0] in titles:
                    at = titles.index(self._sort_mark[0])
                    titles[at] = f"{titles[at]} {self._sort_mark[1]}"
                text = self._line_text(titles, self._widths(width), " " * MARK_WIDTH)
                style = self._style("object-list--header")
                cached = Strip([Segment(_fit(text, width, "left"), style)], width)
                self._line_cache[key] = cached
            return cached
        index = round(self.scroll_y) + y - 1
        if index >= len(self._rows):
            self._drawn[y] = None
            if not self._rows and index < 8:  # the empty state, wrapped over a few lines
                lines = textwrap.wrap(self.empty_text, max(10, width - 4), break_on_hyphens=False) or [""]
                if index < len(lines):
                    style = self._style("base") + self._style("object-list--empty")
                    return Strip([Segment(_fit("  " + lines[index], width, "left"), style)], width)
            return Strip.blank(width, self._style("base"))
        item = self._rows[index]
        self._drawn[y] = item
        marked = self.is_marked(item)
        is_cursor = index == self.cursor
        key = (index, item, marked, is_cursor, width, self._columns, self._highlight)
        cached = self._line_cache.get(key)
        if cached is not None:
            return cached
        cells = [c.cell(item) for c in self._columns]
        widths = self._widths(width)
        text = self._line_text(cells, widths, "● " if marked else "  ")
        style = self._style("base")
        row_class = _row_class(item)
        if row_class:
            style += self._style(row_class)
        if marked:
            style += self._style("object-list--marked")
        if is_cursor:
            style += self._style("object-list--cursor")
        style += Style.from_meta({"row": index})
        line = _fit(text, width, "left")
        segments = [Segment(line, style)]
        if self._highlight:
            name = _fit(cells[0], widths[0], self._columns[0].justify)
            match = style + self._style("object-list--match")
            segments = highlighted(line, MARK_WIDTH, name, self._highlight, style, match) or segments
        strip = Strip(segments, width)
        self._line_cache[key] = strip
        return strip
