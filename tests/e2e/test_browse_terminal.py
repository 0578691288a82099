"""Real-terminal browsing (tmux): `oss-share demo oss://big/logs/`, `/` on the 100,000-object folder, one `G`
to the last row, and `D` in demo-versions showing the deleted object and its versions."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator

import pytest

from tests.support.tmux_term import TmuxTerminal, shell_terminal
from tests.support.tmux_term import oss_share_command as _oss_share

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (needed for e2e)")


@pytest.fixture
def term(request, tmp_path) -> Iterator[TmuxTerminal]:
    """A terminal of the size the test asks for (one size each keeps the suite quick), running an interactive
    bash with no OSS settings (the demo brings its own)."""
    width, height = request.param
    with shell_terminal(width, height, tmp_path / "home") as t:
        yield t


def _quit(term: TmuxTerminal) -> None:
    term.send("q")
    term.wait_for("READY$", timeout=20)


@pytest.mark.parametrize("term", [(80, 24)], indirect=True, ids=["80x24"])
def test_substring_filter_then_one_G_to_the_end_of_the_demo_folder(term) -> None:
    term.send(f"{_oss_share()} demo oss://big/logs/ --no-history", "Enter")
    term.wait_for("part-000000.log", timeout=30)
    term.wait_for("1,000 loaded")
    term.send("/")
    time.sleep(0.2)
    term.send("0777")  # part of a name, not its start
    term.wait_for("part-000777.log")
    term.wait_for("(1 shown)")
    screen = term.screen()
    assert "part-000000.log" not in screen
    term.send("Escape")
    term.wait_for("part-000776.log")  # the whole listing again, the cursor still on part-000777.log
    term.send("G")  # one press: every page, then the last row
    term.wait_for("part-099999.log", timeout=120)
    term.wait_for("100,000 loaded")
    assert "all loaded" in term.screen()
    _quit(term)


@pytest.mark.parametrize("term", [(120, 36)], indirect=True, ids=["120x36"])
def test_D_shows_the_deleted_object_and_its_versions(term) -> None:
    term.send(f"{_oss_share()} demo oss://demo-versions/ --no-history", "Enter")
    term.wait_for("notes.txt", timeout=30)
    term.wait_for("D shows deleted")
    assert "deleted.txt" not in term.screen()
    term.send("D")
    term.wait_for("deleted.txt")
    term.wait_for("✕ deleted")
    term.send("Down", "Enter")  # config.json, then deleted.txt
    term.wait_for("deleted.txt · versions")
    term.wait_for("delete marker")
    _quit(term)
