"""The import-linter contracts in pyproject.toml ([tool.importlinter]) hold: layers, localoss's independence,
and the forbidden imports (core: no third party; localoss: no oss2; the script commands: no Textual; the TUI:
no CLI, no localoss)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports() -> list[str]:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    return [exe, "--config", str(ROOT / "pyproject.toml"), "--no-cache"]


def test_import_contracts_are_kept() -> None:
    proc = subprocess.run(_lint_imports(), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout
    # every contract ran (a contract that silently vanished would keep nothing)
    assert proc.stdout.count(" KEPT") == 6
