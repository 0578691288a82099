"""`--copy` for the command line: OSC 52 to the controlling terminal (through tmux and SSH), then the system
clipboard, trusted only when reading it back agrees; the message says which path was used."""

from __future__ import annotations

import base64
import os
import sys

TTY_PATH = "/dev/tty"
"""The controlling terminal: stdout may be a pipe (`url=$(oss-share sign … --copy)`), the terminal is still
there. Tests point this elsewhere so nothing reaches a developer's real terminal."""
OSC52_MAX = 100_000
"""Largest base64 payload sent: terminals and multiplexers cap OSC 52 around here (xterm, tmux, iTerm2)."""


def osc52_sequence(text: str) -> bytes:
    """The OSC 52 "set clipboard" escape for `text`: ESC ] 52 ; c ; base64 BEL."""
    return b"\x1b]52;c;" + base64.b64encode(text.encode("utf-8")) + b"\x07"


def send_osc52(text: str, tty_path: str | None = None) -> tuple[bool, str]:
    """Write the OSC 52 sequence to the controlling terminal; (sent, what happened)."""
    sequence = osc52_sequence(text)
    if len(sequence) > OSC52_MAX:
        return False, f"too long for OSC 52 ({len(sequence):,} bytes)"
    path = tty_path or TTY_PATH
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
    except OSError:
        return False, "no controlling terminal"
    try:
        if not os.isatty(fd):
            return False, "no controlling terminal"
        os.write(fd, sequence)
    except OSError as exc:
        return False, f"the terminal refused the write ({exc.strerror or exc})"
    finally:
        os.close(fd)
    where = " (tmux keeps it in its paste buffer with set-clipboard on)" if os.environ.get("TMUX") else ""
    return True, f"sent to the terminal with OSC 52{where}"


def system_copy(text: str) -> tuple[bool, str]:
    """Try pyperclip, and trust it only when reading back gives `text`; (copied, what happened)."""
    if sys.platform not in ("darwin", "win32") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return False, "no display (DISPLAY and WAYLAND_DISPLAY are unset)"
    try:
        import pyperclip
    except ImportError:
        return False, "pyperclip is not installed"
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException as exc:
        return False, f"no clipboard tool ({' '.join(str(exc).split())[:80]})"
    try:
        # With a stale DISPLAY pyperclip returns without copying: only a read-back proves it.
        if pyperclip.paste() == text:
            return True, "copied to the clipboard"
    except pyperclip.PyperclipException:
        return False, "the clipboard could not be read back to check the copy"
    return False, "the clipboard did not take the URL"


def copy_to_clipboard(text: str) -> tuple[bool, str]:
    """OSC 52 when there is a terminal, then the system clipboard; (copied by either, which paths, why)."""
    sent, terminal = send_osc52(text)
    copied, system = system_copy(text)
    if sent and copied:
        return True, f"{terminal}; also {system}"
    if sent:
        return True, f"{terminal}; the system clipboard was not set ({system})"
    if copied:
        return True, f"{system} (not sent with OSC 52: {terminal})"
    return False, f"{system}; not sent with OSC 52 ({terminal})"
