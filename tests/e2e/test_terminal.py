"""Real-terminal end-to-end tests: `oss-share` in tmux against a localoss this test starts.

A private tmux server with `set-clipboard on` captures the app's OSC 52 copy in its paste buffer, so the test
reads the URL exactly as a user's terminal would receive it, and also reads it off the screen.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.localoss.server import LocalOSS
from tests.helpers import fetch
from tests.support.tmux_term import TmuxTerminal, shell_terminal
from tests.support.tmux_term import oss_share_command as _oss_share

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (needed for e2e)")



@pytest.fixture(scope="module")
def server() -> Iterator[LocalOSS]:
    with LocalOSS(seed="demo", big_objects=0) as srv:
        yield srv


@pytest.fixture
def term(server, tmp_path) -> Iterator[TmuxTerminal]:
    """A 120×40 terminal running an interactive bash with credentials for the server in its environment."""
    creds = {"OSS_ACCESS_KEY_ID": DEMO_ACCESS_KEY_ID, "OSS_ACCESS_KEY_SECRET": DEMO_ACCESS_KEY_SECRET,
             "OSS_ENDPOINT": server.endpoint}
    with shell_terminal(120, 40, tmp_path / "home", creds) as t:
        yield t


def _url_on_screen(screen: str, endpoint: str) -> str:
    """The wrapped URL in the result box, put back together from its lines."""
    lines = screen.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip(" █").startswith(endpoint + "/"))
    parts = []
    for line in lines[start:]:
        inner = line.strip().strip("█▌▐▊▎│┃").strip()
        if not inner:
            break
        parts.append(inner)
    return "".join(parts)


def _share_and_check(term: TmuxTerminal, server: LocalOSS, expected: bytes) -> str:
    """ctrl+s in the open form; the URL from the paste buffer and the screen must agree and fetch `expected`."""
    term.wait_for("Create link")
    term.send("C-s")
    term.wait_for("Sent to the terminal clipboard (OSC 52)")
    screen = term.screen()
    assert "valid for 1h" in screen
    copied = term.paste_buffer()
    assert copied.startswith(server.endpoint + "/") and "x-oss-expires=3600" in copied
    assert _url_on_screen(screen, server.endpoint) == copied
    assert fetch(copied).status_body == (200, expected)
    return copied


def _quit_and_check_restored(term: TmuxTerminal) -> None:
    """Esc back to the browser, q quits, and the shell is back in a sane cooked-mode terminal."""
    term.send("Escape")
    term.wait_for_absent("Share link:")  # the result view has closed
    term.send("q")
    term.wait_for("READY$", timeout=15)
    # Cooked mode again: canonical input and echo are on (Textual turned both off while it ran).
    term.send("echo \"MODES=$(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | tr '\\n' ,)\"", "Enter")
    term.wait_for("MODES=icanon,echo,", timeout=10)
    screen = term.screen()
    assert "oss://" not in screen  # the alternate screen is gone


def test_share_an_object_for_one_hour_in_a_real_terminal(term, server):
    term.send(_oss_share(), "Enter")
    term.wait_for("demo-assets")
    term.send("Down", "Enter")  # big, demo-assets, …: open demo-assets
    term.wait_for("README.txt")
    term.send("G", "s")  # the last row is README.txt (folders first)
    term.wait_for("Share oss://demo-assets/README.txt")
    _share_and_check(term, server, server.store.get_object("demo-assets", "README.txt").body())
    _quit_and_check_restored(term)


def test_share_an_older_version_from_the_versions_view(term, server):
    term.send(_oss_share(), "Enter")
    term.wait_for("demo-versions")
    term.send("Down", "Down", "Down", "Enter")
    term.wait_for("notes.txt")
    term.send("G", "v")  # notes.txt is the last key
    term.wait_for("notes.txt")
    term.wait_for("latest")
    term.send("Down", "s")  # the version before the latest
    url = _share_and_check(term, server, b"notes v2\n")
    assert "versionId=" in url
    _quit_and_check_restored(term)


def test_sign_in_the_shell_prints_a_working_url(term, server, tmp_path):
    out = tmp_path / "url.txt"
    term.send(f"{_oss_share()} sign oss://demo-assets/docs/2025/plan.txt --timeout 1h "
              f"--region cn-hangzhou > {out}; echo EXIT=$?", "Enter")
    term.wait_for("EXIT=0")
    assert "(s) elapsed" in term.screen()  # ossutil's timing line, on stderr
    url = out.read_text(encoding="utf-8").strip()
    assert "\n" not in url
    assert fetch(url).status_body == (200, b"2025 plan: ship oss-share.\n")
    assert DEMO_ACCESS_KEY_SECRET not in term.screen()


def test_sign_copy_reaches_tmux_through_osc52(term, server, tmp_path):
    # stdout goes to a file, as in url=$(…): the copy still reaches the terminal, through /dev/tty.
    out = tmp_path / "url.txt"
    term.send(f"{_oss_share()} sign oss://demo-shanghai/share-me.txt --copy --no-history > {out}; "
              "echo EXIT=$?", "Enter")
    term.wait_for("EXIT=0")
    assert "sent to the terminal with OSC 52" in term.screen()
    url = out.read_text(encoding="utf-8").strip()
    assert term.paste_buffer() == url
    assert fetch(url).status_body == (200, b"Share me with a signed link.\n")  # and no --region: the bucket was asked
