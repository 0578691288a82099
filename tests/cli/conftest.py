"""Helpers for CLI tests: `run` calls `cli.main` in-process and captures what it prints."""

from __future__ import annotations

from tests.helpers import Run, run  # noqa: F401 - the in-process runner fixture, offered here
