"""The link test's plain-language verdicts (against localoss) and the honest clipboard chain."""

from __future__ import annotations

import sys
import types

import pytest
from textual.app import App

from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.link_probe import cause_for, check_link, parse_error
from oss_share_tui.tui import clipboard
from oss_share_tui.tui.clipboard import copy_text, has_display, system_copy
from oss_share_tui.tui.share_request import sign_target

from .conftest import demo_profile, target


def _sign(server, key: str, *, bucket: str = "demo-assets", version_id: str | None = None, **options) -> str:
    """A fresh link to one object on `server`."""
    opts = build_share_options(timeout="15m", version_id=version_id, **options)
    return sign_target(demo_profile(server), target(server, key, bucket=bucket), opts).url


def test_fresh_link_works(localoss) -> None:
    result = check_link(_sign(localoss, "README.txt"))
    assert result.ok and result.status == 206
    assert result.summary == "works (206)"


def test_signature_mismatch(localoss) -> None:
    url = _sign(localoss, "README.txt")
    head, _, signature = url.rpartition("x-oss-signature=")
    tampered = head + "x-oss-signature=" + ("0" if signature[0] != "0" else "1") + signature[1:]
    result = check_link(tampered)
    assert (result.ok, result.status, result.code) == (False, 403, "SignatureDoesNotMatch")
    assert result.summary.startswith("SignatureDoesNotMatch (403): signature mismatch")


def test_delete_marker_version_says_version_deleted(localoss) -> None:
    page = localoss.store.list_versions("demo-versions", prefix="deleted.txt")
    marker = next(v for v, _ in page.versions if v.is_delete_marker)
    result = check_link(_sign(localoss, "deleted.txt", bucket="demo-versions", version_id=marker.version_id))
    assert (result.ok, result.status, result.code) == (False, 405, "MethodNotAllowed")
    assert "version deleted" in result.summary


def test_missing_object(localoss) -> None:
    result = check_link(_sign(localoss, "no/such/object.txt"))
    assert (result.status, result.code) == (404, "NoSuchKey")
    assert "no longer exists" in result.cause


def test_unreachable_endpoint_is_a_network_error() -> None:
    result = check_link("http://127.0.0.1:9/bucket/key?x-oss-signature=0", timeout=2)
    assert not result.ok and result.status == 0
    assert result.code in ("NetworkError", "Timeout")
    assert result.summary.startswith(result.code + ": ")


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        ("AccessDenied", "Request has expired.", "the link has expired"),
        ("AccessDenied", "You are denied by bucket referer policy.", "Referer"),
        ("AccessDenied", "Access denied for requester pay bucket", "requester-pays"),
        ("AccessDenied", "You are forbidden to access with source ip 1.2.3.4", "source IP"),
        ("AccessDenied", "Request is from a VPC that is not allowed", "source IP, subnet or VPC"),
        ("NoSuchVersion", "The specified version does not exist.", "version deleted"),
        ("InvalidAccessKeyId", "", "AccessKey id is unknown"),
        ("SecurityTokenExpired", "", "STS token"),
        ("InvalidArgument", "x-oss-traffic-limit out of range", "x-oss-traffic-limit out of range"),
    ],
)
def test_causes_in_plain_words(code: str, message: str, expected: str) -> None:
    assert expected in cause_for(403, code, message)


def test_parse_error_reads_oss_xml_and_ignores_the_rest() -> None:
    body = (
        b"<?xml version='1.0'?>"
        b"<Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>"
    )
    assert parse_error(body) == ("AccessDenied", "Request has expired.")
    assert parse_error(b"<html>nope</html>") == ("", "")
    assert parse_error(b"not xml") == ("", "")


def _fake_pyperclip(monkeypatch, *, keeps: bool, raises: bool = False) -> list[str]:
    """Install a stand-in pyperclip: it may keep the text, silently drop it, or raise."""
    copied: list[str] = []
    module = types.ModuleType("pyperclip")

    class PyperclipException(RuntimeError):
        pass

    def copy(text: str) -> None:
        if raises:
            raise PyperclipException("Pyperclip could not find a copy/paste mechanism for your system.")
        copied.append(text)

    def paste() -> str:
        return copied[-1] if keeps and copied else ""

    module.PyperclipException = PyperclipException  # type: ignore[attr-defined]
    module.copy = copy  # type: ignore[attr-defined]
    module.paste = paste  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pyperclip", module)
    return copied


def test_has_display() -> None:
    assert not has_display({})
    assert has_display({"DISPLAY": ":0"})
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"})


def test_system_copy_is_trusted_only_after_read_back(monkeypatch) -> None:
    _fake_pyperclip(monkeypatch, keeps=True)
    assert system_copy("https://x").copied
    _fake_pyperclip(monkeypatch, keeps=False)  # a stale DISPLAY: copy() returns, nothing was copied
    result = system_copy("https://x")
    assert not result.copied and "did not keep" in result.reason
    _fake_pyperclip(monkeypatch, keeps=True, raises=True)
    result = system_copy("https://x")
    assert not result.copied and "copy/paste mechanism" in result.reason


@pytest.mark.parametrize(
    ("environ", "keeps", "expected"),
    [
        # the notices exactly as DESIGN.md words them (spelled out: a prefix match would let a false
        # "also copied to the system clipboard" pass)
        ({}, True, "Sent to the terminal clipboard (OSC 52)"),
        ({"DISPLAY": ":0"}, True,
         "Sent to the terminal clipboard (OSC 52); also copied to the system clipboard"),
        ({"DISPLAY": ":0"}, False, "Sent to the terminal clipboard (OSC 52); the system clipboard was not set "
                                   "(the system clipboard did not keep the text)"),
    ],
    ids=["no-display", "display-verified", "display-stale"],
)
async def test_chain_says_which_path_was_used(monkeypatch, environ, keeps, expected) -> None:
    copied = _fake_pyperclip(monkeypatch, keeps=keeps)
    messages: list[str] = []
    app: App[None] = App()
    async with app.run_test() as pilot:
        copy_text(app.screen, "https://example/link", messages.append, environ=environ)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.clipboard == "https://example/link"
    assert messages == [expected]
    assert copied == ([] if not environ else ["https://example/link"])
    assert clipboard.SYSTEM_NOTICE not in messages[0] or keeps
