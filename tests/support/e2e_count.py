"""Counts the real-terminal tests that ran (not skipped), prints it, and writes it where CI asks.

`.ci/run` sets OSS_SHARE_E2E_COUNT_FILE and fails when the count is 0: the e2e tests are part of the contract,
so a machine without tmux must not pass CI with them silently skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

COUNT_FILE_ENV = "OSS_SHARE_E2E_COUNT_FILE"
_counts = {"ran": 0, "passed": 0, "skipped": 0}


def _is_e2e(report: pytest.TestReport) -> bool:
    return "/e2e/" in "/" + report.nodeid.split("::")[0]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Tally e2e test outcomes: a test ran when its call phase ran; skipped ones skip at setup."""
    if not _is_e2e(report):
        return
    if report.when == "call":
        _counts["ran"] += 1
        _counts["passed"] += int(report.passed)
    elif report.skipped:
        _counts["skipped"] += 1


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest's TerminalReporter
    """One line with the e2e count, and the count in OSS_SHARE_E2E_COUNT_FILE when set (by the xdist
    controller, which receives every worker's reports, or by a plain run; never by a worker)."""
    if hasattr(terminalreporter.config, "workerinput"):
        return
    line = f"e2e (real terminal, tmux): {_counts['ran']} ran, {_counts['passed']} passed, " \
           f"{_counts['skipped']} skipped"
    terminalreporter.write_line(line)
    target = os.environ.get(COUNT_FILE_ENV)
    if target:
        Path(target).write_text(f"{_counts['ran']}\n", encoding="utf-8")
