"""`BrowserScreen`: buckets, then folders and objects, with filter, sort, marks and the hooks to share."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket, Entry
from oss_share_tui.tui.listing import Listing
from oss_share_tui.tui.messages import BucketResolved
from oss_share_tui.tui.safe_text import markup_safe
from oss_share_tui.tui.screens.listing_screen import ListingScreen
from oss_share_tui.tui.share_target import ShareTarget
from oss_share_tui.tui.widgets.columns import BUCKET_COLUMNS, ENTRY_COLUMNS
from oss_share_tui.tui.widgets.object_list import ObjectList
from oss_share_tui.tui.widgets.place_bar import PlaceBar
from oss_share_tui.tui.widgets.status_line import StatusLine

SEARCH_DELAY = 0.35
"""Seconds of no typing before the filter becomes a server-side prefix search."""


def parent_prefix(prefix: str) -> str:
    """`a/b/` -> `a/`; `a/` -> ``."""
    trimmed = prefix[:-1] if prefix.endswith("/") else prefix
    return trimmed.rsplit("/", 1)[0] + "/" if "/" in trimmed else ""


class BrowserScreen(ListingScreen):
    """The one browsing screen: the bucket list, or a prefix of a bucket."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l,right", "open", "Open", show=False, id="browser.open"),
        Binding("backspace,h,left", "up", "Up", key_display="⌫", id="browser.up"),
        Binding("slash", "filter", "Filter", key_display="/", id="browser.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="browser.clear-filter"),
        Binding("s", "share", "Share", id="browser.share"),
        Binding("v", "versions", "Versions", id="browser.versions"),
        Binding("i", "details", "Details", show=False, id="browser.details"),
        Binding("p", "preview", "Preview", show=False, id="browser.preview"),
        Binding("space", "mark", "Mark", show=False, id="browser.mark"),
        Binding("r", "refresh", "Refresh / retry", show=False, id="browser.refresh"),
        Binding("o", "sort", "Sort (name/size/time)", show=False, id="browser.sort"),
    ]

    def __init__(self, start_bucket: str | None = None, start_key: str = "") -> None:
        super().__init__()
        self.bucket: Bucket | None = None
        self.prefix = ""
        self._start = (start_bucket, start_key)
        self._base: Listing | None = None
        """The unfiltered listing while a server-side search listing is shown."""
        self._search_timer: Timer | None = None
        self.buckets_denied = False
        self._start_object: str | None = None
        """The object the app was started at (`oss-share oss://bucket/key`), until it is found."""

    def compose(self) -> ComposeResult:
        """Place bar, the list, the filter input, the status line and the footer."""
        yield PlaceBar(id="place-bar")
        yield ObjectList(id="object-list", columns=BUCKET_COLUMNS, empty_text="Loading…")
        yield Input(id="filter-input", placeholder="Filter: type the start of a name (Esc clears)")
        yield StatusLine(id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        """Show the place bar now; start listing after the first frame (oss2's import is slow)."""
        self.object_list.is_marked = self._is_marked
        self.query_one("#place-bar", PlaceBar).demo = self.app.demo
        self._update_place()
        self.object_list.focus()
        self.call_after_refresh(self._begin)

    def _begin(self) -> None:
        """Open the start place, or the bucket list."""
        bucket, key = self._start
        if bucket:
            prefix, select = key, None
            if key and not key.endswith("/"):
                prefix = key.rsplit("/", 1)[0] + "/" if "/" in key else ""
                select = key
            self._start_object = select
            self.open_bucket_by_name(bucket, prefix, select=select)
        else:
            self.show_buckets()

    # -- places -----------------------------------------------------------------------------------

    def _update_credentials(self) -> None:
        """Where the keys come from, once known (the default chain says which source it used at first use)."""
        gateway = self.app.gateway
        self.query_one("#place-bar", PlaceBar).credentials = getattr(gateway, "credential_source", "")
        resolved = getattr(gateway, "resolved_profile", None)
        if resolved is not None and resolved.provider is self.app.profile.provider:
            # The keys the provider gave (with their expiry): the share form warns from this profile.
            self.app.profile = resolved

    def _update_place(self) -> None:
        """Header text for the current place."""
        bar = self.query_one("#place-bar", PlaceBar)
        self._update_credentials()
        gateway = self.app.gateway
        if self.bucket is None:
            bar.place = "oss://"
            bar.endpoint = self.app.profile.endpoint
        else:
            bar.place = f"oss://{self.bucket.name}/{self.prefix}"
            bar.endpoint = gateway.endpoint_for(self.bucket)

    def _leave(self) -> None:
        """Stop the current place's work and drop any filter."""
        self.stop_loading()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._base = None
        filter_input = self.query_one("#filter-input", Input)
        if filter_input.value or filter_input.has_class("-shown"):
            with filter_input.prevent(Input.Changed):
                filter_input.value = ""
            filter_input.remove_class("-shown")
            self.object_list.focus()

    def show_buckets(self, select: str | None = None) -> None:
        """Go to the bucket list (reusing it when already loaded)."""
        self._leave()
        self.bucket, self.prefix = None, ""
        self._update_place()
        cached = self.app.bucket_listing
        self.object_list.set_rows([], columns=BUCKET_COLUMNS)
        if cached is not None and cached.error is None:
            cached.filter_text = ""
            cached.rebuild_view()
            cursor = 0
            if select:
                names = [b.name for b in cached.view]
                cursor = names.index(select) if select in names else 0
            self.show_listing(cached, cursor=cursor)
        else:
            listing = Listing("buckets")
            self.app.bucket_listing = listing
            self.show_listing(listing)

    def open_place(self, bucket: Bucket, prefix: str = "", *, select: str | None = None) -> None:
        """List `prefix` of `bucket`, putting the cursor on `select` when it shows up."""
        self._leave()
        self.bucket, self.prefix = bucket, prefix
        self.select_key = select
        self._update_place()
        self.object_list.set_rows([], columns=ENTRY_COLUMNS)
        self.object_list.empty_text = "Loading…"
        self.show_listing(Listing("entries", bucket, prefix))

    def open_bucket_by_name(self, name: str, prefix: str = "", *, select: str | None = None) -> None:
        """Open a bucket known only by name: find its endpoint and region first (GetBucketInfo)."""
        known = self.app.find_bucket(name)
        if known is not None:
            self.open_place(known, prefix, select=select)
            return
        self._leave()
        self.bucket, self.prefix = Bucket(name=name), prefix
        self._update_place()
        self.status_line.running = f"looking up bucket {name}…"
        self._resolve_bucket(name, prefix, select)

    @work(thread=True, exclusive=True, group="resolve", exit_on_error=False, description="bucket info")
    def _resolve_bucket(self, name: str, prefix: str, select: str | None) -> None:
        """Thread worker: GetBucketInfo, or a bare bucket reached through the profile's endpoint."""
        worker = get_current_worker()
        try:
            bucket = self.app.gateway.bucket_info(name)
            error = None
        except RemoteError as exc:
            bucket, error = Bucket(name=name, region=self.app.profile.region), exc
        if not worker.is_cancelled:
            self.post_message(BucketResolved(bucket, prefix, select, error))

    @on(BucketResolved)
    def _bucket_resolved(self, message: BucketResolved) -> None:
        """Browse the bucket; a failed lookup falls back to the profile's endpoint (the listing reports)."""
        if message.error is None:
            self.app.add_bucket(message.bucket)
        self.open_place(message.bucket, message.prefix, select=message.select)

    # -- listing ----------------------------------------------------------------------------------

    def fetch(self, listing: Listing, token: Any) -> Any:
        """One page of buckets or entries (thread)."""
        gateway = self.app.gateway
        if listing.kind == "buckets":
            return gateway.list_buckets(token)
        assert listing.bucket is not None
        return gateway.list_prefix(listing.bucket, listing.list_prefix, token)

    def after_page(self, listing: Listing) -> None:
        """Buckets are few: fetch all their pages. Entries: fetch on when near the end."""
        self._update_credentials()
        if listing.kind == "buckets":
            if not listing.complete:
                self.load_next_page()
            return
        if not listing.view:
            self.object_list.empty_text = "No objects here." if listing.complete else "Loading…"
        super().after_page(listing)

    def on_listing_error(self, listing: Listing, error: RemoteError) -> None:
        """A denied ListBuckets asks for a bucket name instead."""
        if listing.kind == "buckets" and error.code == "AccessDenied" and not listing.started:
            self.buckets_denied = True
            self.app.bucket_listing = None
            self.ask_bucket()
        elif not listing.view:
            self.object_list.empty_text = "Could not list this place (press r to retry)."
            self.object_list.refresh()

    def on_selected_missing(self, key: str) -> None:
        """Started at an object that is not listed (deleted in a versioned bucket?): show its versions."""
        if key != self._start_object or self.bucket is None:
            return
        self._start_object = None
        from oss_share_tui.tui.screens.versions import VersionsScreen

        self.notify(f"{markup_safe(key)} is not in the listing; showing its versions.", timeout=4)
        self.app.push_screen(VersionsScreen(self.bucket, key))

    def ask_bucket(self) -> None:
        """Prompt for a bucket name and open it."""
        from oss_share_tui.tui.screens.bucket_prompt import BucketPromptScreen

        def opened(name: str | None) -> None:
            if name:
                self.open_bucket_by_name(name)

        self.app.push_screen(BucketPromptScreen(), opened)

    def status_note(self) -> str:
        """Sort and marks notes."""
        notes = []
        listing = self.listing
        if listing.sort != "name":
            scope = "" if listing.complete else " (only the loaded rows)"
            notes.append(f"sorted by {listing.sort}{scope}")
        if listing.search:
            notes.append("server search: " + listing.list_prefix)
        if self.app.marked:
            notes.append(f"{len(self.app.marked)} marked")
        return " · ".join(notes)

    # -- actions ----------------------------------------------------------------------------------

    @on(ObjectList.Activated, "#object-list")
    def _activated(self, message: ObjectList.Activated) -> None:
        """Enter or a double click."""
        self.open_item(message.item)

    def open_item(self, item: Any) -> None:
        """Open a bucket or folder; share an object."""
        if isinstance(item, Bucket):
            self.open_place(item, "")
        elif isinstance(item, Entry) and item.is_prefix:
            assert self.bucket is not None
            self.open_place(self.bucket, item.key)
        elif isinstance(item, Entry):
            self.share_entry(item)

    def action_open(self) -> None:
        """Open the row under the cursor."""
        item = self.object_list.current
        if item is not None:
            self.open_item(item)

    def action_up(self) -> None:
        """Go to the parent folder, or from a bucket's root to the bucket list."""
        if self.bucket is None:
            return
        if self.prefix:
            self.open_place(self.bucket, parent_prefix(self.prefix), select=self.prefix)
        elif self.buckets_denied:
            self.ask_bucket()
        else:
            self.show_buckets(select=self.bucket.name)

    def _current_object(self, what: str) -> Entry | None:
        """The object under the cursor, or None (with a notice saying why `what` needs one)."""
        item = self.object_list.current
        if isinstance(item, Entry) and not item.is_prefix:
            return item
        self.notify(f"{what} works on an object; move the cursor to a file.", severity="warning")
        return None

    def share_entry(self, entry: Entry) -> None:
        """Hand an object to the share form."""
        assert self.bucket is not None
        self.app.action_share_target(ShareTarget(self.bucket, entry.key, None, entry.size, "",
                                                 entry.storage_class, entry.restore))

    def action_share(self) -> None:
        """Share the object under the cursor."""
        entry = self._current_object("Share")
        if entry is not None:
            self.share_entry(entry)

    def action_versions(self) -> None:
        """Show every version of the object under the cursor."""
        entry = self._current_object("Versions")
        if entry is not None and self.bucket is not None:
            from oss_share_tui.tui.screens.versions import VersionsScreen

            self.app.push_screen(VersionsScreen(self.bucket, entry.key))

    def action_details(self) -> None:
        """HEAD the object under the cursor (or show the bucket's details)."""
        from oss_share_tui.tui.screens.details import DetailsScreen

        item = self.object_list.current
        if isinstance(item, Bucket):
            self.app.push_screen(DetailsScreen(item))
            return
        entry = self._current_object("Details")
        if entry is not None and self.bucket is not None:
            self.app.push_screen(DetailsScreen(self.bucket, entry.key))

    def action_preview(self) -> None:
        """Preview the object under the cursor: an image, its text, or its metadata."""
        entry = self._current_object("Preview")
        if entry is not None and self.bucket is not None:
            from oss_share_tui.tui.screens.preview import PreviewScreen

            self.app.push_screen(PreviewScreen(self.bucket, entry.key))

    def action_mark(self) -> None:
        """Mark or unmark the object under the cursor for a batch share, then move down."""
        entry = self._current_object("Marking")
        if entry is None or self.bucket is None:
            return
        key = (self.bucket.name, entry.key)
        if key in self.app.marked:
            del self.app.marked[key]
        else:
            self.app.marked[key] = entry
        rows = self.object_list
        rows.refresh_line(rows.cursor + 1)
        rows.action_cursor_down()
        self.update_status()

    def _is_marked(self, item: Any) -> bool:
        """Row callback for the marker column."""
        return (
            isinstance(item, Entry)
            and self.bucket is not None
            and (self.bucket.name, item.key) in self.app.marked
        )

    def action_refresh(self) -> None:
        """After an error resume where it stopped; otherwise reload the place."""
        if self.bucket is not None and self.listing.error and self.app.find_bucket(self.bucket.name) is None:
            # The bucket's endpoint and region were never found: look them up again first.
            self.open_bucket_by_name(self.bucket.name, self.prefix)
            return
        if self.retry():
            self.notify("Retrying…", timeout=2)
            return
        current = self.object_list.current
        if self.bucket is None:
            self.app.bucket_listing = None
            self.show_buckets(select=current.name if isinstance(current, Bucket) else None)
        else:
            select = current.key if isinstance(current, Entry) else None
            self.open_place(self.bucket, self.prefix, select=select)

    def action_sort(self) -> None:
        """Cycle the sort order: name, size, time."""
        current = self.object_list.current
        self.listing.cycle_sort()
        cursor = self.listing.view.index(current) if current in self.listing.view else 0
        self.object_list.set_rows(self.listing.view, cursor=cursor)
        self.update_status()

    # -- filter -----------------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show and focus the filter input."""
        filter_input = self.query_one("#filter-input", Input)
        filter_input.add_class("-shown")
        filter_input.focus()

    def action_clear_filter(self) -> None:
        """Drop the filter and any server search; back to the full listing."""
        filter_input = self.query_one("#filter-input", Input)
        if not filter_input.has_class("-shown") and not self.listing.filter_text:
            return
        filter_input.value = ""
        filter_input.remove_class("-shown")
        self.object_list.focus()

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        """Filter what is loaded now; search the server when typing pauses."""
        text = event.value
        if self._search_timer is not None:
            self._search_timer.stop()
        if self._base is not None and not (text and text.startswith(self.listing.search)):
            self._end_search()
        self._apply_local_filter(text)
        if text and self.bucket is not None:
            self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._search(text))

    @on(Input.Submitted, "#filter-input")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        """Search the server now and go back to the list."""
        if self._search_timer is not None:
            self._search_timer.stop()
        if event.value and self.bucket is not None:
            self._search(event.value)
        self.object_list.focus()

    def _apply_local_filter(self, text: str) -> None:
        """Show only the loaded rows whose name contains `text`."""
        listing = self.listing
        listing.filter_text = text
        listing.rebuild_view()
        self.object_list.set_rows(listing.view)
        self.update_status()

    def _search(self, text: str) -> None:
        """List `prefix + text` on the server: the filter as a prefix search."""
        if self.bucket is None or (self.listing.search == text and self._base is not None):
            return
        self.stop_loading()
        if self._base is None:
            self._base = self.listing
        listing = Listing("entries", self.bucket, self.prefix, search=text)
        listing.filter_text = text
        listing.sort = self._base.sort
        self.show_listing(listing)

    def _end_search(self) -> None:
        """Back from a server search to the unfiltered listing."""
        if self._base is None:
            return
        self.stop_loading()
        self.listing, self._base = self._base, None
        self.listing.loading = False
