"""Exporters: each format streams rows and reads back to what went in."""

from __future__ import annotations

import csv
import io
import json
import stat
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.export import (
    FORMATS,
    export_rows,
    export_text,
    export_to_file,
    open_exporter,
    parse_format,
)

EXPIRES = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Row:
    bucket: str
    key: str
    version_id: str | None = None
    url: str | None = None
    expires_at: datetime | None = None
    error: str | None = None


ROWS = [
    Row("b", "plain.txt", None, "https://b.example/plain.txt?x=1", EXPIRES),
    Row("b", 'a,"quoted"\nline.txt', "v1", "https://b.example/a%2C?x=2", EXPIRES),
    Row("b", "[md]_*x*(y).txt", None, "https://b.example/(md)?x=3", EXPIRES),
    Row("b", "gone.txt", None, None, None, "NoSuchKey: The specified key does not exist."),
    Row("b", "中文\x1b[31m.txt", None, "https://b.example/%E4%B8%AD?x=4", EXPIRES),
]


def test_csv_round_trip_keeps_failures_with_their_error():
    out = io.StringIO(newline="")
    stats = export_rows(ROWS, "csv", out)
    assert (stats.written, stats.failed) == (5, 1)
    back = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [r["key"] for r in back] == [r.key for r in ROWS]
    assert back[1]["version_id"] == "v1"
    assert back[0]["expires_at"] == "2030-01-02T03:04:05Z"
    assert back[3]["url"] == "" and back[3]["error"].startswith("NoSuchKey")


def test_jsonl_round_trip():
    out = io.StringIO()
    export_rows(ROWS, "json", out)  # alias
    back = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["key"] for r in back] == [r.key for r in ROWS]
    assert back[3] == {"bucket": "b", "key": "gone.txt", "version_id": None, "url": None, "expires_at": None,
                       "error": "NoSuchKey: The specified key does not exist."}
    assert back[0]["url"] == ROWS[0].url


def test_markdown_escapes_names_and_skips_failures():
    out = io.StringIO()
    stats = export_rows(ROWS, "md", out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 4 and stats.failed == 1
    assert lines[0] == "- [plain.txt](https://b.example/plain.txt?x=1)"
    # The newline in a key must not split the list item; brackets and parens must not end the link early.
    assert lines[1].startswith('- [a,"quoted"\\nline.txt](')
    assert lines[2] == "- [\\[md\\]\\_\\*x\\*(y).txt](https://b.example/%28md%29?x=3)"
    assert "\x1b" not in out.getvalue()


def test_url_list_is_urls_only():
    out = io.StringIO()
    export_rows(ROWS, "plain", out)
    assert out.getvalue().splitlines() == [r.url for r in ROWS if r.url]


def test_export_text_for_the_clipboard():
    assert export_text(ROWS[:1], "markdown") == "- [plain.txt](https://b.example/plain.txt?x=1)\n"
    assert export_text(ROWS, "csv").startswith("bucket,key,version_id,url,expires_at,error\r\n")


def test_exporter_streams_row_by_row():
    out = io.StringIO()
    exporter = open_exporter("jsonl", out)
    exporter.write(ROWS[0])
    assert out.getvalue().count("\n") == 1  # already written, before the next row exists
    exporter.write(ROWS[1])
    assert out.getvalue().count("\n") == 2


def test_parse_format():
    names = ("CSV", "ndjson", "markdown", "txt")
    assert [parse_format(f) for f in names] == ["csv", "jsonl", "markdown", "urls"]
    assert FORMATS == ("csv", "jsonl", "markdown", "urls")
    with pytest.raises(InvalidInput, match="unknown export format 'xml'") as err:
        parse_format("xml")
    assert err.value.field == "export"


def test_export_to_file_is_atomic(tmp_path):
    target = tmp_path / "links.csv"
    target.write_text("previous\n")

    def rows():
        yield ROWS[0]
        raise RuntimeError("listing failed")

    with pytest.raises(RuntimeError):
        export_to_file(rows(), "csv", target)
    assert target.read_text() == "previous\n"
    export_to_file(ROWS, "urls", target)
    assert len(target.read_text().splitlines()) == 4
    assert stat.S_IMODE(target.stat().st_mode) & 0o600 == 0o600
