"""`oss-share serve` as a real process on loopback: it starts on a free port and says where, answers
ListBuckets, serves a link `oss-share sign` (another process) made, and stops cleanly on SIGINT and on
SIGTERM.
(`oss-share demo` as a real process is in tests/e2e/test_demo_process.py: it needs a terminal.)"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile


def _oss_share() -> list[str]:
    """The installed console script next to this interpreter (what a user runs)."""
    script = Path(sys.executable).with_name("oss-share")
    return [str(script)] if script.exists() else [sys.executable, "-m", "oss_share_tui"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OSS_")}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"))
    return env


def _start_serve(tmp_path: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [*_oss_share(), "serve", "--port", "0", "--big-objects", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    assert proc.stdout is not None
    banner = []
    for line in proc.stdout:  # blocks until serve prints; bounded by the banner's few lines
        banner.append(line)
        if line.startswith("Press Ctrl-C"):
            break
    text = "".join(banner)
    match = re.search(r"localoss listening on (http://127\.0\.0\.1:(\d+))", text)
    assert match, text
    assert int(match.group(2)) > 0
    return proc, match.group(1)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_lists_serves_a_signed_link_and_stops(tmp_path, stop_signal) -> None:
    proc, endpoint = _start_serve(tmp_path)
    try:
        profile = Profile(
            endpoint=endpoint, access_key_id=DEMO_ACCESS_KEY_ID, access_key_secret=DEMO_ACCESS_KEY_SECRET
        )
        names = [b.name for b in OssGateway(profile, retries=0).list_buckets().items]
        assert "demo-assets" in names and "demo-versions" in names

        signed = subprocess.run(
            [
                *_oss_share(),
                "sign",
                "oss://demo-assets/docs/2025/plan.txt",
                "--json",
                "--no-history",
                "-e",
                endpoint,
                "-i",
                DEMO_ACCESS_KEY_ID,
                "-k",
                DEMO_ACCESS_KEY_SECRET,
                "--region",
                "cn-hangzhou",
            ],
            capture_output=True,
            text=True,
            env=_env(tmp_path),
            timeout=120,
        )
        assert signed.returncode == 0, signed.stderr
        url = json.loads(signed.stdout)["url"]
        assert url.startswith(endpoint + "/")
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback localoss
            assert (resp.status, resp.read()) == (200, b"2025 plan: ship oss-share.\n")
    finally:
        proc.send_signal(stop_signal)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.strip().endswith("localoss stopped.")
    assert "Traceback" not in err
    port = int(endpoint.rsplit(":", 1)[1])
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
