"""`--copy` for the command line: the system clipboard, trusted only when reading it back agrees."""

from __future__ import annotations

import os
import sys


def copy_to_clipboard(text: str) -> tuple[bool, str]:
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
