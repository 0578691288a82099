"""`oss-share demo` as a real process in a real terminal (tmux): it starts its own localoss on loopback, shows
the bucket list, and quits cleanly with q (exit 0, the shell back)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (needed for e2e)")


def _oss_share() -> list[str]:
    script = Path(sys.executable).with_name("oss-share")
    return [str(script)] if script.exists() else [sys.executable, "-m", "oss_share_tui"]


def test_demo_shows_the_bucket_list_and_quits_cleanly(tmp_path) -> None:
    from tests.support.tmux_term import TmuxTerminal

    (tmp_path / "home").mkdir(exist_ok=True)  # the suite may have made it already
    env = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "TERM": "xterm-256color", "PS1": "READY$ ", "PATH": os.environ.get("PATH", "")}
    with TmuxTerminal(100, 30) as term:
        term.start(["env", "-i", *(f"{k}={v}" for k, v in env.items()), "bash", "--norc", "--noprofile"])
        term.wait_for("READY$")
        term.send(" ".join(_oss_share()) + " demo; echo EXIT=$?", "Enter")
        for name in ("demo-assets", "demo-versions", "demo-shanghai"):
            term.wait_for(name, timeout=60)
        # the place bar marks the demo and shows the loopback server it started
        assert "DEMO" in term.screen() and "http://127.0.0.1:" in term.screen()
        term.send("q")
        term.wait_for("EXIT=0", timeout=60)
        screen = term.screen()
        assert "Traceback" not in screen
        assert "demo-assets" not in screen  # the app's screen is gone, the shell is back
