"""Whole-process checks: `oss-share sign` never opens a socket, never imports textual, works as a script."""

from __future__ import annotations

import subprocess
import sys
import textwrap

NO_NETWORK = textwrap.dedent(
    """
    import sys

    def _guard(event, args):
        if event in ("socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
                     "socket.sendto", "socket.__new__"):
            raise RuntimeError(f"network access attempted: {event}")

    sys.addaudithook(_guard)
    from oss_share_tui import cli
    code = cli.main(sys.argv[1:])
    assert "textual" not in sys.modules, "textual imported"
    sys.exit(code)
    """
)


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", NO_NETWORK, *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )


def test_sign_opens_no_socket() -> None:
    # Each run pays oss2's import (~0.4-1 s), so two variants: V4 (plus --copy with no display), V1 with STS.
    for extra in (("--copy",), ("--sign-version", "v1", "-t", "tok-en")):
        proc = _run(
            "sign",
            "oss://examplebucket/a b.txt",
            "-i",
            "AKID",
            "-k",
            "SECRET",
            "-e",
            "oss-cn-hangzhou.aliyuncs.com",
            *extra,
        )
        assert proc.returncode == 0, proc.stderr
        assert "examplebucket.oss-cn-hangzhou.aliyuncs.com/a%20b.txt?" in proc.stdout
        assert "network access attempted" not in proc.stderr


def test_a_known_region_needs_no_lookup_even_on_a_local_endpoint() -> None:
    proc = _run("sign", "oss://examplebucket/k", "-i", "AKID", "-k", "SECRET", "-e", "http://127.0.0.1:9",
                "--region", "cn-shanghai")
    assert proc.returncode == 0, proc.stderr
    assert "%2Fcn-shanghai%2F" in proc.stdout
    assert "network access attempted" not in proc.stderr


def test_no_region_and_no_answer_from_the_bucket_says_how_to_give_one() -> None:
    # Nothing names the region, so the bucket is asked (GetBucketLocation); port 9 refuses at once.
    proc = subprocess.run(
        [sys.executable, "-m", "oss_share_tui", "sign", "oss://examplebucket/k", "-i", "AKID", "-k", "SECRET",
         "-e", "http://127.0.0.1:9"],
        capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("oss-share: error: signature V4 needs the bucket's region and asking the "
                                  "bucket failed")
    assert "--region" in proc.stderr and proc.stderr.count("\n") == 1


def test_module_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "oss_share_tui", "inspect", "nope"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("oss-share: error: ")
