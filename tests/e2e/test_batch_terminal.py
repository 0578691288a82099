"""Real-terminal end to end at 80x24 (tmux): mark two objects, share them as attachments, export the links,
and fetch each one: every link carries its own file name. `--print-last` hands the last link to the shell."""

from __future__ import annotations

import os
import shutil
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import pytest

from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.localoss.server import LocalOSS
from tests.support.tmux_term import TmuxTerminal, shell_terminal
from tests.support.tmux_term import oss_share_command as _oss_share

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (needed for e2e)")


@pytest.fixture(scope="module")
def server() -> Iterator[LocalOSS]:
    with LocalOSS(seed="demo", big_objects=0) as srv:
        yield srv


@pytest.fixture
def small_term(server, tmp_path) -> Iterator[TmuxTerminal]:
    """An 80×24 terminal running bash with credentials for the server."""
    creds = {"OSS_ACCESS_KEY_ID": DEMO_ACCESS_KEY_ID, "OSS_ACCESS_KEY_SECRET": DEMO_ACCESS_KEY_SECRET,
             "OSS_ENDPOINT": server.endpoint}
    with shell_terminal(80, 24, tmp_path / "home", creds) as t:
        yield t


def _disposition(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback localoss
        assert resp.status == 200
        resp.read()
        return resp.headers.get("Content-Disposition", "")


def test_batch_of_two_as_attachments_at_80x24(small_term, server, tmp_path):
    term = small_term
    last = tmp_path / "last.txt"
    term.send(f"{_oss_share()} --print-last 'oss://demo-assets/odd names/' > {last}; echo EXIT=$?", "Enter")
    term.wait_for("hello world.txt")
    # Rows in byte order: #hash.txt, 100%.txt, a+b.txt, hello world.txt, …; space marks and moves down.
    term.send("g", "Down", "Down", "Space", "Space")
    term.send("S")
    term.wait_for("Share 2 marked objects")
    term.send("Tab", "Tab", "Tab")  # expiry row -> custom field -> version -> the download row
    term.send("Right", "Right")  # arrows choose: attachment, and the name template is live
    term.wait_for("e.g. a+b.txt, hello world.txt")
    term.wait_for("Create link")  # the docked buttons are on screen at 80x24
    term.send("C-s")
    term.wait_for("Export links")
    term.send("C-s")  # save under the proposed name, ~/oss-share-links-<time>.txt
    term.wait_for("0600")  # the notice says the file is private (its words wrap in the toast)
    [export] = (tmp_path / "home").glob("oss-share-links-*.txt")
    assert oct(os.stat(export).st_mode & 0o777) == "0o600"
    urls = export.read_text(encoding="utf-8").split()
    assert len(urls) == 2
    names = {unquote(urlsplit(url).path).rsplit("/", 1)[1]: _disposition(url) for url in urls}
    # RFC 6266, written out: plain ASCII names need only the quoted filename parameter.
    assert names == {"a+b.txt": 'attachment; filename="a+b.txt"',
                     "hello world.txt": 'attachment; filename="hello world.txt"'}
    term.send("Escape")
    time.sleep(0.3)  # the export closes before the quit key
    term.send("q")
    term.wait_for("EXIT=0", timeout=15)
    # --print-last: the last link made (the batch records none as "last"), or nothing; never screen output.
    printed = last.read_text(encoding="utf-8")
    assert "\x1b" not in printed


def test_print_last_prints_the_link_made(small_term, server, tmp_path):
    term = small_term
    last = tmp_path / "last.txt"
    term.send(f"{_oss_share()} --print-last oss://demo-assets/ > {last}; echo EXIT=$?", "Enter")
    term.wait_for("README.txt")
    term.send("G", "s")
    term.wait_for("Share oss://demo-assets/README.txt")
    term.send("C-s")
    term.wait_for("Sent to the terminal clipboard (OSC 52)")
    copied = term.paste_buffer()
    term.send("Escape")
    time.sleep(0.3)
    term.send("q")
    term.wait_for("EXIT=0", timeout=15)
    assert last.read_text(encoding="utf-8") == copied + "\n"
    with urllib.request.urlopen(copied, timeout=10) as resp:  # noqa: S310 - loopback localoss
        assert resp.status == 200
