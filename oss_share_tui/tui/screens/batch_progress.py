"""`BatchProgressScreen`: runs a batch share in a thread worker with a progress bar; Esc cancels."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from oss_share_tui.core.errors import OssShareError
from oss_share_tui.storage.batch import BatchResult, ProgressCallback
from oss_share_tui.tui.safe_text import markup_safe, visible

BatchRun = Callable[[ProgressCallback], Iterator[BatchResult]]
"""Starts the batch: e.g. `lambda progress: sign_many(profile, targets, options, on_progress=progress)`."""

UPDATE_EVERY = 0.1
"""Seconds between screen updates: a 100,000-object batch must not flood the event loop with messages."""


@dataclass
class BatchOutcome:
    """What the batch produced: every result in order, whether it was cancelled, and a batch-wide error."""

    results: list[BatchResult] = field(default_factory=list)
    cancelled: bool = False
    error: str | None = None

    @property
    def failed(self) -> list[BatchResult]:
        """The results without a link."""
        return [r for r in self.results if not r.ok]


class BatchProgressScreen(ModalScreen[BatchOutcome]):
    """Shows `done / total`, failures so far and the current key; dismisses with a BatchOutcome."""

    DEFAULT_CSS = """
    BatchProgressScreen { align: center middle; background: $background 60%; }
    #batch-box {
        width: 80; max-width: 96%; height: auto; padding: 1 2;
        border: thick $primary; background: $panel;
    }
    #batch-current { color: $text-muted; height: 1; }
    #batch-failed { color: $error; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="batch.cancel"),
    ]

    def __init__(self, run: BatchRun, *, total: int | None = None, title: str = "Sharing") -> None:
        super().__init__()
        self.batch_run = run
        self.total = total
        self.title_text = title
        self.outcome = BatchOutcome()
        self._last_update = 0.0

    def compose(self) -> ComposeResult:
        """Title, bar, counts, current key."""
        with Vertical(id="batch-box") as box:
            box.border_title = self.title_text
            yield ProgressBar(total=self.total, show_eta=True, id="batch-bar")
            yield Label("Starting…", id="batch-counts")
            yield Static("", id="batch-current", markup=False)
            yield Static("", id="batch-failed", markup=False)

    def on_mount(self) -> None:
        """Start the batch."""
        self._work()

    @work(thread=True, exclusive=True, exit_on_error=False, group="batch", description="batch share")
    def _work(self) -> None:
        worker = get_current_worker()
        outcome = self.outcome
        total: list[int | None] = [self.total]

        def progress(done: int, known_total: int | None) -> None:
            total[0] = known_total if known_total is not None else total[0]

        results = self.batch_run(progress)
        try:
            for result in results:
                if worker.is_cancelled:
                    break  # the screen is gone and its outcome handed over: add nothing more
                outcome.results.append(result)
                now = time.monotonic()
                if now - self._last_update >= UPDATE_EVERY:
                    self._last_update = now
                    self.app.call_from_thread(self._show, len(outcome.results), total[0], result)
        except OssShareError as err:
            outcome.error = str(err)
        except Exception as err:  # noqa: BLE001 - the screen must close and say why, whatever went wrong
            outcome.error = f"{type(err).__name__}: {err}"
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()  # stops listing and HEAD threads at once on cancel

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Close once the batch worker has really ended: dismissing from inside it would cancel it mid-exit."""
        if event.worker.group == "batch" and event.state == WorkerState.SUCCESS and not self.outcome.cancelled:
            self._finish()

    def _show(self, done: int, total: int | None, last: BatchResult) -> None:
        bar = self.query_one("#batch-bar", ProgressBar)
        bar.update(total=total, progress=done)
        failed = len(self.outcome.failed)
        of = f" of {total:,}" if total is not None else ""
        self.query_one("#batch-counts", Label).update(
            f"{done:,}{of} done" + (f", {failed:,} failed" if failed else "")
        )
        self.query_one("#batch-current", Static).update(visible(f"oss://{last.bucket}/{last.key}"))
        if not last.ok:
            self.query_one("#batch-failed", Static).update(visible(f"{last.key}: {last.error}"))

    def _finish(self) -> None:
        """Close with the outcome, saying how it went."""
        outcome = self.outcome
        if outcome.error:
            self.notify(markup_safe(outcome.error), title="Batch stopped", severity="error")
        elif outcome.failed:
            self.notify(
                markup_safe(f"{len(outcome.results) - len(outcome.failed):,} links made, "
                            f"{len(outcome.failed):,} failed (first: {outcome.failed[0].key})"),
                title="Batch share", severity="warning",
            )
        self.dismiss(outcome)

    def action_cancel(self) -> None:
        """Stop the batch; what was made so far is kept."""
        self.outcome.cancelled = True
        self.workers.cancel_group(self, "batch")
        self.dismiss(self.outcome)
