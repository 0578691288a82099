"""Helpers for CLI tests: run `cli.main` in-process and capture what it prints."""

from __future__ import annotations

from dataclasses import dataclass

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
