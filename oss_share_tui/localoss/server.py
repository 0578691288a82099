"""LocalOSS: the embedded server (stdlib ThreadingHTTPServer) and its HTTP request handler."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from oss_share_tui.localoss.api import TOKEN_STYLES, OssApi, Request, Response
from oss_share_tui.localoss.auth import Authenticator
from oss_share_tui.localoss.errors import OssError, bad_request
from oss_share_tui.localoss.faults import FaultFilter, FaultInjector
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, apply_seed
from oss_share_tui.localoss.store import Store, valid_bucket_name
from oss_share_tui.localoss.wire import (
    Server,
    check_key,
    header_value,
    is_ip,
    is_loopback,
    parse_query,
    strict_unquote,
)

MAX_BODY = 512 * 1024 * 1024
_SEND_ERROR_CODES = {
    400: "InvalidRequest",
    408: "RequestTimeout",
    414: "InvalidURI",
    501: "NotImplemented",
}


class _Handler(BaseHTTPRequestHandler):
    """Parses one HTTP request, applies faults, and hands it to OssApi."""

    server: Server
    protocol_version = "HTTP/1.1"  # keep-alive: oss2 reuses connections
    disable_nagle_algorithm = True  # without it a loopback request waits ~40 ms for delayed ACKs
    timeout = 120  # idle keep-alive connections give their thread back eventually

    _request_id = ""

    def version_string(self) -> str:
        return "AliyunOSS"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        if self.server.owner.log_requests:
            sys.stderr.write(f"localoss {self.address_string()} {format % args}\n")

    # ---- verbs ---------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_PUT = do_DELETE = do_POST = do_OPTIONS = do_PATCH = do_GET

    # ---- the pipeline -------------------------------------------------------------------------------

    def _serve(self) -> None:
        owner = self.server.owner
        self._request_id = os.urandom(12).hex().upper()
        owner._count("requests")
        try:
            fault = owner.faults.decide(self.command, self.path)
            if fault.latency:
                time.sleep(fault.latency)
            if fault.action == "drop":
                owner._count("dropped")
                self._drop()
                return
            body = self._read_body()  # read first, so an error answer keeps a keep-alive stream in step
            if fault.action == "error":
                owner._count("injected_errors")
                if fault.status == 503:
                    raise OssError(
                        503, "ServiceUnavailable", "Please reduce your request rate. (injected fault)"
                    )
                raise OssError(
                    500,
                    "InternalError",
                    "We encountered an internal error. Please try again. (injected fault)",
                )
            response = owner.api.handle(self._parse(body))
            self._send(response)
        except OssError as err:
            self._send_error(err)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception:  # never a traceback to the client, never a dead server
            traceback.print_exc(file=sys.stderr)
            self._send_error(
                OssError(500, "InternalError", "We encountered an internal error. Please try again.")
            )

    def _drop(self) -> None:
        """Close the connection without a response, as a failing network would."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length_text = self.headers.get("Content-Length")
        if not length_text:
            return b""
        if not length_text.strip().isdigit():
            self.close_connection = True
            raise bad_request("InvalidArgument", "Invalid Content-Length.")
        length = int(length_text)
        if length > MAX_BODY:
            self.close_connection = True
            raise OssError(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.")
        data = self.rfile.read(length)
        if len(data) != length:
            raise ConnectionError("client closed the connection mid-body")
        return data

    def _read_chunked(self) -> bytes:
        chunks = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                self.close_connection = True
                raise bad_request("InvalidRequest", "Malformed chunked body.") from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                self.close_connection = True
                raise OssError(
                    400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size."
                )
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def _parse(self, body: bytes) -> Request:
        owner = self.server.owner
        target = self.path
        if target.startswith(("http://", "https://")):
            parts = urlsplit(target)
            raw_path, raw_query = parts.path or "/", parts.query
        else:
            raw_path, _, raw_query = target.partition("?")
        if not raw_path.startswith("/"):
            raise bad_request("InvalidURI", "Couldn't parse the specified URI.")
        path = strict_unquote(raw_path, plus=False)
        query = parse_query(raw_query)
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), value)
        host = headers.get("host", "")
        bucket, key = self._route(path, host)
        if bucket is not None and not valid_bucket_name(bucket):
            raise OssError(
                400, "InvalidBucketName", "The specified bucket is not valid.", [("BucketName", bucket)]
            )
        if key:
            check_key(key)
        return Request(
            method=self.command,
            bucket=bucket,
            key=key,
            query=query,
            headers=headers,
            body=body,
            host=host,
            client_ip=self.client_address[0],
            now=owner.clock(),
        )

    def _route(self, path: str, host: str) -> tuple[str | None, str]:
        """(bucket, key) from a virtual-host Host header (`bucket.<anything>`) or a path-style path."""
        hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        bound = self.server.owner.cnames.get(hostname.lower().rstrip("."))
        if bound is not None:
            # A custom domain bound to a bucket: the whole path is the key (as on OSS, the Host names the
            # bucket; signatures still cover /bucket/key).
            return bound, path[1:]
        if hostname and "." in hostname and not is_ip(hostname):
            first = hostname.split(".", 1)[0]
            if first in self.server.owner.store.buckets:
                return first, path[1:]
        rest = path[1:]
        if not rest:
            return None, ""
        bucket, _, key = rest.partition("/")
        return bucket, key

    # ---- writing ---------------------------------------------------------------------------------------

    def _start(self, status: int, headers: list[tuple[str, str]], length: int) -> None:
        self.send_response(status)
        self.send_header("x-oss-request-id", self._request_id or os.urandom(12).hex().upper())
        for name, value in headers:
            self.send_header(name, header_value(value))
        self.send_header("Content-Length", str(length))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()

    def _send(self, response: Response) -> None:
        length = len(response.body) if response.length is None else response.length
        self._start(response.status, response.headers, length)
        if self.command != "HEAD" and response.body:
            self.wfile.write(response.body)

    def _send_error(self, err: OssError) -> None:
        owner = self.server.owner
        owner._count("errors")
        request_id = self._request_id or os.urandom(12).hex().upper()
        parsed_headers = getattr(self, "headers", None)
        host_id = (parsed_headers.get("Host") if parsed_headers else None) or owner.host_port
        body = err.to_xml(request_id, host_id)
        headers = [("Content-Type", "application/xml"), ("x-oss-ec", err.ec), *err.headers.items()]
        try:
            if getattr(self, "command", None) == "HEAD":
                headers.append(("x-oss-err", err.head_header(request_id, host_id)))
                self._start(err.status, headers, 0)
            else:
                self._start(err.status, headers, len(body))
                self.wfile.write(body)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (bad request line, oversized headers) as OSS error XML."""
        self.close_connection = True
        if not str(getattr(self, "request_version", "")).startswith("HTTP/1."):
            # Unparseable request lines leave http.server in HTTP/0.9 mode, which writes no status line.
            self.request_version = "HTTP/1.0"
        if code == 431:
            # A header line over 64 KiB or over 100 headers: OSS (like S3) answers 400 for this.
            self._send_error(
                OssError(
                    400,
                    "RequestHeaderSectionTooLarge",
                    "Your request header section exceeds the maximum allowed size "
                    f"({message or 'too large'}).",
                )
            )
            return
        self._send_error(
            OssError(code, _SEND_ERROR_CODES.get(code, "InvalidRequest"), message or "Bad request.")
        )


class LocalOSS:
    """An OSS-compatible server in a daemon thread: `with LocalOSS() as srv: ... srv.endpoint`."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: str | None = "demo",
        access_keys: Mapping[str, str] | None = None,
        sts_credentials: Mapping[str, tuple[str, ...]] | None = None,
        latency: float = 0.0,
        error_rate: float = 0.0,
        drop_rate: float = 0.0,
        fault_seed: int | None = None,
        big_objects: int = 100_000,
        *,
        fault_filter: FaultFilter | None = None,
        clock: Callable[[], float] | None = None,
        default_region: str = "cn-hangzhou",
        log_requests: bool = False,
        cnames: Mapping[str, str] | None = None,
        restore_seconds: float | None = None,
        token_style: str = "urlsafe",
    ) -> None:
        self.host = host
        self.port = port
        self.clock: Callable[[], float] = clock or time.time
        """Seconds since the epoch; replace it (`srv.clock = lambda: time.time() + 3600`) to test expiry."""
        self.log_requests = log_requests
        self.access_keys: dict[str, str] = (
            dict(access_keys) if access_keys is not None else {DEMO_ACCESS_KEY_ID: DEMO_ACCESS_KEY_SECRET}
        )
        self.sts_credentials: dict[str, tuple[str, ...]] = dict(sts_credentials or {})
        """Temporary key id -> (secret, token) or (secret, token, expires_epoch); localoss/sts.py adds."""
        self.store = Store(clock=lambda: self.clock())
        self.faults = FaultInjector(latency, error_rate, drop_rate, fault_seed, fault_filter)
        self.api = OssApi(
            self.store,
            Authenticator(self.access_keys, self.sts_credentials),
            lambda: self.host_port,
            default_region,
        )
        if restore_seconds is not None:
            self.restore_seconds = restore_seconds
        if token_style not in TOKEN_STYLES:
            raise ValueError(f"token_style must be one of {', '.join(TOKEN_STYLES)}")
        self.api.token_style = token_style
        self.cnames: dict[str, str] = {}
        """Custom domains bound to buckets: lower-case host name (no port) -> bucket."""
        for domain, bucket in (cnames or {}).items():
            self.bind_cname(domain, bucket)
        self.stats: dict[str, int] = {"requests": 0, "errors": 0, "dropped": 0, "injected_errors": 0}
        self._stats_lock = threading.Lock()
        self._httpd: Server | None = None
        self._thread: threading.Thread | None = None
        apply_seed(self.store, seed, big_objects)

    # ---- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> LocalOSS:
        """Bind and serve in a daemon thread; returns self."""
        if self._httpd is not None:
            return self
        if not is_loopback(self.host):
            print(
                f"localoss: warning: listening on {self.host}, which is not a loopback address; "
                "anyone who can reach it can use the configured keys.",
                file=sys.stderr,
            )
        server_cls = Server
        if ":" in self.host:
            server_cls = type("_Server6", (Server,), {"address_family": socket.AF_INET6})
        httpd = server_cls((self.host, self.port), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"localoss:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket and cut open keep-alive connections (idempotent).

        Without the cut, a client's pooled connection would still be answered by its handler thread: the
        server would look stopped but keep serving. `start()` again listens on the same port.
        """
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        httpd.cut_open_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LocalOSS:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._httpd is not None

    # ---- addresses -----------------------------------------------------------------------------------

    @property
    def host_port(self) -> str:
        """`127.0.0.1:PORT`: what ListBuckets reports as each bucket's endpoint."""
        host = self.host
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"  # a wildcard bind is reached through loopback
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"{host}:{self.port}"

    @property
    def endpoint(self) -> str:
        """`http://127.0.0.1:PORT`."""
        if self._httpd is None and self.port == 0:
            raise RuntimeError("LocalOSS has no port yet: call start() first")
        return f"http://{self.host_port}"

    # ---- runtime knobs -------------------------------------------------------------------------------

    @property
    def restore_seconds(self) -> float:
        """How long RestoreObject takes before an archived object can be read (settable while running)."""
        return self.api.restore_seconds

    @restore_seconds.setter
    def restore_seconds(self, value: float) -> None:
        if value < 0:
            raise ValueError("restore_seconds must be >= 0")
        self.api.restore_seconds = float(value)

    def bind_cname(self, domain: str, bucket: str) -> None:
        """Serve requests whose Host is `domain` (any port) from `bucket`, as a CNAME bound on OSS would."""
        host = domain.strip().lower().rstrip(".")
        if "://" in host or "/" in host or ":" in host or not host or not valid_bucket_name(bucket):
            raise ValueError(f"cannot bind {domain!r} to {bucket!r}: give a bare host name and a bucket name")
        self.cnames[host] = bucket

    def set_faults(
        self,
        latency: float | None = None,
        error_rate: float | None = None,
        drop_rate: float | None = None,
        **kwargs: object,
    ) -> None:
        """Change fault injection while running; also takes `fault_filter=` and `seed=`."""
        extra: dict[str, object] = {}
        if "fault_filter" in kwargs:
            extra["applies"] = kwargs.pop("fault_filter")
        if "seed" in kwargs:
            extra["seed"] = kwargs.pop("seed")
        if kwargs:
            raise TypeError(f"unexpected arguments: {', '.join(kwargs)}")
        self.faults.configure(latency=latency, error_rate=error_rate, drop_rate=drop_rate, **extra)  # type: ignore[arg-type]

    def _count(self, name: str) -> None:
        with self._stats_lock:
            self.stats[name] = self.stats.get(name, 0) + 1
