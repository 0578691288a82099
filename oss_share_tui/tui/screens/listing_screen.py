"""`ListingScreen`: the paging machinery shared by the browser and the versions view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.screen import Screen
from textual.worker import get_current_worker

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.tui.error_text import ErrorView, describe
from oss_share_tui.tui.listing import Listing
from oss_share_tui.tui.messages import PageFailed, PageLoaded
from oss_share_tui.tui.widgets.object_list import ObjectList
from oss_share_tui.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from oss_share_tui.tui.app import OssShareApp

LISTING_GROUP = "listing"


class ListingScreen(Screen[None]):
    """A screen showing one `Listing` in an `#object-list`, loading pages in thread workers."""

    app: OssShareApp

    def __init__(self) -> None:
        super().__init__()
        self.listing: Listing = Listing("buckets")
        self.select_key: str | None = None
        """Put the cursor on this row (by identity) when it arrives."""

    # -- widgets ----------------------------------------------------------------------------------

    @property
    def object_list(self) -> ObjectList:
        """The list widget."""
        return self.query_one("#object-list", ObjectList)

    @property
    def status_line(self) -> StatusLine:
        """The status line widget."""
        return self.query_one("#status-line", StatusLine)

    # -- loading ----------------------------------------------------------------------------------

    def show_listing(self, listing: Listing, *, cursor: int = 0) -> None:
        """Make `listing` the one shown, and fetch its first page if it has none."""
        self.listing = listing
        self.object_list.set_rows(listing.view, cursor=cursor)
        self.update_status()
        if not listing.started and not listing.loading:
            self.load_next_page()

    def stop_loading(self) -> None:
        """Cancel pending page workers (the place is being left)."""
        self.workers.cancel_group(self, LISTING_GROUP)
        self.listing.loading = False
        self.listing.load_all = False

    def load_rest(self) -> None:
        """`G`: fetch every page left, one after another, then put the cursor on the last row."""
        listing = self.listing
        if listing.complete or listing.load_all:
            return
        listing.load_all = True
        listing.loading = True
        listing.error = None
        self._fetch_rest(listing, listing.next_token)  # exclusive: replaces a single page on its way
        self.update_status()

    def stop_load_all(self) -> bool:
        """Esc while `G` loads: stop where it is (what arrived stays); False when nothing was loading."""
        listing = self.listing
        if not listing.load_all:
            return False
        self.workers.cancel_group(self, LISTING_GROUP)
        listing.load_all = False
        listing.loading = False
        self.update_status()
        self.notify(f"Stopped loading: {len(listing.items):,} rows loaded.", timeout=3)
        return True

    def load_next_page(self) -> None:
        """Fetch the page after the last good one, unless one is on its way or none is left."""
        listing = self.listing
        if listing.loading or listing.complete:
            return
        listing.loading = True
        listing.error = None
        self._fetch_page(listing, listing.next_token)
        self.update_status()

    def fetch(self, listing: Listing, token: Any) -> Any:
        """Fetch one page of `listing` (runs in a thread). Subclasses implement it."""
        raise NotImplementedError

    def _get_page(self, worker: Any, listing: Listing, token: Any) -> Any:
        """One page from a thread worker, or None after posting why it failed (nothing once cancelled)."""
        try:
            return self.fetch(listing, token)
        except RemoteError as error:
            failure = error
        except Exception as exc:  # a bug must not kill the app: show it like an OSS error
            failure = RemoteError(f"{type(exc).__name__}: {exc}", code="InternalError")
        if not worker.is_cancelled:
            self.post_message(PageFailed(listing.id, token, failure))
        return None

    @work(thread=True, exclusive=True, group=LISTING_GROUP, exit_on_error=False, description="load page")
    def _fetch_page(self, listing: Listing, token: Any) -> None:
        """Thread worker: get one page and post it back, unless cancelled meanwhile."""
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        page = self._get_page(worker, listing, token)
        if page is not None and not worker.is_cancelled:
            self.post_message(PageLoaded(listing.id, token, page.items, page.next_token))

    @work(thread=True, exclusive=True, group=LISTING_GROUP, exit_on_error=False, description="load the rest")
    def _fetch_rest(self, listing: Listing, token: Any) -> None:
        """Thread worker: fetch pages back to back until the last, posting each one.

        The next request goes out while the event loop adds the page before it, so loading the rest is
        as quick as a plain page loop; Esc cancels between pages.
        """
        worker = get_current_worker()
        while not worker.is_cancelled:
            page = self._get_page(worker, listing, token)
            if page is None or worker.is_cancelled:
                return
            self.post_message(PageLoaded(listing.id, token, page.items, page.next_token))
            if page.next_token is None:
                return
            token = page.next_token

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        """Add the page to the listing it belongs to (if it is still shown) and repaint."""
        listing = self.listing
        if message.listing_id != listing.id:
            return
        before = len(listing.view)
        sorted_view = listing.sort != "name"
        current = self.object_list.current
        added = listing.add_page(message.token, message.items, message.next_token)
        if listing.load_all:
            listing.loading = not listing.complete  # the worker is already fetching the next one
            listing.load_all = not listing.complete
            if listing.complete:
                self.select_key = None
                self.object_list.rows_changed(cursor=len(listing.view) - 1)
                self.update_status()
                self.after_page(listing)
                return
        cursor = None
        if sorted_view and current is not None and added:
            cursor = listing.view.index(current)
        if self.select_key is not None:
            cursor = self._find_selected(before) if cursor is None else cursor
        self.object_list.rows_changed(cursor=cursor)
        self.update_status()
        self.after_page(listing)

    def _find_selected(self, start: int) -> int | None:
        """The index of `select_key` among the rows from `start` on, clearing it when found."""
        from oss_share_tui.tui.listing import identity

        view = self.listing.view
        for index in range(start, len(view)):
            if identity(view[index]) == self.select_key:
                self.select_key = None
                return index
        if self.listing.complete:
            missing, self.select_key = self.select_key, None
            if missing is not None:
                self.on_selected_missing(missing)
        return None

    def on_selected_missing(self, key: str) -> None:
        """Hook: the row to select never showed up (the listing is complete)."""

    def after_page(self, listing: Listing) -> None:
        """Called after each page: fetch on if the cursor is close to the end."""
        if listing.complete or listing.load_all:
            return
        if listing.filter_text and self.select_key is None:
            return  # a filter narrows what is loaded; it does not load on by itself (G does)
        rows = self.object_list
        if self.select_key is not None or rows.row_count - rows.cursor <= max(100, rows.size.height * 2):
            self.load_next_page()

    @on(PageFailed)
    def _page_failed(self, message: PageFailed) -> None:
        """Keep what is loaded, remember the error, and say what happened."""
        listing = self.listing
        if message.listing_id != listing.id:
            return
        listing.loading = False
        listing.load_all = False
        listing.error = message.error
        self.update_status()
        self.app.notify_error(message.error, listing.bucket)
        self.on_listing_error(listing, message.error)

    def error_view(self) -> ErrorView | None:
        """The listing's last error as the user reads it, or None."""
        error = self.listing.error
        return None if error is None else describe(error, self.app.gateway, self.listing.bucket)

    def action_error_details(self) -> None:
        """Show the last error in full (its raw text is shown only here)."""
        view = self.error_view()
        if view is None:
            self.notify("No error to show.", timeout=2)
            return
        from oss_share_tui.tui.screens.error_details import ErrorDetailsScreen

        self.app.push_screen(ErrorDetailsScreen(view))

    @on(ObjectList.EndRequested, "#object-list")
    def _end_requested(self) -> None:
        """`G`/End with pages left: load them all (not after an error: `r` resumes first)."""
        listing = self.listing
        if listing.started and listing.error is None and not listing.complete:
            self.load_rest()

    def on_listing_error(self, listing: Listing, error: RemoteError) -> None:
        """Hook for screens that react to particular errors."""

    @on(ObjectList.NearEnd, "#object-list")
    def _near_end(self) -> None:
        """Fetch the next page when the cursor nears the end (not after an error: `r` resumes).

        Not while a local filter narrows the rows: its server-side search is about to replace them.
        """
        listing = self.listing
        if listing.filter_text and not listing.search:
            return
        if listing.started and listing.error is None:
            self.load_next_page()

    def retry(self) -> bool:
        """After an error, resume from the last good page; return False when there was no error."""
        if self.listing.error is None:
            return False
        self.listing.error = None
        self.load_next_page()
        return True

    # -- status -----------------------------------------------------------------------------------

    def update_status(self) -> None:
        """Refresh the status line from the listing."""
        listing = self.listing
        status = self.status_line
        status.loaded = len(listing.items)
        status.shown = len(listing.view) if listing.filter_text else None
        status.complete = listing.complete
        if listing.load_all:
            done = len(listing.items)
            status.running = f"loading all: {done:,} so far, page {listing.pages + 1}… (esc stops)"
        else:
            status.running = f"loading page {listing.pages + 1}…" if listing.loading else ""
        view = self.error_view()
        status.error = f"{view.title}: {view.short}" if view is not None else ""
        status.note = self.status_note()

    def status_note(self) -> str:
        """Extra text for the status line (sort, filter, marks)."""
        return ""
