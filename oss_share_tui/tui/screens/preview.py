"""`PreviewScreen` (`p`): the object under the cursor as an image, as text, or as its metadata; Esc closes
(and cancels a preview still loading). The fetch runs in a thread worker, capped; nothing goes to disk.

Given `url` (the share form's signed link), it previews what that link serves instead, as its recipient gets
it: a signature, expiry or processing mistake shows as OSS's error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket
from oss_share_tui.core.preview import Protocol, thumbnail_box
from oss_share_tui.tui.gc_freeze import freeze_survivors
from oss_share_tui.tui.safe_text import visible
from oss_share_tui.tui.widgets import preview_image

SERVED_HEADERS = (("content-type", "Content-Type"), ("content-disposition", "Content-Disposition"))
"""The response headers the recipient's browser acts on, shown for a link's preview."""


def served_headers(preview: Preview) -> str:
    """`Content-Type: image/jpeg · Content-Disposition: attachment; …` as the link answered."""
    parts = [f"{name}: {preview.headers[key]}" for key, name in SERVED_HEADERS if key in preview.headers]
    return " · ".join(parts) or "No Content-Type or Content-Disposition in the answer"

if TYPE_CHECKING:
    from oss_share_tui.storage.preview_fetch import Preview
    from oss_share_tui.tui.app import OssShareApp


@dataclass
class PreviewReady(Message):
    """The worker has the preview (and, for text, its highlighted lines)."""

    preview: Preview
    lines: list[Text] | None
    """For text: its lines, made inert and highlighted."""
    drawn: Any = None
    """For a half-block image: its segments, rendered in the worker."""


@dataclass
class PreviewFailed(Message):
    """The preview could not be made (OSS or network error)."""

    error: RemoteError


class PreviewScreen(ModalScreen[None]):
    """A preview of one object (version): image, text or metadata."""

    app: OssShareApp

    DEFAULT_CSS = """
    PreviewScreen {
        align: center middle;
        background: $background 60%;
    }
    #preview-box {
        width: 100%;
        max-width: 160;
        height: 1fr;
        border: round $primary;
        background: $panel;
        padding: 0 1;
    }
    #preview-title {
        text-style: bold;
        height: 1;
    }
    #preview-summary, #preview-headers {
        color: $text-muted;
        height: 1;
    }
    #preview-body {
        height: 1fr;
    }
    #preview-scroll {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "close", "Close", key_display="esc", id="preview.close"),
    ]

    def __init__(self, bucket: Bucket, key: str, version_id: str | None = None, *,
                 url: str | None = None) -> None:
        super().__init__()
        self.bucket = bucket
        self.key = key
        self.version_id = version_id
        self.url = url
        """A signed link to preview as its recipient gets it (None: sign our own, thumbnail included)."""
        self.protocol: Protocol = preview_image.protocol()
        self.preview: Preview | None = None
        """The preview shown, once loaded."""
        self.error: RemoteError | None = None
        """Why there is no preview, when it failed."""

    def compose(self) -> ComposeResult:
        """Title, a one-line summary, the scrollable body and the footer."""
        place = f"oss://{self.bucket.name}/{self.key}"
        if self.version_id:
            place += f" · version {self.version_id}"
        if self.url is not None:
            place = f"What the recipient gets: {place}"
        with Vertical(id="preview-box"):
            yield Static(Text(visible(place), no_wrap=True, overflow="ellipsis"), id="preview-title")
            yield Static("Loading… (Esc cancels)", id="preview-summary")
            if self.url is not None:
                yield Static("", id="preview-headers")
            with Vertical(id="preview-body"), VerticalScroll(id="preview-scroll"):
                yield Static("", id="preview-content")
        yield Footer()

    def on_mount(self) -> None:
        """Start after the first layout, when the body's size (the thumbnail's box) is known."""
        # What is alive now (the app, its screens, a big listing's rows) leaves the cyclic collector's reach,
        # as the listing does for its pages: otherwise the preview's allocations trigger a full collection
        # of the whole heap on the event loop (80-130 ms, seen with gc.callbacks in bench_preview.py).
        freeze_survivors()
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        body = self.query_one("#preview-body")
        cols, rows = max(1, body.content_size.width), max(1, body.content_size.height)
        self._fetch(cols, rows)

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False, description="preview")
    def _fetch(self, cols: int, rows: int) -> None:
        """Thread worker: HEAD, then the capped GET, the decoding and the highlighting."""
        from oss_share_tui.storage.preview_fetch import PreviewCancelled, fetch_preview, preview_object
        from oss_share_tui.tui.share_request import bucket_endpoint
        from oss_share_tui.tui.widgets.preview_views import highlighted_lines

        worker = get_current_worker()
        app = self.app
        try:
            cell = preview_image.cell_pixels()  # imports textual-image (and Pillow) here, off the event loop
            box = thumbnail_box(cols, rows, self.protocol, cell)
            if self.url is not None:
                preview = fetch_preview(self.url, box=box, key=self.key,
                                        cancelled=lambda: worker.is_cancelled)
            else:
                preview = preview_object(app.profile, app.gateway, self.bucket, self.key, self.version_id,
                                         box=box, endpoint=bucket_endpoint(app.profile, self.bucket),
                                         cancelled=lambda: worker.is_cancelled)
            lines = highlighted_lines(self.key, preview.text) if preview.kind == "text" else None
            drawn = None if preview.image is None else preview_image.prerender(preview.image, self.protocol)
        except PreviewCancelled:
            return
        except RemoteError as error:
            if not worker.is_cancelled:
                self.post_message(PreviewFailed(error))
            return
        except Exception as exc:  # noqa: BLE001 - a preview that breaks says so instead of loading for ever
            if not worker.is_cancelled:
                problem = RemoteError(f"{type(exc).__name__}: {exc}", code="PreviewError")
                self.post_message(PreviewFailed(problem))
            return
        if not worker.is_cancelled:
            self.post_message(PreviewReady(preview, lines, drawn))

    @on(PreviewReady)
    def _ready(self, message: PreviewReady) -> None:
        from oss_share_tui.tui.widgets.preview_views import metadata_view, summary

        preview = self.preview = message.preview
        self.query_one("#preview-summary", Static).update(Text(visible(summary(preview)), no_wrap=True,
                                                               overflow="ellipsis"))
        content = self.query_one("#preview-content", Static)
        if self.url is not None:
            self.query_one("#preview-headers", Static).update(Text(visible(served_headers(preview)),
                                                                   no_wrap=True, overflow="ellipsis"))
        if preview.kind == "image" and preview.image is not None:
            self.query_one("#preview-scroll").display = False
            widget = preview_image.image_widget(preview.image, self.protocol, id="preview-image",
                                                prerendered=message.drawn)
            self.query_one("#preview-body").mount(widget)
        elif preview.kind == "text" and preview.text and message.lines is not None:
            from oss_share_tui.tui.widgets.text_lines import TextLines

            self.query_one("#preview-scroll").display = False
            view = TextLines(message.lines, id="preview-text")
            self.query_one("#preview-body").mount(view)
            view.focus()
        elif preview.kind == "text":
            content.update(Text(visible(preview.note or "The object is empty."), style="italic"))
        else:
            content.update(metadata_view(preview))

    @on(PreviewFailed)
    def _failed(self, message: PreviewFailed) -> None:
        error = self.error = message.error
        failed = "The link fails" if self.url is not None else "Could not preview"
        self.query_one("#preview-summary", Static).update(Text(failed, style="bold"))
        self.query_one("#preview-content", Static).update(Text(visible(error.one_line())))

    def action_close(self) -> None:
        """Close; a preview still loading is cancelled (its worker stops at the next chunk)."""
        self.workers.cancel_group(self, "preview")
        self.dismiss()
