"""`DetailsScreen`: a modal with what HEAD says about an object (version), or a bucket's record."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket, ObjectInfo
from oss_share_tui.core.restore import share_warning, storage_label
from oss_share_tui.tui.messages import DetailsFailed, DetailsLoaded
from oss_share_tui.tui.safe_text import visible
from oss_share_tui.tui.widgets.columns import human_size, local_time

if TYPE_CHECKING:
    from oss_share_tui.tui.app import OssShareApp


def _table(rows: list[tuple[str, str]]) -> Table:
    """A two-column grid of plain-text fields."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in rows:
        table.add_row(Text(name), Text(visible(value)))
    return table


def object_rows(info: ObjectInfo) -> list[tuple[str, str]]:
    """The fields of a HEAD answer."""
    rows = [
        ("Bucket", info.bucket),
        ("Key", info.key),
        ("Version", info.version_id or "—"),
        ("Size", f"{human_size(info.size)} ({info.size:,} bytes)"),
        ("Content type", info.content_type),
        ("Last modified", local_time(info.last_modified)),
        ("ETag", info.etag),
        ("Storage class", storage_label(info.storage_class, info.restore)),
        ("Object type", info.object_type),
    ]
    if info.symlink_target:
        rows.append(("Symlink target", info.symlink_target))
    warning = share_warning(info.storage_class, info.restore)
    if warning:
        rows.append(("Sharing", warning))
    rows.extend((f"meta: {k}", v) for k, v in sorted(info.metadata.items()))
    return rows


def bucket_rows(bucket: Bucket) -> list[tuple[str, str]]:
    """The fields of a bucket record."""
    return [
        ("Bucket", bucket.name),
        ("Region", bucket.region),
        ("Location", bucket.location),
        ("Extranet endpoint", bucket.extranet_endpoint),
        ("Intranet endpoint", bucket.intranet_endpoint),
        ("Created", local_time(bucket.created)),
        ("Storage class", bucket.storage_class),
    ]


class DetailsScreen(ModalScreen[None]):
    """Details of one object (HEAD, loaded in a worker) or of a bucket (from memory)."""

    app: OssShareApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i,q,enter", "close", "Close", id="details.close"),
        Binding("c", "copy", "Copy oss:// path and ETag", id="details.copy"),
    ]

    def __init__(self, bucket: Bucket, key: str | None = None, version_id: str | None = None) -> None:
        super().__init__()
        self.bucket = bucket
        self.key = key
        self.version_id = version_id
        self.info: ObjectInfo | None = None

    def compose(self) -> ComposeResult:
        """A framed box with the fields."""
        with Vertical(id="details-box"):
            yield Label("Details", id="details-title")
            with VerticalScroll():
                yield Static("Loading…", id="details-body")

    def on_mount(self) -> None:
        """Fill in a bucket now, or HEAD the object in a worker."""
        body = self.query_one("#details-body", Static)
        if self.key is None:
            body.update(_table(bucket_rows(self.bucket)))
        else:
            self._head()

    @work(thread=True, exclusive=True, group="details", exit_on_error=False, description="HEAD object")
    def _head(self) -> None:
        """Thread worker: HEAD the object."""
        worker = get_current_worker()
        assert self.key is not None
        try:
            info = self.app.gateway.head_object(self.bucket, self.key, self.version_id)
        except RemoteError as error:
            if not worker.is_cancelled:
                self.post_message(DetailsFailed(error))
            return
        if not worker.is_cancelled:
            self.post_message(DetailsLoaded(info))

    @on(DetailsLoaded)
    def _loaded(self, message: DetailsLoaded) -> None:
        """Show the fields."""
        self.info = message.info
        self.query_one("#details-body", Static).update(_table(object_rows(message.info)))

    def action_copy(self) -> None:
        """Copy `oss://bucket/key` and, for an object, its ETag (one per line)."""
        from oss_share_tui.tui.clipboard import copy_text

        text = f"oss://{self.bucket.name}/" + (self.key or "")
        if self.info is not None and self.info.etag:
            text += f"\nETag: {self.info.etag}"
        copy_text(self.app, text, lambda how: self.app.notify(how, title="Path and ETag copied"))

    @on(DetailsFailed)
    def _failed(self, message: DetailsFailed) -> None:
        """Say what went wrong, here and as a notification."""
        text = Text(visible(message.error.one_line()), style="bold")
        self.query_one("#details-body", Static).update(text)
        self.app.notify_error(message.error)

    def action_close(self) -> None:
        """Close the modal."""
        self.workers.cancel_group(self, "details")
        self.dismiss()
