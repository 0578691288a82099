"""Fault injection, malformed requests (the server answers 400 and keeps serving), and `serve`."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys

import oss2
import pytest

from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_SECRET

from .helpers import error_fields, fetch, make_bucket


def _raw(srv, request: bytes) -> bytes:
    """Send raw bytes and read until the server closes or answers one response."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _still_serving(srv) -> None:
    assert make_bucket(srv, "demo-assets").get_object("README.txt").read().startswith(b"localoss")


# ---- faults -------------------------------------------------------------------------------------------


def test_error_rate_one_gives_5xx(localoss_factory):
    srv = localoss_factory(seed="demo", big_objects=0, error_rate=1.0, fault_seed=7)
    status, headers, body = fetch(f"{srv.endpoint}/demo-assets/README.txt")
    assert status in (500, 503)
    assert error_fields(body)["Code"] in ("InternalError", "ServiceUnavailable")
    with pytest.raises(oss2.exceptions.ServerError) as exc:
        make_bucket(srv, "demo-assets").get_object("README.txt")
    assert exc.value.status // 100 == 5
    srv.set_faults(error_rate=0.0)
    _still_serving(srv)


def test_drop_rate_one_drops_the_connection(localoss_factory):
    srv = localoss_factory(seed="demo", big_objects=0, drop_rate=1.0)
    with pytest.raises(oss2.exceptions.RequestError):
        make_bucket(srv, "demo-assets").get_object("README.txt")
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        conn.request("GET", "/demo-assets/README.txt")
        conn.getresponse()
    assert srv.stats["dropped"] >= 2
    srv.set_faults(drop_rate=0.0)
    _still_serving(srv)


def test_fault_filter_limits_faults_to_chosen_requests(localoss_factory):
    srv = localoss_factory(seed="demo", big_objects=0)
    srv.set_faults(error_rate=1.0, fault_filter=lambda method, path: "notes" in path)
    _still_serving(srv)
    with pytest.raises(oss2.exceptions.ServerError):
        make_bucket(srv, "demo-versions").get_object("notes.txt")


def test_latency_is_applied(localoss_factory):
    srv = localoss_factory(seed="demo", big_objects=0, latency=0.05)
    assert srv.faults.decide("GET", "/").latency == 0.05
    _still_serving(srv)
    with pytest.raises(ValueError):
        srv.set_faults(error_rate=2.0)


# ---- malformed input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("/demo-assets/bad%zzpercent", "InvalidURI"),
        ("/demo-assets/bad%ff%fe", "InvalidURI"),
        ("/demo-assets/x?prefix=%g0", "InvalidURI"),
        ("/demo-assets/../demo-versions/notes.txt", "InvalidObjectName"),
        ("/demo-assets/a/../b", "InvalidObjectName"),
        ("/demo-assets//leading-slash", "InvalidObjectName"),
        ("/Bad_Bucket/x", "InvalidBucketName"),
        ("/demo-assets/?lifecycle", "InvalidArgument"),
        ("/demo-assets/README.txt?acl", "InvalidArgument"),
    ],
)
def test_malformed_requests_get_400(localoss, target, code):
    status, _, body = fetch(localoss.endpoint + target)
    assert status == 400
    assert error_fields(body)["Code"] == code
    _still_serving(localoss)


@pytest.mark.parametrize(
    "params",
    [
        {"list-type": "2", "max-keys": "abc"},
        {"list-type": "2", "max-keys": "-1"},
        {"list-type": "2", "continuation-token": "!!"},
        {"list-type": "2", "continuation-token": "_w"},
        {"list-type": "3"},
        {"versions": "", "version-id-marker": "x"},
    ],
)
def test_bad_list_arguments_are_invalid_argument(localoss, params):
    bucket = make_bucket(localoss, "demo-assets")
    with pytest.raises(oss2.exceptions.ServerError) as exc:
        bucket._Bucket__do_bucket("GET", params=params)
    assert (exc.value.status, exc.value.code) == (400, "InvalidArgument")


def test_bad_xml_body_is_malformed_xml(localoss_factory):
    srv = localoss_factory(seed="demo", big_objects=0)
    bucket = make_bucket(srv, "demo-assets")
    for body in (
        b"<VersioningConfiguration><Status>Enabled",
        b"<Nope/>",
        b"\xff\xfe",
        b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>",
    ):
        with pytest.raises(oss2.exceptions.ServerError) as exc:
            bucket._Bucket__do_bucket("PUT", data=body, params={"versioning": ""})
        assert (exc.value.status, exc.value.code) == (400, "MalformedXML")
    _still_serving(srv)


def test_garbage_request_line_gets_400_and_server_survives(localoss):
    answer = _raw(localoss, b"THIS IS NOT HTTP\r\n\r\n")
    assert answer.startswith(b"HTTP/1.") and b" 400 " in answer.split(b"\r\n", 1)[0]
    assert b"<Code>" in answer and b"Traceback" not in answer
    answer = _raw(localoss, b"GET /demo-assets/x HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")
    assert b" 400 " in answer.split(b"\r\n", 1)[0]
    answer = _raw(localoss, b"BREW /demo-assets/x HTTP/1.1\r\nHost: x\r\n\r\n")
    assert b" 501 " in answer.split(b"\r\n", 1)[0]
    answer = _raw(localoss, b"GET /demo-assets/x HTTP/1.1\r\nAuthorization: OSS4-HMAC-SHA256 junk\r\n\r\n")
    assert b" 400 " in answer.split(b"\r\n", 1)[0] and b"Traceback" not in answer
    _still_serving(localoss)


def test_client_hanging_up_mid_body_does_not_kill_the_server(localoss):
    with socket.create_connection(("127.0.0.1", localoss.port), timeout=5) as sock:
        sock.sendall(b"PUT /demo-assets/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nshort")
    _still_serving(localoss)


def test_post_is_method_not_allowed(localoss):
    status, _, body = fetch(localoss.endpoint + "/demo-assets/README.txt", method="POST")
    assert status == 405 and error_fields(body)["Code"] == "MethodNotAllowed"


# ---- serve --------------------------------------------------------------------------------------------


def _serve(*args: str) -> tuple[subprocess.Popen, list[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "oss_share_tui.localoss", "--port", "0", "--big-objects", "10", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Press Ctrl-C"):
            break
    return proc, lines


def test_serve_prints_endpoint_and_demo_secret_and_stops_on_ctrl_c():
    proc, lines = _serve()
    try:
        text = "\n".join(lines)
        assert "http://127.0.0.1:" in text and "LTAI5tLocalOssDemoKey01" in text
        assert DEMO_ACCESS_KEY_SECRET in text  # the documented demo secret may be shown
        assert "cn-hangzhou" in text and "cn-shanghai" in text
        endpoint = next(word for line in lines for word in line.split() if word.startswith("http://"))
        assert fetch(endpoint + "/demo-assets/README.txt")[0] == 403
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "Traceback" not in err


def test_serve_never_prints_a_custom_secret():
    proc, lines = _serve(
        "--access-key-id", "MyKeyId", "--access-key-secret", "my-very-secret-value", "--seed", "empty"
    )
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=10)
    everything = "\n".join(lines) + out + err
    assert "MyKeyId" in everything
    assert "my-very-secret-value" not in everything
    assert proc.returncode == 0


def test_non_loopback_host_warns(capsys):
    from oss_share_tui.localoss.server import LocalOSS

    with LocalOSS(host="0.0.0.0", seed="empty") as srv:
        assert srv.host_port.startswith("127.0.0.1:")
    assert "not a loopback address" in capsys.readouterr().err
