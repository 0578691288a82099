"""`VersionsScreen`: every version of one key, newest first, delete markers marked, ready to share."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer

from oss_share_tui.core.models import Bucket, Version
from oss_share_tui.tui.listing import Listing
from oss_share_tui.tui.screens.listing_screen import ListingScreen
from oss_share_tui.tui.share_target import ShareTarget
from oss_share_tui.tui.widgets.columns import VERSION_COLUMNS
from oss_share_tui.tui.widgets.object_list import ObjectList
from oss_share_tui.tui.widgets.place_bar import PlaceBar
from oss_share_tui.tui.widgets.status_line import StatusLine

DELETE_MARKER_REASON = (
    "A delete marker records that the object was deleted: it has no content, so there is nothing to share. "
    "Pick an older version."
)


class VersionList(ObjectList):
    """The versions list: Enter shares the version under the cursor, and the footer says so."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "activate", "Share", key_display="⏎", id="versions.enter-share"),
    ]


class VersionsScreen(ListingScreen):
    """The versions of `key` in `bucket`, paged like any listing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace,h,left", "back", "Back", key_display="esc", id="versions.back"),
        Binding("s", "share", "Share version", show=False, id="versions.share"),
        Binding("i", "details", "Details", id="versions.details"),
        Binding("p", "preview", "Preview", show=False, id="versions.preview"),
        Binding("r", "refresh", "Refresh / retry", show=False, id="versions.refresh"),
        Binding("e", "error_details", "Error details", show=False, id="versions.error"),
        Binding("ctrl+p", "app.command_palette", "Palette", key_display="^p", id="versions.palette"),
    ]

    def __init__(self, bucket: Bucket, key: str) -> None:
        super().__init__()
        self.bucket = bucket
        self.key = key

    def compose(self) -> ComposeResult:
        """Place bar, the versions list, the status line and the footer."""
        yield PlaceBar(id="place-bar")
        yield VersionList(id="object-list", columns=VERSION_COLUMNS, empty_text="Loading…")
        yield StatusLine(id="status-line")
        yield Footer(show_command_palette=False)  # the palette key flows with the others: no overlap

    def on_mount(self) -> None:
        """Show where we are and load the first page."""
        bar = self.query_one("#place-bar", PlaceBar)
        bar.place = f"oss://{self.bucket.name}/{self.key} · versions"
        bar.endpoint = self.app.gateway.endpoint_for(self.bucket)
        bar.demo = self.app.demo
        self.object_list.focus()
        self.show_listing(Listing("versions", self.bucket, self.key))

    def fetch(self, listing: Listing, token: Any) -> Any:
        """One page of versions (thread)."""
        return self.app.gateway.list_versions(self.bucket, self.key, token)

    def after_page(self, listing: Listing) -> None:
        """Say so when the key has no versions at all."""
        if listing.complete and not listing.view:
            self.object_list.empty_text = "No versions: the object does not exist (any more)."
            self.object_list.refresh()
        super().after_page(listing)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`e` only after an error."""
        if action == "error_details":
            return self.listing.error is not None
        return True

    def status_note(self) -> str:
        """How many of the loaded versions are delete markers."""
        markers = sum(1 for v in self.listing.items if v.is_delete_marker)
        return f"{markers} delete marker{'s' if markers != 1 else ''}" if markers else ""

    @on(ObjectList.Activated, "#object-list")
    def _activated(self, message: ObjectList.Activated) -> None:
        """Enter on a version shares it."""
        self.share_version(message.item)

    def share_version(self, version: Version | None) -> None:
        """Hand one version to the share form (not a delete marker: say why)."""
        if version is None:
            return
        if version.is_delete_marker:
            self.notify(DELETE_MARKER_REASON, title="Cannot share a delete marker", severity="warning")
            return
        target = ShareTarget(self.bucket, self.key, version.version_id, version.size, "",
                             version.storage_class, version.restore)
        self.app.action_share_target(target)

    def action_share(self) -> None:
        """Share the version under the cursor."""
        self.share_version(self.object_list.current)

    def action_details(self) -> None:
        """HEAD the version under the cursor."""
        from oss_share_tui.tui.screens.details import DetailsScreen

        version = self.object_list.current
        if version is None:
            return
        if version.is_delete_marker:
            self.notify(DELETE_MARKER_REASON, title="A delete marker has no details", severity="warning")
            return
        self.app.push_screen(DetailsScreen(self.bucket, self.key, version.version_id))

    def action_preview(self) -> None:
        """Preview the version under the cursor."""
        from oss_share_tui.tui.screens.preview import PreviewScreen

        version = self.object_list.current
        if version is None:
            return
        if version.is_delete_marker:
            self.notify(DELETE_MARKER_REASON, title="A delete marker has no content", severity="warning")
            return
        self.app.push_screen(PreviewScreen(self.bucket, self.key, version.version_id))

    def action_back(self) -> None:
        """Back to the browser."""
        self.stop_loading()
        self.dismiss()

    def action_refresh(self) -> None:
        """Resume after an error, or reload."""
        if not self.retry():
            self.stop_loading()
            self.show_listing(Listing("versions", self.bucket, self.key))
