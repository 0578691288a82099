"""The clipboard chain of DESIGN.md: OSC 52 first, then a verified pyperclip copy where a display exists."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from textual.dom import DOMNode

OSC52_NOTICE = "Sent to the terminal clipboard (OSC 52)"
SYSTEM_NOTICE = "copied to the system clipboard"


@dataclass(frozen=True)
class SystemCopy:
    """What the pyperclip step did: `copied` is True only when reading the clipboard back gave the text."""

    copied: bool
    reason: str = ""


def has_display(environ: Mapping[str, str] | None = None) -> bool:
    """True when an X11 or Wayland display is set, the only place pyperclip can work on Linux."""
    env = os.environ if environ is None else environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def system_copy(text: str) -> SystemCopy:
    """Copy with pyperclip and verify by reading back (blocking: call from a thread worker)."""
    try:
        import pyperclip  # deferred: only needed where a display exists
    except ImportError:  # pragma: no cover - pyperclip is a declared dependency
        return SystemCopy(False, "pyperclip is not installed")
    try:
        pyperclip.copy(text)
        pasted = pyperclip.paste()
    except pyperclip.PyperclipException as exc:
        return SystemCopy(False, str(exc).splitlines()[0] if str(exc) else "no clipboard mechanism")
    except OSError as exc:  # xclip/xsel vanished or could not start
        return SystemCopy(False, str(exc))
    if pasted != text:
        # With a stale DISPLAY pyperclip returns quietly without copying: never trust it alone.
        return SystemCopy(False, "the system clipboard did not keep the text")
    return SystemCopy(True)


def chain_message(system: SystemCopy | None) -> str:
    """The honest notice for one run of the chain (None: the pyperclip step was skipped)."""
    if system is None:
        return OSC52_NOTICE
    if system.copied:
        return f"{OSC52_NOTICE}; also {SYSTEM_NOTICE}"
    return f"{OSC52_NOTICE}; the system clipboard was not set ({system.reason})"


def copy_text(
    node: DOMNode,
    text: str,
    on_done: Callable[[str], None] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Run the chain for `text`; `on_done(message)` (default: a notification) gets the honest outcome.

    Step 1 (OSC 52) runs now, on the event loop: it only writes an escape sequence. Step 2 (pyperclip) runs in
    a thread worker owned by `node`, and only where a display exists. Step 3 is the caller's: the text stays
    on screen.
    """
    app = node.app
    app.copy_to_clipboard(text)
    report = on_done or (lambda message: app.notify(message, title="Link copied"))
    if not has_display(environ):
        report(OSC52_NOTICE)
        return

    def work() -> None:
        result = system_copy(text)
        app.call_from_thread(report, chain_message(result))

    node.run_worker(
        work,
        thread=True,
        group="clipboard",
        exclusive=True,
        exit_on_error=False,
        description="copy to the system clipboard",
    )
