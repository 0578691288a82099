"""The benchmark script keeps working: `benchmarks/run.py --smoke` runs every group and writes its table.

No timing is asserted (machines are noisy); the budgets are checked by the full run, not by tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GROUPS = {
    "sign": "one-shot `oss-share sign`",
    "inprocess": "in-process signing",
    "startup": "first frame of `oss-share`",
    "listing": "listing 3,000 objects",
    "browse": "browse 3,000 objects",
    "batch": "batch `sign --recursive`",
    "preview": "preview 64 KiB Python text",
}


def test_smoke_run_writes_a_row_for_every_group(tmp_path: Path) -> None:
    output = tmp_path / "B.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OSS_")}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--output", str(output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = output.read_text(encoding="utf-8")
    assert "Groups that failed to run" not in table, table
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| what")]
    expected = {name: text for name, text in GROUPS.items() if name != "startup" or shutil.which("tmux")}
    for name, text in expected.items():
        assert any(text in row for row in rows), f"no {name} row in:\n{table}"
    assert all(row.count("|") == 8 for row in rows), table
    assert any("one-shot `oss-share presign`" in row for row in rows), table  # ossutil 2.0's command too
