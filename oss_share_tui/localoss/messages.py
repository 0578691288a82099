"""The parsed request and the response the OSS handlers exchange with the HTTP layer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Request:
    """One parsed HTTP request: decoded path pieces, decoded query, lower-case headers, body."""

    method: str
    bucket: str | None
    key: str
    """The object key; "" for bucket- and service-level requests."""
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    host: str = ""
    client_ip: str = "127.0.0.1"
    now: float = 0.0

    @property
    def level(self) -> str:
        """ "service", "bucket" or "object"."""
        if self.bucket is None:
            return "service"
        return "object" if self.key else "bucket"


@dataclass
class Response:
    """What to send back; for HEAD the body is dropped but its length still goes in Content-Length."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    length: int | None = None
    """Content-Length when it differs from len(body): a HEAD says how long the GET body would be."""


def xml_response(body: bytes) -> Response:
    """200 with an XML body."""
    return Response(200, [("Content-Type", "application/xml")], body)
