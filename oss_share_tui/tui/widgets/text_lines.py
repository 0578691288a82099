"""`TextLines`: read-only styled lines in a Line-API scroll view that draws only what is visible.

A 64 KiB preview drawn by a `Static` took ~200 ms of the event loop (measured by benchmarks/bench_preview.py):
a Static renders and measures all of its text. Here the lines are split (in a worker) beforehand and each
visible line becomes a strip when it is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class TextLines(ScrollView, can_focus=True):
    """Lines of styled text, scrolled with the keys, the wheel or the scrollbars."""

    DEFAULT_CSS = """
    TextLines {
        height: 1fr;
        background: $panel;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Up", show=False, id="text-lines.up"),
        Binding("down,j", "scroll_down", "Down", show=False, id="text-lines.down"),
        Binding("left", "scroll_left", "Left", show=False, id="text-lines.left"),
        Binding("right", "scroll_right", "Right", show=False, id="text-lines.right"),
        Binding("pageup", "page_up", "Page up", show=False, id="text-lines.page-up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="text-lines.page-down"),
        Binding("home,g", "scroll_home", "Top", show=False, id="text-lines.top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, id="text-lines.bottom"),
    ]

    def __init__(self, lines: Sequence[Text] = (), *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._lines: list[Text] = []
        self._cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(512)
        self.set_lines(lines)

    @property
    def lines(self) -> list[Text]:
        """The lines shown."""
        return self._lines

    def set_lines(self, lines: Sequence[Text]) -> None:
        """Show `lines` from the top."""
        self._lines = list(lines)
        self._cache.clear()
        width = max((line.cell_len for line in self._lines), default=0)
        self.virtual_size = Size(width, len(self._lines))
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """The visible line `y`: its text from the horizontal scroll offset, padded to the width."""
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, style)
        key = (index, scroll_x, width)
        strip = self._cache.get(key)
        if strip is None:
            segments = list(self._lines[index].render(self.app.console))
            strip = Strip(Segment.apply_style(segments, style), self._lines[index].cell_len)
            strip = strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, style)
            self._cache[key] = strip
        return strip
