"""`BrowserScreen`: buckets, then folders and objects; filter, search, sort, marks, deleted objects."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket, Entry
from oss_share_tui.tui.listing import Listing
from oss_share_tui.tui.messages import BucketResolved
from oss_share_tui.tui.safe_text import markup_safe, visible
from oss_share_tui.tui.screens.browser_actions import BrowserActions
from oss_share_tui.tui.screens.filtering import FilteringScreen
from oss_share_tui.tui.widgets.columns import BUCKET_COLUMNS, ENTRY_COLUMNS
from oss_share_tui.tui.widgets.object_list import ObjectList
from oss_share_tui.tui.widgets.place_bar import PlaceBar
from oss_share_tui.tui.widgets.status_line import StatusLine

OBJECT_ACTIONS = frozenset({"share", "versions", "details", "preview", "mark", "copy_path"})
"""Actions that need a bucket: hidden on the bucket list, dimmed on a folder."""


def parent_prefix(prefix: str) -> str:
    """`a/b/` -> `a/`; `a/` -> ``."""
    trimmed = prefix[:-1] if prefix.endswith("/") else prefix
    return trimmed.rsplit("/", 1)[0] + "/" if "/" in trimmed else ""


class BrowserScreen(BrowserActions, FilteringScreen):
    """The one browsing screen: the bucket list, or a prefix of a bucket."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l,right", "open", "Open", show=False, id="browser.open"),
        Binding("backspace,h,left", "up", "Up a folder", key_display="⌫", id="browser.up"),
        Binding("slash", "filter", "Filter", key_display="/", id="browser.filter"),
        Binding("ctrl+f", "search", "Prefix search (server)", key_display="^f", show=False,
                id="browser.search"),
        Binding("escape", "escape", "Clear filter / back / stop", show=False, id="browser.escape"),
        Binding("s", "share", "Share", id="browser.share"),
        Binding("v", "versions", "Versions", id="browser.versions"),
        Binding("S", "app.share_marked", "Share marked", key_display="S", id="browser.share-marked"),
        Binding("i", "details", "Details", show=False, id="browser.details"),
        Binding("p", "preview", "Preview", show=False, id="browser.preview"),
        Binding("c", "copy_path", "Copy oss:// path", show=False, id="browser.copy-path"),
        Binding("space", "mark", "Mark", show=False, id="browser.mark"),
        Binding("D", "toggle_deleted", "Show deleted (versioned)", key_display="D", show=False,
                id="browser.deleted"),
        Binding("r", "refresh", "Refresh / retry", show=False, id="browser.refresh"),
        Binding("e", "error_details", "Error details", show=False, id="browser.error"),
        Binding("o", "sort", "Sort (name/size/time)", show=False, id="browser.sort"),
        Binding("O", "reverse_sort", "Reverse sort", key_display="O", show=False, id="browser.reverse"),
        Binding("ctrl+p", "app.command_palette", "Palette", key_display="^p", id="browser.palette"),
    ]

    def __init__(self, start_bucket: str | None = None, start_key: str = "") -> None:
        super().__init__()
        self._start = (start_bucket, start_key)
        self.buckets_denied = False
        self._start_object: str | None = None
        """The object the app was started at (`oss-share oss://bucket/key`), until it is found."""
        self.show_deleted = False
        """`D`: list folders from ListObjectVersions, deleted keys included."""
        self._on_object = "other"
        self._missing_pending: str | None = None

    def compose(self) -> ComposeResult:
        """Place bar, the list, the filter input, the status line and the footer."""
        yield PlaceBar(id="place-bar")
        yield ObjectList(id="object-list", columns=BUCKET_COLUMNS, empty_text="Loading…")
        yield Input(id="filter-input", placeholder="", select_on_focus=False)
        yield StatusLine(id="status-line")
        # The palette key is one of the screen's bindings instead of a key docked over the others.
        yield Footer(show_command_palette=False)

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
        if not bucket:
            self.show_buckets()
        elif key and not key.endswith("/"):
            # `oss://bucket/name`: the folder `name/` if there is one, else the object `name`.
            self._start_object = key
            self.open_bucket_by_name(bucket, key.rsplit("/", 1)[0] + "/" if "/" in key else "", select=key)
        else:
            self.open_bucket_by_name(bucket, key)

    # -- footer and palette in context ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot act here (object keys on the bucket list); dim it on a folder."""
        if action in OBJECT_ACTIONS:
            if self.bucket is None:
                return False
            state = self._cursor_state()
            if state == "deleted":  # only its versions (and its path) are there to act on
                return True if action in ("versions", "copy_path") else None
            return True if state == "object" else None
        if action == "toggle_deleted":
            return self.bucket is not None
        if action == "search":
            return self.bucket is not None
        if action == "error_details":
            return self.listing.error is not None
        if action == "escape":
            return self.escape_target() is not None
        return True

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's bindings, with `S` saying how many objects it would share."""
        bindings = super().active_bindings
        marked = len(self.app.marked)
        active = bindings.get("S")
        if active is not None and marked:
            binding = dataclasses.replace(active.binding, description=f"Share {marked} marked")
            bindings["S"] = active._replace(binding=binding)
        return bindings

    def _cursor_state(self) -> str:
        """What the cursor is on: `object`, `deleted` (an object's delete marker) or `other`."""
        item = self.object_list.current
        if not isinstance(item, Entry) or item.is_prefix:
            return "other"
        return "deleted" if getattr(item, "deleted", False) else "object"

    @on(ObjectList.Highlighted, "#object-list")
    def _highlighted(self) -> None:
        """Refresh the footer when the cursor moves onto another kind of row."""
        state = self._cursor_state()
        if state != self._on_object:
            self._on_object = state
            self.refresh_bindings()

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
        """Header text for the current place (and whether the bucket keeps versions)."""
        bar = self.query_one("#place-bar", PlaceBar)
        self._update_credentials()
        gateway = self.app.gateway
        if self.bucket is None:
            bar.place = "oss://"
            bar.endpoint = self.app.profile.endpoint
        else:
            status = self.app.versioning.get(self.bucket.name, "")
            shown = " · deleted shown" if self.show_deleted else ""
            bar.place = f"oss://{self.bucket.name}/{self.prefix}" + (
                f"  [versioning {status.lower()}{shown}]" if status else ""
            )
            bar.endpoint = gateway.endpoint_for(self.bucket)

    def _leave(self) -> None:
        """Stop the current place's work and drop any filter or search."""
        self.stop_loading()
        self.hide_input()
        self.refresh_bindings()

    def show_buckets(self, select: str | None = None) -> None:
        """Go to the bucket list (reusing it when already loaded)."""
        self._leave()
        self.bucket, self.prefix = None, ""
        self.show_deleted = False
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
        self._show_sort()

    def open_place(self, bucket: Bucket, prefix: str = "", *, select: str | None = None) -> None:
        """List `prefix` of `bucket`, putting the cursor on `select` when it shows up."""
        self._leave()
        if self.bucket is None or self.bucket.name != bucket.name:
            self.show_deleted = False
        self.bucket, self.prefix = bucket, prefix
        self.select_key = select
        self._update_place()
        self.object_list.set_rows([], columns=ENTRY_COLUMNS)
        self.object_list.empty_text = "Loading…"
        listing = Listing("entries", bucket, prefix)
        listing.deleted = self.show_deleted
        self.show_listing(listing)
        self._show_sort()
        if bucket.name not in self.app.versioning:
            self._look_up_versioning(bucket)

    def open_bucket_by_name(self, name: str, prefix: str = "", *, select: str | None = None) -> None:
        """Open a bucket known only by name: find its endpoint and region first (GetBucketInfo)."""
        known = self.app.find_bucket(name)
        probe = self._start_object if select is not None and select == self._start_object else None
        if known is not None and probe is None:
            self.open_place(known, prefix, select=select)
            return
        self._leave()
        self.bucket, self.prefix = known or Bucket(name=name), prefix
        self._update_place()
        self.status_line.running = f"looking up {name}/{probe}…" if probe else f"looking up bucket {name}…"
        self._resolve_bucket(name, known, prefix, select, probe)

    @work(thread=True, exclusive=True, group="resolve", exit_on_error=False, description="bucket info")
    def _resolve_bucket(
        self, name: str, known: Bucket | None, prefix: str, select: str | None, probe: str | None
    ) -> None:
        """Thread worker: GetBucketInfo (unless known); with `probe`, is `probe/` a folder? Then open it."""
        worker = get_current_worker()
        error = None
        bucket = known
        if bucket is None:
            try:
                bucket = self.app.gateway.bucket_info(name)
            except RemoteError as exc:
                bucket, error = Bucket(name=name, region=self.app.profile.region), exc
        if probe is not None and error is None:
            try:
                page = self.app.gateway.list_prefix(bucket, probe + "/", max_keys=1)
                if page.items:
                    prefix, select = probe + "/", None
            except RemoteError:
                pass  # the listing of the parent says what is wrong
        if not worker.is_cancelled:
            self.post_message(BucketResolved(bucket, prefix, select, error))

    @on(BucketResolved)
    def _bucket_resolved(self, message: BucketResolved) -> None:
        """Browse the bucket; a failed lookup falls back to the profile's endpoint (the listing reports)."""
        if message.error is None:
            self.app.add_bucket(message.bucket)
        if message.select is None:
            self._start_object = None
        self.open_place(message.bucket, message.prefix, select=message.select)

    @work(thread=True, group="versioning", exit_on_error=False, description="bucket versioning")
    def _look_up_versioning(self, bucket: Bucket) -> None:
        """Thread worker: GetBucketVersioning, so the header can say the bucket keeps versions."""
        from oss_share_tui.storage.deleted_listing import versioning_status

        try:
            status: str | None = versioning_status(self.app.gateway, bucket)
        except RemoteError:
            status = None  # not allowed or not supported: nothing to say
        self.app.call_from_thread(self._versioning_known, bucket.name, status)

    def _versioning_known(self, name: str, status: str | None) -> None:
        self.app.versioning[name] = status or ""
        if self.bucket is not None and self.bucket.name == name:
            self._update_place()
            self.update_status()
            self.refresh_bindings()
            if self._missing_pending is not None:
                self.on_selected_missing(self._missing_pending)

    # -- listing ----------------------------------------------------------------------------------

    def fetch(self, listing: Listing, token: Any) -> Any:
        """One page of buckets or entries (thread)."""
        gateway = self.app.gateway
        if listing.kind == "buckets":
            return gateway.list_buckets(token)
        assert listing.bucket is not None
        if listing.deleted:
            from oss_share_tui.storage.deleted_listing import list_prefix_with_deleted

            return list_prefix_with_deleted(gateway, listing.bucket, listing.list_prefix, token)
        return gateway.list_prefix(listing.bucket, listing.list_prefix, token)

    def after_page(self, listing: Listing) -> None:
        """Buckets are few: fetch all their pages. Entries: fetch on when near the end."""
        self._update_credentials()
        if listing.kind == "buckets":
            if not listing.complete:
                self.load_next_page()
            return
        self._set_empty_text(listing)
        super().after_page(listing)
        self._highlighted()

    def after_filter(self, listing: Listing) -> None:
        """The filter's own empty state."""
        self._set_empty_text(listing)
        self._highlighted()

    def _set_empty_text(self, listing: Listing) -> None:
        if listing.view:
            return
        rows = self.object_list
        if not listing.complete:
            rows.empty_text = (
                "Loading…" if listing.loading else "No match among the loaded rows: G loads the rest."
            )
        elif listing.filter_text:
            text = f"No loaded name contains '{listing.filter_text}' (Esc clears the filter)."
            rows.empty_text = visible(text)
        else:
            rows.empty_text = visible(self.search_empty_text(listing) or "No objects here.")
        rows.refresh()

    def on_listing_error(self, listing: Listing, error: RemoteError) -> None:
        """A denied ListBuckets asks for a bucket name instead; an empty list says what to do."""
        if listing.kind == "buckets" and error.code == "AccessDenied" and not listing.started:
            self.buckets_denied = True
            self.app.bucket_listing = None
            self.ask_bucket()
        elif not listing.view:
            view = self.error_view()
            assert view is not None
            self.object_list.empty_text = visible(f"{view.sentence} {view.hint} (e: details)")
            self.object_list.refresh()
        self.refresh_bindings()

    def on_selected_missing(self, key: str) -> None:
        """Started at a name that is neither an object nor a folder: say so in those words.

        In a versioned bucket it may have been deleted: its versions open (once versioning is known).
        """
        if key != self._start_object or self.bucket is None:
            return
        if self.bucket.name not in self.app.versioning:
            self._missing_pending = key  # `_versioning_known` comes back here
            return
        self._start_object = self._missing_pending = None
        parent = key.rsplit("/", 1)[0] + "/" if "/" in key else ""
        name = key[len(parent):]
        text = f"Neither an object nor a folder called '{name}' exists in oss://{self.bucket.name}/{parent}."
        if self.app.versioning.get(self.bucket.name):
            from oss_share_tui.tui.screens.versions import VersionsScreen

            self.notify(markup_safe(f"{text} Showing its versions (it may have been deleted)."), timeout=6)
            self.app.push_screen(VersionsScreen(self.bucket, key))
            return
        self.notify(markup_safe(text), title="Not found", severity="warning", timeout=8)

    def ask_bucket(self) -> None:
        """Prompt for a bucket name and open it."""
        from oss_share_tui.tui.screens.bucket_prompt import BucketPromptScreen

        def opened(name: str | None) -> None:
            if name:
                self.open_bucket_by_name(name)

        self.app.push_screen(BucketPromptScreen(), opened)

    def status_note(self) -> str:
        """Versioning, sort, filter, search and marks notes."""
        notes = []
        listing = self.listing
        if self.bucket is not None and self.app.versioning.get(self.bucket.name):
            notes.append("deleted shown (D hides)" if listing.deleted else "versioned: D shows deleted")
        if listing.sort != "name" or listing.reverse:
            scope = "" if listing.complete else " (only the loaded rows)"
            order = "reversed " if listing.reverse else ""
            notes.append(f"sorted by {order}{listing.sort}{scope}")
        filtering = self.filter_note()
        if filtering:
            notes.append(filtering)
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
        elif getattr(item, "deleted", False):
            self.action_versions()
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
