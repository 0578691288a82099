"""`Listing`: the rows of one place as pages arrive, with resume-after-error, a local filter and sorting."""

from __future__ import annotations

import gc
import itertools
from datetime import datetime, timezone
from operator import attrgetter
from typing import Any, Literal

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket, Entry, Version

Kind = Literal["buckets", "entries", "versions"]
SORTS = ("name", "size", "time")
"""Sort orders `o` cycles through; `name` is the server's order."""

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ids = itertools.count(1)
FREEZE_FROM = 5_000
"""Listings with at least this many rows keep them out of the cyclic collector (see `_freeze_rows`)."""


def _freeze_rows() -> None:
    """Move what is alive now, the rows just stored included, out of the cyclic collector's reach.

    Every row is a GC-tracked object, so each full collection walks all of them, holding the GIL on the
    event loop: ~250 ms at 100,000 rows here, and full collections come every few pages while a big
    prefix loads (profiled: that was the whole stall). Frozen rows are still freed by reference counting
    when their listing goes (rows hold no cycles). The youngest generation is collected first, so fresh
    garbage cycles are not frozen with them (collecting the next one too cost ~2.5 ms a page).
    """
    gc.collect(0)
    gc.freeze()


def identity(item: Any) -> str:
    """What makes a row unique within one listing."""
    if isinstance(item, Version):
        return item.version_id
    if isinstance(item, Bucket):
        return item.name
    return item.key


_IDENTITY = {"entries": attrgetter("key"), "versions": attrgetter("version_id"), "buckets": attrgetter("name")}
"""`identity` for a listing whose kind says what its rows are."""


def label(item: Any) -> str:
    """The text a filter matches against: the name shown in the first column."""
    if isinstance(item, Entry):
        return item.name
    if isinstance(item, Version):
        return item.version_id
    return item.name


def _size(item: Any) -> int:
    return getattr(item, "size", 0)


def _time(item: Any) -> datetime:
    when = getattr(item, "last_modified", None) or getattr(item, "created", None)
    return when or _EPOCH


def _is_folder(item: Any) -> bool:
    return isinstance(item, Entry) and item.is_prefix


class Listing:
    """One place's rows. Pages are accepted only for the token we asked for, so a retry never duplicates."""

    def __init__(self, kind: Kind, bucket: Bucket | None = None, prefix: str = "", search: str = "") -> None:
        self.id = next(_ids)
        self.kind = kind
        self.bucket = bucket
        self.prefix = prefix
        """The prefix listed (entries) or the key (versions)."""
        self.search = search
        """Text appended to `prefix` for a server-side prefix search."""
        self.items: list[Any] = []
        self.view: list[Any] = []
        """`items` after the local filter and the sort: what the list shows."""
        self._last_page: set[str] = set()
        """Identities of the rows the last page added (see `add_page`)."""
        self.next_token: Any = None
        self.pages = 0
        self.complete = False
        self.loading = False
        self.error: RemoteError | None = None
        self.filter_text = ""
        self.sort = "name"

    @property
    def list_prefix(self) -> str:
        """The prefix sent to the server."""
        return self.prefix + self.search

    @property
    def started(self) -> bool:
        """True once a page has arrived."""
        return self.pages > 0

    def wants(self, token: Any) -> bool:
        """True when a page fetched with `token` is the next one we need."""
        return not self.complete and token == self.next_token and (token is not None or self.pages == 0)

    def add_page(self, token: Any, items: tuple[Any, ...], next_token: Any) -> list[Any]:
        """Take one page (if it is the one we need); return the rows it added to the view.

        A row repeated within the page or from the page before it is dropped. Pages come in name order, so
        a server that overlaps pages can only repeat the page before; a set of every identity cost ~50
        bytes a row and, at ~600,000 rows, a 40 ms rehash on the event loop (profiled).
        """
        if not self.wants(token):
            return []
        fresh = []
        last, seen = self._last_page, set()
        ident_of = _IDENTITY.get(self.kind, identity)
        for item in items:
            ident = ident_of(item)
            if ident not in seen and ident not in last:
                seen.add(ident)
                fresh.append(item)
        self._last_page = seen
        self.items.extend(fresh)
        self.pages += 1
        self.next_token = next_token
        self.complete = next_token is None
        self.loading = False
        self.error = None
        shown = [item for item in fresh if self.matches(item)] if self.filter_text else fresh
        self.view.extend(shown)
        if self.sort != "name":
            self._sort_view()
        if len(self.items) >= FREEZE_FROM and fresh:
            _freeze_rows()
        return shown

    def matches(self, item: Any) -> bool:
        """True when `item` passes the local filter.

        In a prefix the filter is the start of the name, exactly as the server-side prefix search reads it,
        so the rows it keeps are always a subset of what the search returns. Bucket names match anywhere,
        ignoring case.
        """
        if not self.filter_text:
            return True
        if self.kind == "entries":
            return label(item).startswith(self.filter_text)
        return self.filter_text.lower() in label(item).lower()

    def rebuild_view(self) -> None:
        """Recompute the view from all items (after the filter or the sort changed)."""
        self.view = [item for item in self.items if self.matches(item)]
        if self.sort != "name":
            self._sort_view()

    def _sort_view(self) -> None:
        """Folders first, then the largest or newest first (timsort is near-linear on the sorted runs)."""
        if self.sort == "size":
            self.view.sort(key=lambda i: (not _is_folder(i), -_size(i)))
        elif self.sort == "time":
            self.view.sort(key=lambda i: (not _is_folder(i), -_time(i).timestamp()))

    def cycle_sort(self) -> str:
        """Switch to the next sort order and return its name."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.rebuild_view()
        return self.sort
