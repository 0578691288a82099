"""A private tmux server for driving a real terminal: start a command, poll the screen, send keys."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path


class TmuxTerminal:
    """One detached tmux session on a private socket, sized like a real terminal."""

    def __init__(self, width: int = 120, height: int = 40) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed")
        self._dir = tempfile.mkdtemp(prefix="oss-share-tmux-")
        self.socket = os.path.join(self._dir, "sock")
        self.session = f"s{uuid.uuid4().hex[:8]}"
        self.width, self.height = width, height

    def tmux(self, *args: str, check: bool = True) -> str:
        """Run one tmux command against the private server and return its stdout."""
        proc = subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {proc.stderr.strip()}")
        return proc.stdout

    def start(self, argv: list[str], env: dict[str, str] | None = None) -> float:
        """Start argv in a new session; returns the perf_counter instant of the spawn."""
        cmd = " ".join(shlex.quote(a) for a in argv)
        if env:
            cmd = "env " + " ".join(shlex.quote(f"{k}={v}") for k, v in env.items()) + " " + cmd
        t0 = time.perf_counter()
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", self.session, "-x", str(self.width),
                  "-y", str(self.height), cmd)
        self.tmux("set-option", "-g", "set-clipboard", "on", check=False)
        return t0

    def screen(self) -> str:
        """The visible pane text."""
        return self.tmux("capture-pane", "-p", "-t", self.session, check=False)

    def wait_for(self, text: str, timeout: float = 30.0, interval: float = 0.005) -> float:
        """Poll until `text` is on screen; returns the perf_counter instant it was first seen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return time.perf_counter()
            time.sleep(interval)
        raise TimeoutError(f"{text!r} not on screen after {timeout}s:\n{self.screen()}")

    def wait_for_absent(self, text: str, timeout: float = 30.0, interval: float = 0.005) -> None:
        """Poll until `text` is no longer on screen (e.g. a closed dialog)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text not in self.screen():
                return
            time.sleep(interval)
        raise TimeoutError(f"{text!r} still on screen after {timeout}s:\n{self.screen()}")

    def send(self, *keys: str) -> None:
        """Send tmux key names (e.g. 'Enter', 'q', 'Down')."""
        self.tmux("send-keys", "-t", self.session, *keys)

    def paste_buffer(self) -> str:
        """The newest tmux paste buffer (what an OSC 52 copy set, with set-clipboard on)."""
        return self.tmux("show-buffer", check=False)

    def alive(self) -> bool:
        """True while the session exists."""
        return subprocess.run(["tmux", "-S", self.socket, "has-session", "-t", self.session],
                              capture_output=True).returncode == 0

    def close(self) -> None:
        """Kill the private server and remove its socket dir."""
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> TmuxTerminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def oss_share_command() -> str:
    """The installed console script next to this interpreter (what a user runs), as a shell word."""
    script = Path(sys.executable).with_name("oss-share")
    return str(script) if script.exists() else f"{sys.executable} -m oss_share_tui"


@contextlib.contextmanager
def shell_terminal(width: int, height: int, home: Path, extra_env: dict[str, str] | None = None
                   ) -> Iterator[TmuxTerminal]:
    """A `width`×`height` terminal running a clean interactive bash (no rc files, only the variables given,
    HOME and the XDG dirs under `home`), ready at its `READY$` prompt."""
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "TERM": "xterm-256color",
        "PS1": "READY$ ",
        "PATH": os.environ.get("PATH", ""),
        **(extra_env or {}),
    }
    with TmuxTerminal(width, height) as term:
        term.start(["env", "-i", *(f"{k}={v}" for k, v in env.items()), "bash", "--norc", "--noprofile"])
        term.wait_for("READY$")
        yield term
