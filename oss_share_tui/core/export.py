"""Streaming exporters for batch share results: CSV, JSON lines, Markdown links and a plain URL list."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol, TextIO, cast

from .atomic import atomic_writer
from .errors import InvalidInput
from .printable import json_line

__all__ = [
    "FORMATS",
    "ExportRow",
    "ExportStats",
    "Exporter",
    "export_rows",
    "export_text",
    "export_to_file",
    "open_exporter",
    "parse_format",
]

FORMATS: tuple[str, ...] = ("csv", "jsonl", "markdown", "urls")
"""Canonical format names, as `--export` accepts them."""

_ALIASES = {
    "csv": "csv",
    "jsonl": "jsonl",
    "json": "jsonl",
    "ndjson": "jsonl",
    "markdown": "markdown",
    "md": "markdown",
    "urls": "urls",
    "url": "urls",
    "plain": "urls",
    "txt": "urls",
    "text": "urls",
}

CSV_COLUMNS: tuple[str, ...] = ("bucket", "key", "version_id", "url", "expires_at", "error")


class ExportRow(Protocol):
    """What an exporter needs from one batch result (storage.batch.BatchResult fits)."""

    @property
    def bucket(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def version_id(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def expires_at(self) -> datetime | None: ...
    @property
    def error(self) -> str | None: ...


@dataclass
class ExportStats:
    """How many rows an exporter wrote, and how many of them were failures."""

    written: int = 0
    failed: int = 0


def parse_format(name: str) -> str:
    """Map a user-given format name (or alias such as `md`, `json`, `plain`) to its canonical name."""
    fmt = _ALIASES.get(name.strip().lower())
    if fmt is None:
        raise InvalidInput(f"unknown export format {name!r}; use one of: {', '.join(FORMATS)}", "export")
    return fmt


def _iso(value: datetime | None) -> str:
    """ISO 8601 in UTC with a `Z`, the form `sign --json` prints."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


class Exporter:
    """Base: write rows one at a time to a text stream; `close()` writes any footer (none so far)."""

    skips_failures = False
    """Formats that only carry links (Markdown, URL list) leave failed rows out."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.stats = ExportStats()

    def write(self, row: ExportRow) -> None:
        """Write one row (a failed row is counted, and written only where the format can say why)."""
        failed = row.url is None
        if failed:
            self.stats.failed += 1
            if self.skips_failures:
                return
        self._write(row)
        self.stats.written += 1

    def _write(self, row: ExportRow) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Flush what was written."""
        self.stream.flush()


class CsvExporter(Exporter):
    """RFC 4180 CSV with a header; failures keep their row with an empty url and the error text."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self._csv = csv.writer(stream, lineterminator="\r\n")
        self._csv.writerow(CSV_COLUMNS)

    def _write(self, row: ExportRow) -> None:
        self._csv.writerow(
            [row.bucket, row.key, row.version_id or "", row.url or "", _iso(row.expires_at), row.error or ""]
        )


class JsonLinesExporter(Exporter):
    """One JSON object per line; `url` is null and `error` set for a failure."""

    def _write(self, row: ExportRow) -> None:
        obj = {
            "bucket": row.bucket,
            "key": row.key,
            "version_id": row.version_id or None,
            "url": row.url,
            "expires_at": _iso(row.expires_at) or None,
            "error": row.error or None,
        }
        self.stream.write(json_line(obj) + "\n")


_MD_TEXT_ESCAPES = str.maketrans({c: "\\" + c for c in "\\[]*_`<>"})
# These can end a Markdown link destination early; their %-encodings mean the same to OSS.
_MD_URL_ESCAPES = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})


def _visible(text: str) -> str:
    """Control characters as escapes, so a key can never break a line or send a terminal sequence."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class MarkdownExporter(Exporter):
    """A Markdown list, one `- [key](url)` per line; failures are left out."""

    skips_failures = True

    def _write(self, row: ExportRow) -> None:
        # Escape first, so the backslash of a made-visible control character is not escaped again.
        text = _visible(row.key.translate(_MD_TEXT_ESCAPES))
        url = (row.url or "").translate(_MD_URL_ESCAPES)
        self.stream.write(f"- [{text}]({url})\n")


class UrlListExporter(Exporter):
    """One URL per line and nothing else, for `xargs` and friends; failures are left out."""

    skips_failures = True

    def _write(self, row: ExportRow) -> None:
        self.stream.write(f"{row.url}\n")


_EXPORTERS: dict[str, type[Exporter]] = {
    "csv": CsvExporter,
    "jsonl": JsonLinesExporter,
    "markdown": MarkdownExporter,
    "urls": UrlListExporter,
}


def open_exporter(fmt: str, stream: TextIO) -> Exporter:
    """An exporter for `fmt` (any accepted alias) writing to `stream`; CSV writes its header now."""
    return _EXPORTERS[parse_format(fmt)](stream)


def export_rows(rows: Iterable[ExportRow], fmt: str, stream: TextIO) -> ExportStats:
    """Stream `rows` to `stream` in `fmt`, one row at a time, and return the counts."""
    exporter = open_exporter(fmt, stream)
    for row in rows:
        exporter.write(row)
    exporter.close()
    return exporter.stats


def export_text(rows: Iterable[ExportRow], fmt: str) -> str:
    """The whole export as one string, for the clipboard (small batches; files stream instead)."""
    buffer = io.StringIO(newline="")
    export_rows(rows, fmt, buffer)
    return buffer.getvalue()


EXPORT_MODE = 0o600
"""Every line of an export is a bearer token: the file is readable by its owner only, like the history."""


def export_to_file(rows: Iterable[ExportRow], fmt: str, path: str | os.PathLike[str]) -> ExportStats:
    """Stream `rows` into `path` (mode 0600), replacing it atomically only once every row is written."""
    fmt = parse_format(fmt)
    with atomic_writer(path, mode=EXPORT_MODE, text=True, newline="") as stream:
        return export_rows(rows, fmt, cast(TextIO, stream))
