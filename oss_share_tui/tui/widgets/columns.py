"""Column layouts for the object list: buckets, prefix entries and versions, each cell as plain text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from oss_share_tui.core.models import Bucket, Entry, Version
from oss_share_tui.core.restore import storage_label
from oss_share_tui.tui.safe_text import visible

Justify = Literal["left", "right"]


@dataclass(frozen=True)
class Column:
    """One column: a title, a width (0 = take the remaining space) and how to get a cell's text."""

    title: str
    width: int
    cell: Callable[[Any], str]
    justify: Justify = "left"


def human_size(size: int) -> str:
    """1536 -> `1.5 KiB`; bytes below 1 KiB stay exact."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KiB", "MiB", "GiB", "TiB", "PiB"):
        value /= 1024
        if value < 1024 or unit == "PiB":
            return f"{value:.1f} {unit}"
    return f"{size} B"  # pragma: no cover


def local_time(when: datetime | None) -> str:
    """An aware datetime in the local time zone, to the minute; empty for None."""
    if when is None:
        return ""
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _entry_name(entry: Entry) -> str:
    """The entry's last path segment, control characters made visible."""
    return visible(entry.name)


def _entry_size(entry: Entry) -> str:
    """Human size, or nothing for folders and deleted keys."""
    return "" if entry.is_prefix or getattr(entry, "deleted", False) else human_size(entry.size)


def _version_kind(version: Version) -> str:
    """`delete marker` or the storage class with its restore state."""
    if version.is_delete_marker:
        return "✕ delete marker"
    return visible(storage_label(version.storage_class, version.restore, short=True))


BUCKET_COLUMNS: tuple[Column, ...] = (
    Column("Name", 0, lambda b: visible(b.name)),
    Column("Region", 16, lambda b: visible(b.region)),
    Column("Created", 16, lambda b: local_time(b.created)),
    Column("Storage class", 14, lambda b: visible(b.storage_class)),
)

def _entry_class(entry: Entry) -> str:
    """The storage class with its restore state (`Archive (frozen)`), or `✕ deleted` for a key whose latest
    version is a delete marker."""
    if getattr(entry, "deleted", False):
        return "✕ deleted"
    return visible(storage_label(entry.storage_class, entry.restore, short=True))


ENTRY_COLUMNS: tuple[Column, ...] = (
    Column("Name", 0, _entry_name),
    Column("Size", 10, _entry_size, "right"),
    Column("Last modified", 16, lambda e: local_time(e.last_modified)),
    Column("Storage class", 20, _entry_class),  # `ColdArchive (frozen)`, `Archive (restoring)`
)

VERSION_COLUMNS: tuple[Column, ...] = (
    Column("Version id", 0, lambda v: visible(v.version_id)),
    Column("Latest", 6, lambda v: "latest" if v.is_latest else ""),
    Column("Size", 10, lambda v: "" if v.is_delete_marker else human_size(v.size), "right"),
    Column("Last modified", 16, lambda v: local_time(v.last_modified)),
    Column("Storage class", 16, _version_kind),
)


def columns_for(item_type: type) -> tuple[Column, ...]:
    """The column layout for a row type."""
    if item_type is Bucket:
        return BUCKET_COLUMNS
    if item_type is Version:
        return VERSION_COLUMNS
    return ENTRY_COLUMNS
