"""A stand-in for the ECS instance metadata service on loopback: the RAM role's temporary keys, issued like
localoss/sts.py's and accepted by the same LocalOSS until they expire.

The credentials library always asks `http://100.100.100.200/...` (the address is fixed in its code), over
plain HTTP through `requests`, which honours HTTP_PROXY. So a test sets `HTTP_PROXY=<this server>`: the
library sends absolute-URI proxy requests here, and this server answers those for 100.100.100.200 itself and
refuses every other host (nothing is forwarded anywhere). Direct requests (`GET /latest/...`) work too, for a
credentials URI (`credential-uri`, ossutil 1.x `ecsAk`).
"""

from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from oss_share_tui.localoss.server import LocalOSS
from oss_share_tui.localoss.sts import TokenIssuer, iso_z
from oss_share_tui.localoss.wire import SideService

METADATA_HOST = "100.100.100.200"
ROLE_PATH = "/latest/meta-data/ram/security-credentials/"


class EcsMetadata(SideService):
    """`with EcsMetadata(oss, role="ecs-role") as md: md.proxy_url` (for HTTP_PROXY) or `md.url` (direct)."""

    def __init__(
        self, oss: LocalOSS, role: str = "oss-share-ecs-role", duration: int = 21600, host: str = "127.0.0.1"
    ) -> None:
        self.issuer = TokenIssuer(oss)
        self.oss = oss
        self.role = role
        self.duration = duration
        self.host = host
        self.port = 0
        self.paths: list[str] = []
        """Every path asked for, in order (tests check the library really came here)."""
        self._httpd: ThreadingHTTPServer | None = None
        self._current: dict[str, str] | None = None
        self._lock = threading.Lock()

    @property
    def proxy_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """The role's credentials URL, for a credentials-URI provider."""
        return f"http://{self.host}:{self.port}{ROLE_PATH}{self.role}"

    @property
    def issued(self) -> list[dict[str, str]]:
        return self.issuer.issued

    def credentials(self) -> dict[str, str]:
        """The role's current keys, renewed (as the real service does) within 5 minutes of expiry."""
        with self._lock:
            current = self._current
            if (
                current is None
                or self.oss.sts_credentials.get(current["AccessKeyId"], ("", "", 0))[2] - 300
                <= self.oss.clock()
            ):
                current = self._current = self.issuer.issue(self.duration)
            return current

    def _handler(self) -> type:
        return type("_Handler", (_MetadataHandler,), {"md": self})


class _MetadataHandler(BaseHTTPRequestHandler):
    md: EcsMetadata
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def _path(self) -> str | None:
        """The metadata path asked for, or None when the request is for another host (refused)."""
        if "://" in self.path:
            parts = urlsplit(self.path)
            return parts.path if parts.hostname == METADATA_HOST else None
        return self.path.split("?", 1)[0]

    def do_PUT(self) -> None:
        path = self._path()
        if path == "/latest/api/token" and self.headers.get("X-aliyun-ecs-metadata-token-ttl-seconds"):
            self.md.paths.append(path)
            self._send(200, "text/plain", secrets.token_urlsafe(24))
        else:
            self._send(403 if path is None else 404, "text/plain", "refused")

    def do_GET(self) -> None:
        path = self._path()
        if path is None:
            self._send(403, "text/plain", "this stand-in answers for 100.100.100.200 only")
            return
        self.md.paths.append(path)
        if path == ROLE_PATH:
            self._send(200, "text/plain", self.md.role)
        elif path == ROLE_PATH + self.md.role:
            creds = self.md.credentials()
            body = {"Code": "Success", "LastUpdated": iso_z(self.md.oss.clock()), **creds}
            self._send(200, "application/json", json.dumps(body))
        else:
            self._send(404, "text/plain", "Not Found")

    def _send(self, status: int, content_type: str, text: str) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
