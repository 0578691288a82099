"""Plain-text pieces of an object list's lines: fitting cells, the class of a row, the filter's highlight."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style

from oss_share_tui.core.models import Entry, Version


def fit(text: str, width: int, justify: str) -> str:
    """`text` cut (with an ellipsis) or padded to exactly `width` cells."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else "…"
    if justify == "right":
        return " " * (width - length) + text
    return text + " " * (width - length)


def row_class(item: Any) -> str:
    """The component class that styles a row by what it is."""
    if getattr(item, "deleted", False):
        return "object-list--deleted"
    if isinstance(item, Entry) and item.is_prefix:
        return "object-list--folder"
    if isinstance(item, Version) and item.is_delete_marker:
        return "object-list--delete-marker"
    return ""


def highlighted(
    line: str, offset: int, name: str, needle: str, style: Style, match: Style
) -> list[Segment] | None:
    """`line` in three segments with `needle` (lower case) picked out in `name`, which starts at character
    `offset` of the line; None when it does not occur there."""
    lowered = name.lower()
    if len(lowered) != len(name):  # a few letters change length when lowered: no highlight then
        return None
    at = lowered.find(needle)
    if at < 0:
        return None
    start = offset + at
    end = start + len(needle)
    return [Segment(line[:start], style), Segment(line[start:end], match), Segment(line[end:], style)]
