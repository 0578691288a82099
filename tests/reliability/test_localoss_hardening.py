"""localoss under abuse: malformed requests (raw sockets) get a clean 400 with OSS error XML and the server
keeps serving; stop() really stops (open keep-alive connections included) and start() comes back on the
same port; and 200 concurrent loopback clients doing signed PUT/GET for 10 s see no error and lose nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import os
import socket
import threading
import xml.etree.ElementTree as ElementTree
from email.utils import formatdate
from urllib.parse import quote

import pytest

from .conftest import AK, SK, new_server

BUCKET = "hardened"


def v1_headers(method: str, bucket: str, key: str = "", *, sub: str = "", content_type: str = "") -> dict:
    """`Authorization: OSS AK:sig` plus Date, per OSS-PROTOCOL.md (Signature V1, header form)."""
    date = formatdate(usegmt=True)
    resource = f"/{bucket}/{key}" + (f"?{sub}" if sub else "")
    to_sign = f"{method}\n\n{content_type}\n{date}\n{resource}"
    signature = base64.b64encode(hmac.new(SK.encode(), to_sign.encode("utf-8"), hashlib.sha1).digest())
    headers = {"Date": date, "Authorization": f"OSS {AK}:{signature.decode()}"}
    if content_type:
        headers["Content-Type"] = content_type
    return headers


def raw(port: int, request: bytes) -> bytes:
    """Send raw bytes; read the whole answer (the server closes after an error)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def raw_signed(port: int, method: str, target: str, key_for_sig: str, *, sub: str = "", extra: bytes = b"",
               body: bytes = b"") -> bytes:
    headers = v1_headers(method, BUCKET, key_for_sig, sub=sub)
    lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return raw(port, "\r\n".join(lines).encode() + b"\r\n" + extra + b"\r\n" + body)


def error_of(answer: bytes) -> tuple[int, dict[str, str]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1."), answer[:200]
    root = ElementTree.fromstring(body)
    assert root.tag == "Error"
    fields = {child.tag: child.text or "" for child in root}
    assert {"Code", "Message", "RequestId", "HostId", "EC"} <= set(fields), fields
    assert b"Traceback" not in answer
    return int(status_line.split()[1]), fields


@pytest.fixture(scope="module")
def server():
    with new_server() as srv:
        srv.store.create_bucket(BUCKET, region="cn-hangzhou")
        srv.store.put_object(BUCKET, "hello.txt", b"hello")
        yield srv


def still_serving(srv) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    conn.request("GET", f"/{BUCKET}/hello.txt", headers=v1_headers("GET", BUCKET, "hello.txt"))
    resp = conn.getresponse()
    assert (resp.status, resp.read()) == (200, b"hello")
    conn.close()


MALFORMED = {
    # name: (request, expected Code)
    "bad-xml-versioning": (lambda p: raw_signed(p, "PUT", f"/{BUCKET}/?versioning", "", sub="versioning",
                                                body=b"<VersioningConfiguration><Status>On"), "MalformedXML"),
    "xml-bomb-versioning": (lambda p: raw_signed(
        p, "PUT", f"/{BUCKET}/?versioning", "", sub="versioning",
        body=b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
             b"<VersioningConfiguration><Status>&b;</Status></VersioningConfiguration>"), "MalformedXML"),
    "wrong-xml-versioning": (lambda p: raw_signed(p, "PUT", f"/{BUCKET}/?versioning", "", sub="versioning",
                                                  body=b"<Status>Enabled</Status>"), "MalformedXML"),
    "huge-header-100k": (lambda p: raw(p, b"GET /" + BUCKET.encode() + b"/hello.txt HTTP/1.1\r\nHost: x\r\n"
                                       b"X-Big: " + b"a" * 100_000 + b"\r\n\r\n"),
                         "RequestHeaderSectionTooLarge"),
    "too-many-headers": (lambda p: raw(p, b"GET / HTTP/1.1\r\nHost: x\r\n"
                                       + b"".join(b"X-H%d: v\r\n" % i for i in range(150)) + b"\r\n"),
                         "RequestHeaderSectionTooLarge"),
    "traversal": (lambda p: raw_signed(p, "GET", f"/{BUCKET}/../../x", "../../x"), "InvalidObjectName"),
    "traversal-encoded": (lambda p: raw_signed(p, "GET", f"/{BUCKET}/%2e%2e/%2E%2E/etc/passwd",
                                               "../../etc/passwd"), "InvalidObjectName"),
    "traversal-backslash": (lambda p: raw_signed(p, "GET", f"/{BUCKET}/..\\..\\x", "..\\..\\x"),
                            "InvalidObjectName"),
    "traversal-above-bucket": (lambda p: raw(p, b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"),
                               "InvalidBucketName"),
    "percent-zz-path": (lambda p: raw_signed(p, "GET", f"/{BUCKET}/a%zz", "a%zz"), "InvalidURI"),
    "percent-truncated": (lambda p: raw_signed(p, "GET", f"/{BUCKET}/a%4", "a%4"), "InvalidURI"),
    "percent-zz-query": (lambda p: raw_signed(p, "GET", f"/{BUCKET}/?prefix=%zz", ""), "InvalidURI"),
    "percent-not-utf8": (lambda p: raw_signed(p, "GET", f"/{BUCKET}/%c3%28", "x"), "InvalidURI"),
    "unknown-subresource": (lambda p: raw_signed(p, "GET", f"/{BUCKET}/?lifecycle", "", sub="lifecycle"),
                            "InvalidArgument"),
    "unknown-object-subresource": (lambda p: raw_signed(p, "GET", f"/{BUCKET}/hello.txt?tagging",
                                                        "hello.txt", sub="tagging"), "InvalidArgument"),
    "garbage-request-line": (lambda p: raw(p, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 TLS\r\n\r\n"),
                             "InvalidRequest"),
    "bad-chunked": (lambda p: raw(p, f"PUT /{BUCKET}/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                  "\r\nzz\r\n".encode()), "InvalidRequest"),
    "negative-length": (lambda p: raw(p, f"PUT /{BUCKET}/x HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"
                                      .encode()), "InvalidArgument"),
    "bad-authorization": (lambda p: raw(p, f"GET /{BUCKET}/hello.txt HTTP/1.1\r\nHost: x\r\n"
                                        "Authorization: OSS4-HMAC-SHA256 Credential=a/b\r\n\r\n".encode()),
                          "InvalidArgument"),
    "bad-presign-values": (lambda p: raw(p, f"GET /{BUCKET}/hello.txt?x-oss-credential=a&x-oss-date=zz&"
                                         "x-oss-expires=-5&x-oss-signature=y HTTP/1.1\r\nHost: x\r\n\r\n"
                                         .encode()), "InvalidArgument"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_request_gets_a_clean_400_and_the_server_stays_up(server, case) -> None:
    make, code = MALFORMED[case]
    status, fields = error_of(make(server.port))
    assert (status, fields["Code"]) == (400, code), fields
    still_serving(server)


def test_huge_but_legal_headers_are_served(server) -> None:
    # Two 50 KB headers: each line is under http.server's 64 KiB limit, so this is a valid (signed) request.
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = v1_headers("GET", BUCKET, "hello.txt") | {"X-A": "a" * 50_000, "X-B": "b" * 50_000}
    conn.request("GET", f"/{BUCKET}/hello.txt", headers=headers)
    resp = conn.getresponse()
    assert (resp.status, resp.read()) == (200, b"hello")


def test_stop_cuts_keep_alive_connections_and_start_reuses_the_port() -> None:
    srv = new_server().start()
    try:
        srv.store.create_bucket(BUCKET, region="cn-hangzhou")
        srv.store.put_object(BUCKET, "hello.txt", b"hello")
        port = srv.port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", f"/{BUCKET}/hello.txt", headers=v1_headers("GET", BUCKET, "hello.txt"))
        assert conn.getresponse().read() == b"hello"  # a kept-alive connection, as oss2's pool holds

        srv.stop()
        # Before the fix, the handler thread of this connection went on answering after stop().
        with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
            conn.request("GET", f"/{BUCKET}/hello.txt", headers=v1_headers("GET", BUCKET, "hello.txt"))
            conn.getresponse().read()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2)

        srv.start()
        assert srv.port == port
        still_serving(srv)  # same store: the data survived the restart
    finally:
        srv.stop()


CLIENTS = 200
PUTS_PER_CLIENT = 12
"""The soak is bounded by a request count (200 x 12 PUTs plus a GET of every third), not by seconds."""


def test_200_concurrent_clients_lose_nothing() -> None:
    srv = new_server().start()
    try:
        srv.store.create_bucket(BUCKET, region="cn-hangzhou")
        written: dict[str, bytes] = {}
        failures: list[str] = []
        lock = threading.Lock()
        start = threading.Barrier(CLIENTS + 1)

        def client(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
            mine: dict[str, bytes] = {}
            start.wait()
            i = 0
            try:
                while i < PUTS_PER_CLIENT:
                    key = f"c{n:03d}/o{i:05d}.bin"
                    body = os.urandom(16 + (n + i) % 200)
                    headers = v1_headers("PUT", BUCKET, key, content_type="application/octet-stream")
                    conn.request("PUT", f"/{BUCKET}/{quote(key)}", body=body, headers=headers)
                    resp = conn.getresponse()
                    resp.read()
                    if resp.status != 200:
                        raise AssertionError(f"PUT {key}: {resp.status}")
                    mine[key] = body
                    if i % 3 == 0:  # read some back at once, the rest at the end
                        conn.request("GET", f"/{BUCKET}/{quote(key)}", headers=v1_headers("GET", BUCKET, key))
                        resp = conn.getresponse()
                        data = resp.read()
                        if (resp.status, data) != (200, body):
                            raise AssertionError(f"GET {key}: {resp.status}")
                    i += 1
            except Exception as exc:  # noqa: BLE001 - collected and reported by the test
                with lock:
                    failures.append(f"client {n}: {type(exc).__name__}: {exc}")
            finally:
                conn.close()
                with lock:
                    written.update(mine)

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        start.wait()
        for thread in threads:
            thread.join(timeout=300)  # generous: only a hung client gets near it
        assert not any(t.is_alive() for t in threads), "a client hung"
        assert failures == [], failures[:5]
        assert len(written) == CLIENTS * PUTS_PER_CLIENT  # every PUT of every client went through

        # Every PUT is readable: the listing has each key with its body's MD5 as ETag ...
        listed: dict[str, str] = {}
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
        token = ""
        while True:
            query = "list-type=2&max-keys=1000" + (f"&continuation-token={token}" if token else "")
            conn.request("GET", f"/{BUCKET}/?{query}", headers=v1_headers("GET", BUCKET, "", sub=(
                f"continuation-token={token}" if token else "")))
            resp = conn.getresponse()
            root = ElementTree.fromstring(resp.read())
            assert resp.status == 200
            for node in root.iter("Contents"):
                listed[node.findtext("Key")] = node.findtext("ETag").strip('"')
            if root.findtext("IsTruncated") != "true":
                break
            token = root.findtext("NextContinuationToken")
        assert listed == {k: hashlib.md5(v).hexdigest().upper() for k, v in written.items()}
        # ... and a GET of a sample returns exactly what was PUT.
        for key in sorted(written)[:: max(1, len(written) // 300)]:
            conn.request("GET", f"/{BUCKET}/{quote(key)}", headers=v1_headers("GET", BUCKET, key))
            resp = conn.getresponse()
            assert (resp.status, resp.read()) == (200, written[key])
        assert srv.stats["errors"] == 0
    finally:
        srv.stop()
