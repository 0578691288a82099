"""`BrowserActions`: what the browser's keys do to the row under the cursor, the sort and the deleted view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oss_share_tui.core.models import Bucket, Entry
from oss_share_tui.tui.safe_text import markup_safe
from oss_share_tui.tui.share_target import ShareTarget

if TYPE_CHECKING:
    from oss_share_tui.tui.screens.browser import BrowserScreen

    _Base = BrowserScreen
else:
    _Base = object

SORT_TITLES = {"name": "Name", "size": "Size", "time": "Last modified"}
BUCKET_SORT_TITLES = {"name": "Name", "size": "Name", "time": "Created"}
DELETED_REASON = "It was deleted: its latest version is a delete marker. Press v (or Enter) for its versions."


class BrowserActions(_Base):
    """Mixed into `BrowserScreen`: actions on objects, marks, sort, copy and `D`."""

    def _current_object(self, what: str) -> Entry | None:
        """The object under the cursor, or None (with a notice saying why `what` needs one)."""
        item = self.object_list.current
        if isinstance(item, Entry) and not item.is_prefix:
            return item
        self.notify(f"{what} works on an object; move the cursor to a file.", severity="warning")
        return None

    def share_entry(self, entry: Entry) -> None:
        """Hand an object to the share form (a deleted one has only versions to share)."""
        assert self.bucket is not None
        if getattr(entry, "deleted", False):
            self.notify(DELETED_REASON, title="Deleted object", severity="warning")
            return
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
        if entry is not None and getattr(entry, "deleted", False):
            self.notify(DELETED_REASON, title="Deleted object", severity="warning")
        elif entry is not None and self.bucket is not None:
            self.app.push_screen(DetailsScreen(self.bucket, entry.key))

    def action_preview(self) -> None:
        """Preview the object under the cursor: an image, its text, or its metadata."""
        entry = self._current_object("Preview")
        if entry is not None and getattr(entry, "deleted", False):
            self.notify(DELETED_REASON, title="Deleted object", severity="warning")
        elif entry is not None and self.bucket is not None:
            from oss_share_tui.tui.screens.preview import PreviewScreen

            self.app.push_screen(PreviewScreen(self.bucket, entry.key))

    def action_copy_path(self) -> None:
        """Copy `oss://bucket/key` of the row under the cursor (a bucket: `oss://bucket/`)."""
        from oss_share_tui.tui.clipboard import copy_text

        item = self.object_list.current
        if isinstance(item, Bucket):
            path = f"oss://{item.name}/"
        elif isinstance(item, Entry) and self.bucket is not None:
            path = f"oss://{self.bucket.name}/{item.key}"
        else:
            return
        shown = markup_safe(path)
        copy_text(self.app, path, lambda how: self.app.notify(f"{shown}\n{how}", title="Path copied"))

    def action_mark(self) -> None:
        """Mark or unmark the object under the cursor for a batch share, then move down."""
        entry = self._current_object("Marking")
        if entry is None or self.bucket is None:
            return
        if getattr(entry, "deleted", False):
            self.notify(DELETED_REASON, title="Deleted object", severity="warning")
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
        self.refresh_bindings()

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

    # -- sort -------------------------------------------------------------------------------------

    def _resort(self, change: Any) -> None:
        current = self.object_list.current
        change()
        cursor = self.listing.index_of(current) if current is not None else None
        self.object_list.set_rows(self.listing.view, cursor=cursor or 0)
        self._show_sort()
        self.update_status()

    def action_sort(self) -> None:
        """Cycle the sort order: name, size, time."""
        self._resort(self.listing.cycle_sort)

    def action_reverse_sort(self) -> None:
        """`O`: turn the current sort order round."""
        self._resort(self.listing.toggle_reverse)

    def _show_sort(self) -> None:
        """The sorted column's title gets its direction: `Size ▼` (largest first), `Name ▲`."""
        listing = self.listing
        titles = BUCKET_SORT_TITLES if listing.kind == "buckets" else SORT_TITLES
        descending = listing.sort != "name"  # size and time put the largest and newest first
        self.object_list.set_sort_mark(titles[listing.sort], descending != listing.reverse)

    # -- deleted objects --------------------------------------------------------------------------

    def action_toggle_deleted(self) -> None:
        """`D`: list this folder from its versions, so deleted objects show (versioned buckets only)."""
        if self.bucket is None:
            return
        status = self.app.versioning.get(self.bucket.name)
        if not status and not self.show_deleted:
            known = self.bucket.name in self.app.versioning
            why = "is not versioned: deleted objects are gone" if known else "may not be versioned"
            text = f"{self.bucket.name} {why}; nothing to show."
            self.notify(text, title="Show deleted", severity="warning")
            return
        self.show_deleted = not self.show_deleted
        current = self.object_list.current
        select = current.key if isinstance(current, Entry) else None
        self.open_place(self.bucket, self.prefix, select=select)

    # -- escape -----------------------------------------------------------------------------------

    def action_escape(self) -> None:
        """Esc: stop `G`'s loading, else clear the filter, else leave a prefix search."""
        if self.stop_load_all():
            return
        if self.clear_filter():
            return
        self.end_search()
