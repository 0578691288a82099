"""The README's screenshots come from scripts/screenshots.py: it must keep running, on demo data only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_SECRET

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = {
    "buckets": "demo-assets",
    "folder": "banner.png",
    "preview-image": "▀",
    "preview-text": "retries",
    "versions": "notes.txt",
    "share-form": "Create",
    "result": "x-oss-signature",
    "result-qr": "Esc",
    "history": "notes.txt",
    "deleted": "deleted.txt",
    "help": "oss-share keys",
}


def test_the_screenshot_script_makes_every_picture(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OSS_")}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--output", str(tmp_path), "--no-png"],
        capture_output=True, text=True, env=env, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    made = sorted(p.stem for p in tmp_path.glob("*.svg"))
    assert made == sorted(EXPECTED)
    for name, needle in EXPECTED.items():
        svg = (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and needle.replace(" ", "&#160;") in svg.replace(" ", "&#160;"), name
        assert DEMO_ACCESS_KEY_SECRET not in svg
    # The committed pictures are the same set (the README shows them).
    assert sorted(p.stem for p in (ROOT / "screenshots").glob("*.svg")) == sorted(EXPECTED)
