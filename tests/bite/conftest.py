"""Helpers for the tests that bite: run `oss-share` in-process and read what a signed URL carries."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import pytest

from oss_share_tui import cli


@dataclass
class Run:
    """One finished in-process run of `oss-share`."""

    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    """Call `run(*argv)` to run oss-share in-process."""

    def _run(*argv: str) -> Run:
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return _run


def url_query(url: str) -> dict[str, str]:
    """The query parameters of a URL, decoded (read with the standard library, not our parsers)."""
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
