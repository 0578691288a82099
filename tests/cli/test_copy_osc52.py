"""`--copy` sends OSC 52 to the controlling terminal (a real pty here), then tries the system clipboard, and
says which path was used; the sequence is read back from the pty's other end and decoded by the test."""

from __future__ import annotations

import base64
import os
import re
import select

import pytest

from oss_share_tui.cli import clipboard

CREDS = ("-i", "LTAI5tCopyKey", "-k", "copy-secret", "-e", "oss-cn-hangzhou.aliyuncs.com")


@pytest.fixture
def pty_terminal(monkeypatch):
    """A pseudo-terminal standing in for /dev/tty; yields a function returning what the app wrote to it."""
    master, slave = os.openpty()
    monkeypatch.setattr(clipboard, "TTY_PATH", os.ttyname(slave))

    def written() -> bytes:
        data = b""
        while select.select([master], [], [], 0)[0]:
            chunk = os.read(master, 65536)
            if not chunk:
                break
            data += chunk
        return data

    yield written
    os.close(master)
    os.close(slave)


def _osc52_payloads(data: bytes) -> list[str]:
    # ESC ] 52 ; c ; <base64> BEL, as xterm documents the sequence (ctlseqs, "Manipulate Selection Data")
    found = re.findall(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", data)
    return [base64.b64decode(m).decode("utf-8") for m in found]


def test_sign_copy_sends_the_url_to_the_terminal(run, pty_terminal) -> None:
    result = run("sign", "oss://examplebucket/报告.pdf", *CREDS, "--copy", "--no-history")
    assert result.code == 0
    url = result.out.strip()
    assert _osc52_payloads(pty_terminal()) == [url]
    assert "sent to the terminal with OSC 52" in result.err
    assert "the system clipboard was not set (no display" in result.err  # and it says why not


def test_presign_prefix_copy_sends_the_whole_export(run, pty_terminal, localoss, monkeypatch) -> None:
    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("OSS_ENDPOINT", localoss.endpoint)
    result = run("presign", "oss://demo-shanghai/reports/", "--copy", "--no-history")
    assert result.code == 0, result.err
    assert _osc52_payloads(pty_terminal()) == [result.out]
    assert "sent to the terminal with OSC 52" in result.err


def test_no_terminal_and_no_display_says_both(run) -> None:
    result = run("sign", "oss://examplebucket/a.txt", *CREDS, "--copy", "--no-history")
    assert result.code == 0
    assert "not copied: no display" in result.err
    assert "not sent with OSC 52 (no controlling terminal)" in result.err


def test_too_long_for_osc52_is_not_sent(pty_terminal) -> None:
    sent, why = clipboard.send_osc52("x" * clipboard.OSC52_MAX)
    assert not sent and "too long for OSC 52" in why
    assert pty_terminal() == b""
