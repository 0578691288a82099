"""`HistoryScreen`: every link made, live or expired; search, copy again, sign again, delete."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import datetime, timezone
from typing import ClassVar
from urllib.parse import urlsplit

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from oss_share_tui.core.durations import format_duration
from oss_share_tui.core.grants import grant_parts
from oss_share_tui.storage.history import HistoryEntry, HistoryStore, options_from_history
from oss_share_tui.tui.clipboard import copy_text
from oss_share_tui.tui.safe_text import markup_safe, visible

EntryAction = Callable[[HistoryEntry], object]
MAX_ROWS = 2000
"""Rows in the table at most (newest first); a DataTable of 10,000 rows costs ~0.1 s to fill."""


def state_text(entry: HistoryEntry, now: datetime) -> Text:
    """`live · 14m left` in the success colour, or `expired` dimmed."""
    if entry.is_expired(now):
        return Text("expired", style="dim")
    return Text(f"live · {format_duration(entry.time_left(now).total_seconds())} left", style="green")


def short_key_id(key_id: str) -> str:
    """`LTAI5tLocalOssDemoKey01` -> `LTAI5t…01`: enough to tell keys apart, short enough for a column."""
    return key_id if len(key_id) <= 10 else f"{key_id[:6]}…{key_id[-2:]}"


def summary_of(entry: HistoryEntry) -> str:
    """What the entry's link grants, in one line (searchable): `attachment as a.png · at most 100 KB/s`."""
    try:
        options = options_from_history(entry)
    except (TypeError, ValueError):
        return ""
    parts = grant_parts(options, with_expiry=False, with_signature=False)
    return " · ".join(part for part in parts if part != "latest version")


def query_in_summary(entry: HistoryEntry, query: str) -> bool:
    """True when the search text is in the entry's option summary (e.g. a download name)."""
    needle = query.strip().casefold()
    return bool(needle) and needle in summary_of(entry).casefold()


def local_servers_gone(endpoints: set[str]) -> frozenset[str]:
    """The loopback endpoints (a demo's localoss) among `endpoints` that no longer accept a connection."""
    gone = set()
    for endpoint in endpoints:
        parts = urlsplit(endpoint if "://" in endpoint else f"http://{endpoint}")
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            continue
        try:
            with socket.create_connection((parts.hostname, parts.port or 80), timeout=0.5):
                pass
        except OSError:
            gone.add(endpoint)
    return frozenset(gone)


def _short(when: datetime) -> str:
    """`06-01 18:00` in local time: the year only when it is not this one."""
    if when.year >= 9999:
        return "never"
    local = when.astimezone()
    return f"{local:%m-%d %H:%M}" if local.year == datetime.now().year else f"{local:%Y-%m-%d %H:%M}"


def _local(when: datetime) -> str:
    return "never" if when.year >= 9999 else f"{when.astimezone():%Y-%m-%d %H:%M}"


class HistoryScreen(Screen[None]):
    """The history file as a table, newest first. Keys and URLs are shown as plain text, never markup."""

    DEFAULT_CSS = """
    HistoryScreen #history-search { dock: top; margin: 0 0 1 0; }
    HistoryScreen #history-table { height: 1fr; }
    HistoryScreen #history-status { height: 1; color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="history.back"),
        Binding("slash", "search", "Search", key_display="/", id="history.search"),
        Binding("y", "copy", "Copy again", id="history.copy"),
        Binding("a", "sign_again", "Sign again", id="history.sign_again"),
        Binding("A", "edit_and_sign", "Change & sign", key_display="A", id="history.edit-and-sign"),
        Binding("p", "preview", "Preview", id="history.preview"),
        Binding("d,delete", "delete", "Delete", key_display="d", id="history.delete"),
        Binding("r", "reload", "Reload", show=False, id="history.reload"),
    ]

    def __init__(
        self,
        store: HistoryStore,
        *,
        on_sign_again: EntryAction | None = None,
        on_copy: EntryAction | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.on_sign_again = on_sign_again
        """Called with the entry; it signs with `options_from_history(entry)` and records the new link."""
        self.on_copy = on_copy
        """Called with the entry instead of the clipboard chain (tests, or an app-wide copy)."""
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self._all: list[HistoryEntry] = []
        """Every entry, oldest first, as last read from the file."""
        self.shown: list[HistoryEntry] = []
        self._gone: frozenset[str] = frozenset()
        """Endpoints on this machine (a demo's localoss) that no longer answer."""

    def compose(self) -> ComposeResult:
        """Search box, table, status line, footer."""
        yield Input(placeholder="Search object, version, options (e.g. a download name), endpoint or key id",
                    id="history-search")
        table: DataTable[str | Text] = DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        # Short columns first: a long key (or option summary) runs off the right edge, never "Signed by".
        table.add_columns("State", "Made", "Expires", "Sig", "Signed by", "Object", "Options")
        yield table
        yield Static("", id="history-status", markup=False)
        yield Footer()

    @property
    def table(self) -> DataTable[str | Text]:
        """The entries table."""
        return self.query_one("#history-table", DataTable)

    def on_mount(self) -> None:
        """Load the entries; refresh live/expired state each minute while open."""
        self.load()
        self.table.focus()
        self.set_interval(60, self.show)  # live/expired states move with the clock

    def on_screen_resume(self) -> None:
        """Back from a result view (e.g. after signing again): show what was added meanwhile."""
        self.load()

    def load(self) -> None:
        """Re-read the file in a thread worker (a full history takes ~0.3 s to parse), then show it."""
        self._read()

    @work(thread=True, exclusive=True, group="history-read", exit_on_error=False, description="read history")
    def _read(self, delete: HistoryEntry | None = None) -> None:
        """Read (after deleting `delete`, when given) and hand the entries to the event loop."""
        try:
            if delete is not None:
                self.store.delete(delete.id)
                self.app.call_from_thread(
                    self.notify,
                    markup_safe(f"Removed oss://{delete.bucket}/{delete.key}; a live link works until it expires."),
                    title="History",
                )
            entries = self.store.entries()
            gone = local_servers_gone({e.endpoint for e in entries if not e.is_expired(self.clock())})
        except OSError as err:
            self.app.call_from_thread(
                self.notify, markup_safe(f"Cannot use the history file: {err}"), title="History", severity="error"
            )
            return
        self.app.call_from_thread(self._loaded, entries, gone)

    def _loaded(self, entries: list[HistoryEntry], gone: frozenset[str] = frozenset()) -> None:
        self._all = entries
        self._gone = gone
        self.show()

    def show(self) -> None:
        """Show the entries matching the search, newest first (no file access: searching stays instant)."""
        query = self.query_one("#history-search", Input).value
        matching = [e for e in reversed(self._all) if e.matches(query) or query_in_summary(e, query)]
        self.shown = matching[:MAX_ROWS]
        now = self.clock()
        table = self.table
        row = table.cursor_row
        table.clear()
        for entry in self.shown:
            where = f"oss://{entry.bucket}/{entry.key}"
            if entry.version_id:
                where += f" @{entry.version_id}"
            gone = entry.endpoint in self._gone and not entry.is_expired(now)
            table.add_row(
                Text("demo server gone", style="dim") if gone else state_text(entry, now),
                _short(entry.created_at),
                _short(entry.expires_at),
                entry.signature_version.upper(),
                Text(visible(short_key_id(entry.access_key_id))),
                Text(visible(where)),
                Text(visible(summary_of(entry))),
                key=entry.id,
            )
        if self.shown:
            table.move_cursor(row=min(max(row, 0), len(self.shown) - 1))
        live = sum(1 for e in matching if not e.is_expired(now))
        note = "history is off (--no-history)" if not self.store.enabled else str(self.store.path)
        more = f" (newest {MAX_ROWS:,} shown: search to narrow)" if len(matching) > MAX_ROWS else ""
        self.query_one("#history-status", Static).update(
            f"{len(matching):,} link(s), {live:,} live{more} · {note}" if matching else f"No links yet · {note}"
        )

    @property
    def current(self) -> HistoryEntry | None:
        """The entry under the cursor."""
        if not self.shown or self.table.cursor_row < 0:
            return None
        return self.shown[min(self.table.cursor_row, len(self.shown) - 1)]

    @on(Input.Changed, "#history-search")
    def _search_changed(self) -> None:
        self.show()

    @on(Input.Submitted, "#history-search")
    def _search_done(self) -> None:
        self.table.focus()

    def action_search(self) -> None:
        """Focus the search box."""
        self.query_one("#history-search", Input).focus()

    def action_back(self) -> None:
        """Leave the search box, else leave the screen."""
        search = self.query_one("#history-search", Input)
        if search.has_focus:
            self.table.focus()
        else:
            self.dismiss(None)

    def action_reload(self) -> None:
        """Re-read the history file (another process may have added links)."""
        self.load()

    def action_copy(self) -> None:
        """Copy the entry's URL again; an expired one asks first (its recipient would only get an error)."""
        entry = self.current
        if entry is None:
            return
        if not entry.is_expired(self.clock()):
            self._copy(entry)
            return
        from oss_share_tui.tui.screens.confirm import ConfirmScreen

        def answered(copy: bool | None) -> None:
            if copy:
                self._copy(entry)

        question = (f"This link expired at {_local(entry.expires_at)}: it only gives an AccessDenied error "
                    "now. Copy it anyway? (a signs it again, A changes its options first)")
        self.app.push_screen(ConfirmScreen(question, yes="Copy anyway", no="Don't copy"), answered)

    def _copy(self, entry: HistoryEntry) -> None:
        if self.on_copy is not None:
            self.on_copy(entry)
        else:
            copy_text(self, entry.url)

    def action_edit_and_sign(self) -> None:
        """The share form prefilled with the entry's options: change the duration or anything, then sign."""
        entry = self.current
        if entry is None:
            return
        from oss_share_tui.tui import flows

        flows.edit_from_history(self.app, entry)  # type: ignore[arg-type]

    def action_preview(self) -> None:
        """Preview the entry's object (its version, when the link named one) as it is stored now."""
        entry = self.current
        if entry is None:
            return
        from oss_share_tui.core.models import Bucket
        from oss_share_tui.tui.screens.preview import PreviewScreen

        find = getattr(self.app, "find_bucket", None)
        bucket = (find(entry.bucket) if find else None) or Bucket(
            name=entry.bucket, region=entry.region, extranet_endpoint=entry.endpoint)
        self.app.push_screen(PreviewScreen(bucket, entry.key, entry.version_id))

    def action_sign_again(self) -> None:
        """Sign the same object with the same options: a new link with a new expiry."""
        entry = self.current
        if entry is None:
            return
        if self.on_sign_again is None:
            self.notify("Signing again is not available here.", title="History", severity="warning")
            return
        self.on_sign_again(entry)
        self.load()

    def action_delete(self) -> None:
        """Remove the entry from the history (the link itself keeps working until it expires)."""
        entry = self.current
        if entry is None:
            return
        self._read(entry)
