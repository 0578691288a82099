"""Errors say what happened in one plain sentence, name the endpoint and its source, and offer only what helps."""

from __future__ import annotations

import socket
import threading

import pytest

from oss_share_tui.core.refs import OssRef
from oss_share_tui.storage import net_errors
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.tui.app import OssShareApp
from oss_share_tui.tui.screens.error_details import ErrorDetailsScreen

from .conftest import demo_profile, lines, settle

SIZES = [(80, 24), (120, 36)]


def _app(server, start=None, *, retries: int = 0, timeout: float = 5.0, **changes) -> OssShareApp:
    profile = demo_profile(server, **changes)
    return OssShareApp(
        profile, start, gateway=OssGateway(profile, timeout=timeout, retries=retries, backoff=0.01)
    )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _errors(app) -> list:
    return [n for n in app._notifications if n.severity == "error"]


def _status(app) -> str:
    return str(app.screen.status_line.render())


@pytest.mark.parametrize("size", SIZES)
async def test_connection_refused_names_the_endpoint_and_its_flag_raw_text_only_in_details(
    localoss, size
) -> None:
    endpoint = f"http://127.0.0.1:{_closed_port()}"
    app = _app(localoss, endpoint=endpoint, endpoint_source="-e/--endpoint")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        note = _errors(app)[-1]
        expected = f"Nothing is listening at {endpoint} (the endpoint from -e/--endpoint)"
        assert expected in note.message and "connection was refused" in note.message
        assert "HTTPConnectionPool" not in note.message and "Max retries" not in note.message
        assert "Press r to retry." in note.message
        status = _status(app)
        assert "more available" not in status and "0 loaded" in status and "press r to retry" in status
        assert "Nothing is listening" in "\n".join(lines(app))  # the empty list says it too

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ErrorDetailsScreen)
        body = str(app.screen.query_one("#error-details-body").content)
        assert (
            "refused" in body.lower() and str(endpoint.rsplit(":", 1)[1]) in body
        )  # the raw words, here only
        await pilot.press("escape")


async def test_tls_to_a_plain_http_server_is_named_as_tls(localoss) -> None:
    endpoint = localoss.endpoint.replace("http://", "https://")
    app = _app(localoss, endpoint=endpoint, endpoint_source="OSS_ENDPOINT")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        note = _errors(app)[-1]
        assert (
            f"A secure (TLS) connection to {endpoint} (the endpoint from OSS_ENDPOINT) failed" in note.message
        )


async def test_an_endpoint_that_never_answers_is_a_timeout() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts (the kernel does), never answers
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}"

    class _Fake:
        endpoint = ""

    try:
        app = _app(
            _Fake(), endpoint=endpoint, endpoint_source="endpoint in /home/me/.ossutilconfig", timeout=0.3
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            note = _errors(app)[-1]
            assert (
                f"{endpoint} (the endpoint from endpoint in /home/me/.ossutilconfig) did not answer in time"
                in note.message
            )
            assert note.title == "Timeout"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def test_dns_failure_text_is_classified_as_dns() -> None:
    from urllib3.connection import HTTPConnection
    from urllib3.exceptions import MaxRetryError, NameResolutionError

    reason = socket.gaierror(-2, "Name or service not known")
    error = NameResolutionError("oss-cn-nowhere.example", HTTPConnection("oss-cn-nowhere.example"), reason)
    wrapped = MaxRetryError(None, "/", error)  # what requests shows: the DNS part comes late in the text
    assert net_errors.classify(f"ConnectionError: {wrapped}") == "dns"
    sentence = net_errors.explain("dns", "https://oss-cn-nowhere.example", "--endpoint")
    assert sentence.startswith(
        "The host name of https://oss-cn-nowhere.example (the endpoint from --endpoint)"
    )


@pytest.mark.parametrize("size", SIZES)
async def test_wrong_secret_names_where_the_key_came_from_and_offers_no_retry(localoss, size) -> None:
    app = _app(
        localoss,
        access_key_secret="not-the-secret",
        credential_source="OSS_ACCESS_KEY_ID env",
    )
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        note = _errors(app)[-1]
        assert note.title == "SignatureDoesNotMatch"
        assert "comes from OSS_ACCESS_KEY_ID env" in note.message
        assert "r to retry" not in note.message.lower()
        status = _status(app)
        assert "SignatureDoesNotMatch" in status and "retry" not in status and "more available" not in status


@pytest.mark.parametrize("size", SIZES)
async def test_no_such_bucket_offers_the_bucket_list_not_a_retry(localoss, size) -> None:
    app = _app(localoss, OssRef("no-such-bucket-here", ""))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        note = _errors(app)[-1]
        assert note.title == "NoSuchBucket"
        assert "Press ⌫ for the bucket list." in note.message and "retry" not in note.message.lower()
        assert "more available" not in _status(app) and "retry" not in _status(app)
        await pilot.press("backspace")
        await settle(pilot)
        assert app.screen.query_one("#place-bar").place == "oss://"
        assert "demo-assets" in [b.name for b in app.screen.listing.items]
