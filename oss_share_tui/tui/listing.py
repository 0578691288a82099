"""`Listing`: the rows of one place as pages arrive, with resume-after-error, a local filter and sorting."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime, timezone
from operator import attrgetter
from typing import Any, Literal

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket, Entry, Version
from oss_share_tui.tui.gc_freeze import freeze_survivors

Kind = Literal["buckets", "entries", "versions"]
SORTS = ("name", "size", "time")
"""Sort orders `o` cycles through; `name` is the server's order."""

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ids = itertools.count(1)
FREEZE_FROM = 5_000
"""Listings with at least this many rows keep them out of the cyclic collector (see `gc_freeze.freeze_survivors`)."""
FILTER_CHUNK = 25_000
"""Rows the filter checks between two returns to the event loop: ~2.5-6 ms of CPU (100-230 ns a row,
measured with `thread_time` on 1,000,000 entries, the lower figure on an idle machine), so a filter over a
million loaded rows never holds the loop for long."""


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
        self.reverse = False
        """`O`: the sort order turned round."""
        self.load_all = False
        self.deleted = False
        """List from ListObjectVersions so that deleted keys show too (`D`, versioned buckets)."""
        """`G` asked for every page: fetch on until the end, then go to the last row."""

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
        shown = self._filter_rows(fresh)
        self.view.extend(shown)
        if self.sorted:
            self._sort_view()
        if len(self.items) >= FREEZE_FROM and fresh:
            freeze_survivors()
        return shown

    def matches(self, item: Any) -> bool:
        """True when `item` passes the local filter: its shown name contains the text, ignoring case."""
        return not self.filter_text or bool(self._filter_rows([item]))

    def _filter_rows(self, rows: list[Any]) -> list[Any]:
        """The rows of `rows` whose name contains the filter text, ignoring case.

        An entry's name is its key after the listed prefix (the server lists one level), so slicing the key
        does the work of `Entry.name` at half its cost: ~100 ns a row.
        """
        needle = self.filter_text.lower()
        if not needle:
            return rows
        if self.kind == "entries":
            start = len(self.prefix)
            return [item for item in rows if needle in item.key[start:].lower()]
        return [item for item in rows if needle in label(item).lower()]

    def refilter(self, text: str) -> Iterator[int]:
        """Filter every loaded row by `text`, yielding (rows done) every `FILTER_CHUNK` rows.

        The caller may return to the event loop between chunks; pages that arrive meanwhile are filtered
        too, since the loop runs on until it reaches the end of `items`. The view is replaced at the end.
        """
        self.filter_text = text
        if not text:
            view = list(self.items)
        else:
            view, done = [], 0
            if len(self.items) >= FREEZE_FROM:
                # The new view grows to up to a row per item; left in the young generations, every collection
                # of theirs walks it (~80 ms of the event loop at 1,000,000 rows, measured). Frozen, it is
                # freed by reference counting like the rows.
                freeze_survivors()
            while done < len(self.items):
                chunk = self.items[done : done + FILTER_CHUNK]
                view.extend(self._filter_rows(chunk))
                done += len(chunk)
                if done < len(self.items):
                    yield done
        self.view = view
        if self.sorted:
            self._sort_view()
        if len(self.items) >= FREEZE_FROM:
            freeze_survivors()  # the finished view too (see above)

    def rebuild_view(self) -> None:
        """Recompute the view from all items (after the filter or the sort changed), in one go."""
        for _ in self.refilter(self.filter_text):
            pass

    @property
    def sorted(self) -> bool:
        """True when the view is in another order than the server's."""
        return self.sort != "name" or self.reverse

    def _sort_view(self) -> None:
        """Folders first, then the largest or newest first (or the reverse); timsort is near-linear here."""
        if self.sort == "size":
            self.view.sort(key=lambda i: (not _is_folder(i), -_size(i)))
        elif self.sort == "time":
            self.view.sort(key=lambda i: (not _is_folder(i), -_time(i).timestamp()))
        elif self.reverse:  # name order is the server's: rebuild it before turning it round
            self.view = self._filter_rows(list(self.items))
        if self.reverse:
            folders = [i for i in self.view if _is_folder(i)]
            rest = [i for i in self.view if not _is_folder(i)] if folders else self.view
            rest.reverse()
            self.view = folders[::-1] + rest if folders else rest

    def cycle_sort(self) -> str:
        """Switch to the next sort order and return its name."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.rebuild_view()
        return self.sort

    def toggle_reverse(self) -> bool:
        """Turn the sort order round; return True when it is now reversed."""
        self.reverse = not self.reverse
        self.rebuild_view()
        return self.reverse

    def index_of(self, item: Any) -> int | None:
        """Where `item` (the very object) is in the view, or None."""
        view = self.view
        for index, row in enumerate(view):
            if row is item:
                return index
        return None
