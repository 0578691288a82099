"""`oss-share demo` as a real process in a real terminal (tmux): it starts its own localoss on loopback, shows
the bucket list, and quits cleanly with q (exit 0, the shell back)."""

from __future__ import annotations

import shutil

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (needed for e2e)")


def test_demo_shows_the_bucket_list_and_quits_cleanly(tmp_path) -> None:
    from tests.support.tmux_term import oss_share_command, shell_terminal

    with shell_terminal(100, 30, tmp_path / "home") as term:
        term.send(oss_share_command() + " demo; echo EXIT=$?", "Enter")
        for name in ("demo-assets", "demo-versions", "demo-shanghai"):
            term.wait_for(name, timeout=60)
        # the place bar marks the demo and shows the loopback server it started
        assert "DEMO" in term.screen() and "http://127.0.0.1:" in term.screen()
        term.send("q")
        term.wait_for("EXIT=0", timeout=60)
        screen = term.screen()
        assert "Traceback" not in screen
        assert "demo-assets" not in screen  # the app's screen is gone, the shell is back
