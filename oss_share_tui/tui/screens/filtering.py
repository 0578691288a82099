"""`FilteringScreen`: `/` filters what is loaded (any part, any case); `ctrl+f` asks the server by prefix."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from textual import on, work
from textual.widgets import Input

from oss_share_tui.core.models import Bucket
from oss_share_tui.tui.listing import Listing
from oss_share_tui.tui.safe_text import visible
from oss_share_tui.tui.screens.listing_screen import ListingScreen

Mode = Literal["filter", "search"]

FILTER_PLACEHOLDER = "Filter what is loaded: any part of a name, any case (Enter keeps it, Esc clears)"
SEARCH_PLACEHOLDER = "Prefix search on the server: the start of a key, case-sensitive (Enter searches)"
FILTER_GROUP = "filter"


def no_match_text(bucket: Bucket, prefix: str, search: str) -> str:
    """The empty state of a prefix search, saying exactly what was searched."""
    where = prefix or f"{bucket.name}/"
    return f"No key in {where} starts with '{search}' (a prefix search is case-sensitive)"


class FilteringScreen(ListingScreen):
    """A listing screen with a `#filter-input` used two ways: a local filter and a server prefix search."""

    def __init__(self) -> None:
        super().__init__()
        self.bucket: Bucket | None = None
        self.prefix = ""
        self._mode: Mode = "filter"
        self._base: Listing | None = None
        """The listing a prefix search replaced (Esc goes back to it)."""
        self._base_cursor = 0

    @property
    def filter_input(self) -> Input:
        """The input line under the list."""
        return self.query_one("#filter-input", Input)

    @property
    def searching(self) -> bool:
        """True while a server prefix search's results are shown."""
        return self._base is not None

    # -- opening the input ------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show and focus the input as a local filter."""
        self._open_input("filter")

    def action_search(self) -> None:
        """Show and focus the input as a server prefix search (within a bucket)."""
        if self.bucket is None:
            self.notify("A prefix search works inside a bucket; / filters the bucket list.", timeout=3)
            return
        self._open_input("search")

    def _open_input(self, mode: Mode) -> None:
        field = self.filter_input
        if mode != self._mode:
            with field.prevent(Input.Changed):
                field.value = self.listing.filter_text if mode == "filter" else self.listing.search
        self._mode = mode
        field.placeholder = FILTER_PLACEHOLDER if mode == "filter" else SEARCH_PLACEHOLDER
        field.set_class(mode == "search", "-search")
        field.add_class("-shown")
        field.focus()

    def hide_input(self) -> None:
        """Empty and hide the input (the place is being left)."""
        field = self.filter_input
        if field.value or field.has_class("-shown"):
            with field.prevent(Input.Changed):
                field.value = ""
            field.remove_class("-shown")
        self._mode = "filter"
        self.workers.cancel_group(self, FILTER_GROUP)
        self.object_list.set_highlight("")
        self._base = None
        if self.focused is field:
            self.object_list.focus()

    # -- the local filter -------------------------------------------------------------------------

    @on(Input.Changed, "#filter-input")
    def _input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types (a prefix search waits for Enter)."""
        if self._mode == "filter":
            self._run_filter(event.value)

    @on(Input.Submitted, "#filter-input")
    def _input_submitted(self, event: Input.Submitted) -> None:
        """Enter: keep the filter and go back to the list, or run the prefix search."""
        if self._mode == "search":
            self._search(event.value)
            self.filter_input.remove_class("-shown")  # the status line says what was searched
        elif not event.value:
            self.filter_input.remove_class("-shown")
        self.object_list.focus()

    @work(exclusive=True, group=FILTER_GROUP, exit_on_error=False, description="filter")
    async def _run_filter(self, text: str) -> None:
        """Filter every loaded row, returning to the event loop between chunks of rows (see `refilter`)."""
        listing = self.listing
        for _ in listing.refilter(text):
            await asyncio.sleep(0)
            if listing is not self.listing:
                return
        self.object_list.set_rows(listing.view)
        self.object_list.set_highlight(text)
        self.update_status()
        self.after_filter(listing)

    def after_filter(self, listing: Listing) -> None:
        """Hook: the filtered rows are shown."""

    def clear_filter(self) -> bool:
        """Drop the local filter, keeping the cursor on the row it was on; False when there was none."""
        field = self.filter_input
        listing = self.listing
        if self._mode == "search" and field.has_class("-shown"):
            field.remove_class("-shown")
            self.object_list.focus()
            return True
        if not listing.filter_text and not field.has_class("-shown"):
            return False
        self.workers.cancel_group(self, FILTER_GROUP)
        current = self.object_list.current
        with field.prevent(Input.Changed):
            field.value = ""
        field.remove_class("-shown")
        listing.filter_text = ""
        listing.rebuild_view()
        cursor = listing.index_of(current) if current is not None else None
        self.object_list.set_rows(listing.view, cursor=cursor or 0)
        self.object_list.set_highlight("")
        self.object_list.focus()
        self.update_status()
        return True

    # -- the server prefix search -----------------------------------------------------------------

    def _search(self, text: str) -> None:
        """List `prefix + text` on the server."""
        if self.bucket is None:
            return
        if not text:
            self.end_search()
            return
        self.stop_loading()
        if self._base is None:
            self._base, self._base_cursor = self.listing, self.object_list.cursor
        listing = Listing("entries", self.bucket, self.prefix, search=text)
        listing.sort, listing.reverse = self._base.sort, self._base.reverse
        self.object_list.set_highlight("")
        self.object_list.empty_text = "Searching…"
        self.show_listing(listing)

    def end_search(self) -> bool:
        """Back from a prefix search to the listing it replaced; False when none was shown."""
        if self._base is None:
            return False
        self.stop_loading()
        field = self.filter_input
        with field.prevent(Input.Changed):
            field.value = ""
        field.remove_class("-shown")
        self._mode = "filter"
        base, self._base = self._base, None
        base.loading = False
        self.show_listing(base, cursor=self._base_cursor)
        self.object_list.set_highlight(base.filter_text)
        self.object_list.focus()
        return True

    def search_empty_text(self, listing: Listing) -> str | None:
        """The empty state of a finished prefix search, or None when `listing` is not one."""
        if not listing.search or listing.bucket is None:
            return None
        return no_match_text(listing.bucket, listing.prefix, listing.search)

    def filter_note(self) -> str:
        """Status-line words for the filter and the search."""
        notes = []
        listing = self.listing
        if listing.search:
            notes.append(f"prefix search '{listing.search}' (esc goes back)")
        if listing.filter_text:
            notes.append(f"filter '{listing.filter_text}'")
        return visible(" · ".join(notes))

    def escape_target(self) -> Any:
        """What Esc would undo, for the footer: the load, the filter, the search, or None."""
        if self.listing.load_all:
            return "load"
        if self.listing.filter_text or self.filter_input.has_class("-shown"):
            return "filter"
        if self._base is not None:
            return "search"
        return None
