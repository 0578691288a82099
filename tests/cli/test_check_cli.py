"""`sign --check`: one link and a prefix (`--recursive`), each probed at localoss as its recipient would."""

from __future__ import annotations

import json

import pytest

from oss_share_tui import cli
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.localoss.server import LocalOSS


@pytest.fixture
def server():
    with LocalOSS(seed="demo", big_objects=0) as srv:
        yield srv


@pytest.fixture
def sign(server, capsys, monkeypatch):
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("OSS_ENDPOINT", server.endpoint)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["sign", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_a_live_link_passes(sign) -> None:
    code, out, err = sign("oss://demo-assets/README.txt", "--check", "--json")
    assert code == 0, err
    assert json.loads(out)["check"] == {"ok": True, "status": 206, "code": None, "cause": None,
                                        "summary": "works (206)"}
    assert "link check: works (206)" in err


def test_a_missing_object_fails_with_its_cause(sign) -> None:
    code, out, err = sign("oss://demo-assets/no-such.txt", "--check")
    assert code == 1
    assert out.startswith("http")  # the link is still printed
    assert "link check failed: NoSuchKey (404): the object no longer exists (deleted or renamed)" in err


def test_a_prefix_names_the_link_that_failed(sign, server) -> None:
    # The recipient's GET of one object meets a server error; listing and the other links are untouched.
    server.set_faults(error_rate=1.0,
                      fault_filter=lambda method, path: method == "GET" and "plan.txt" in path
                      and "list-type" not in path)
    code, out, err = sign("oss://demo-assets/docs/", "--recursive", "--check", "--export", "csv")
    assert code == 1
    assert len(out.strip().splitlines()) == 1 + 3  # header and every link
    failed = [line for line in err.splitlines() if "link check failed" in line]
    assert len(failed) == 1 and "oss://demo-assets/docs/2025/plan.txt" in failed[0]
    assert "OSS had a temporary problem" in failed[0]
