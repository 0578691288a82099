"""`ExportScreen`: after a batch share, export the links (CSV, JSON lines, Markdown, URLs) to a file or the
clipboard."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Static

from oss_share_tui.core.export import export_text, export_to_file
from oss_share_tui.tui.clipboard import copy_text
from oss_share_tui.tui.safe_text import markup_safe, visible
from oss_share_tui.tui.screens.batch_progress import BatchOutcome

FORMATS: tuple[tuple[str, str, str], ...] = (
    ("urls", "Plain URL list", "txt"),
    ("csv", "CSV", "csv"),
    ("jsonl", "JSON lines", "jsonl"),
    ("markdown", "Markdown links", "md"),
)
CLIPBOARD_LIMIT = 1_000_000
"""Characters: terminals cap OSC 52 payloads; a bigger export goes to a file."""


def default_path(ext: str, now: datetime | None = None) -> str:
    """`~/oss-share-links-YYYYMMDD-HHMMSS.EXT` (shown with `~`, expanded when saving)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"~/oss-share-links-{stamp}.{ext}"


class ExportScreen(ModalScreen[None]):
    """Format choice, a file name, and Copy / Save. Failed objects are listed and exported with their error."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; background: $background 60%; }
    ExportScreen #export-box {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: thick $success; background: $panel; padding: 0 1;
    }
    ExportScreen #export-failed { color: $text-warning; height: auto; max-height: 8; }
    ExportScreen RadioSet { width: 100%; layout: horizontal; }
    ExportScreen #export-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ExportScreen #export-buttons > Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save to file", priority=True, id="export.save"),
        Binding("ctrl+y", "copy", "Copy to clipboard", priority=True, id="export.copy"),
        Binding("escape", "close", "Close", id="export.close"),
    ]

    AUTO_FOCUS = "#export-path"
    """The file name first: ctrl+s saves at once, or type another name."""

    def __init__(self, outcome: BatchOutcome) -> None:
        super().__init__()
        self.outcome = outcome
        self.format = FORMATS[0][0]
        self._auto_path = default_path(FORMATS[0][2])
        """The file name we proposed; once the user types another, a format change leaves it alone."""

    def compose(self) -> ComposeResult:
        """Summary, failures, format, file, buttons."""
        outcome = self.outcome
        made = len(outcome.results) - len(outcome.failed)
        with Vertical(id="export-box") as box:
            box.border_title = "Export links"
            summary = f"{made:,} link(s) made"
            if outcome.failed:
                summary += f", {len(outcome.failed):,} failed (exported with their error)"
            if outcome.cancelled:
                summary += " · cancelled part-way"
            if outcome.error:
                summary += f" · stopped: {outcome.error}"
            yield Static(visible(summary), id="export-summary", markup=False)
            if outcome.failed:
                lines = [visible(f"✗ {r.key}: {r.error}") for r in outcome.failed[:6]]
                if len(outcome.failed) > 6:
                    lines.append(f"… and {len(outcome.failed) - 6:,} more")
                yield Static("\n".join(lines), id="export-failed", markup=False)
            yield Label("Format")
            with RadioSet(id="export-format"):
                for i, (name, label, _) in enumerate(FORMATS):
                    yield RadioButton(label, value=i == 0, name=name)
            yield Label("File")
            yield Input(self._auto_path, id="export-path")
            with Horizontal(id="export-buttons"):
                yield Button("Copy (ctrl+y)", id="copy")
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Close (Esc)", id="close")
        yield Footer(show_command_palette=False)

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.format = event.pressed.name or "urls"
        field = self.query_one("#export-path", Input)
        if field.value == self._auto_path:
            ext = next(e for n, _, e in FORMATS if n == self.format)
            self._auto_path = field.value = self._auto_path.rsplit(".", 1)[0] + "." + ext

    def action_copy(self) -> None:
        """The export as text, through the clipboard chain."""
        text = export_text(self.outcome.results, self.format)
        if len(text) > CLIPBOARD_LIMIT:
            self.notify(f"{len(text):,} characters is too much for a terminal clipboard: save to a file.",
                        title="Export", severity="warning")
            return
        copy_text(self, text, lambda message: self.notify(message, title="Export copied", markup=False))

    def action_save(self) -> None:
        """Write the export to the file (atomically), off the event loop."""
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.notify("Give a file name first.", title="Export", severity="warning")
            return
        self._save(Path(raw).expanduser(), self.format)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="export links")
    def _save(self, path: Path, fmt: str) -> None:
        try:
            stats = export_to_file(self.outcome.results, fmt, path)
        except OSError as err:
            self.app.call_from_thread(
                self.notify, markup_safe(f"Cannot write {path}: {err.strerror or err}"),
                title="Export failed", severity="error",
            )
            return
        self.app.call_from_thread(
            self.notify, markup_safe(f"Saved {stats.written:,} row(s) to {visible(str(path))}, readable by "
                                     "you only (mode 0600: each link works for whoever holds it)"),
            title="Export",
        )

    def action_close(self) -> None:
        """Done."""
        self.dismiss(None)

    @on(Button.Pressed, "#copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_close()
