"""Helpers for the tests that bite: `run` oss-share in-process and read what a signed URL carries."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from tests.helpers import Run, run  # noqa: F401 - the in-process runner fixture, offered here


def url_query(url: str) -> dict[str, str]:
    """The query parameters of a URL, decoded (read with the standard library, not our parsers)."""
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
