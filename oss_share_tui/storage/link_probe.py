"""Test a signed link the way its recipient would: a one-byte ranged GET, the answer in plain words."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.message import Message

from oss_share_tui.core.disposition import parse_content_disposition
from oss_share_tui.core.options import ShareOptions

TIMEOUT = 10.0
"""Seconds to wait for the endpoint (DESIGN.md: a 10 s timeout for network calls)."""


@dataclass(frozen=True)
class LinkExpectation:
    """What the link asked for, to tell when the answer differs (e.g. processing the server ignored)."""

    disposition: str | None = None
    content_type: str | None = None
    process: str | None = None
    original_size: int | None = None
    """The stored object's size, when known: a "processed" answer of exactly this size was not processed."""

    @classmethod
    def from_options(cls, options: ShareOptions, original_size: int | None = None) -> LinkExpectation:
        """The expectation for a link signed with `options`."""
        return cls(disposition=options.param("response-content-disposition"),
                   content_type=options.param("response-content-type"),
                   process=options.param("x-oss-process"), original_size=original_size or None)


@dataclass(frozen=True)
class LinkCheck:
    """The outcome of one link test: `status` 0 means no HTTP answer at all."""

    ok: bool
    status: int
    code: str = ""
    message: str = ""
    cause: str = ""
    content_type: str = ""
    content_length: int | None = None
    """The whole object's size (from Content-Range on a 206), else the Content-Length; None when not sent."""
    disposition: str = ""
    """The Content-Disposition as sent."""
    filename: str = ""
    """Its file name decoded (RFC 5987 `filename*` first)."""
    differences: tuple[str, ...] = ()
    """Where the answer differs from what the link asked, in plain words."""

    @property
    def summary(self) -> str:
        """One line for the result view: `works (206)` or `CODE (status): plain cause`."""
        if self.ok:
            return f"works ({self.status})"
        where = f" ({self.status})" if self.status else ""
        return f"{self.code or 'Error'}{where}: {self.cause or self.message}"

    @property
    def headers_line(self) -> str:
        """`HTTP 206 · text/plain · 1,234 bytes · attachment as a b.txt` ("" with no HTTP answer)."""
        if not self.status:
            return ""
        parts = [f"HTTP {self.status}"]
        if self.content_type:
            parts.append(self.content_type)
        if self.content_length is not None:
            parts.append(f"{self.content_length:,} bytes")
        if self.disposition:
            mode, name = parse_content_disposition(self.disposition)
            parts.append(f"{mode} as {name}" if name else mode)
        return " · ".join(parts)


def _total_length(headers: Message) -> int | None:
    """The object's full size: `Content-Range: bytes 0-0/1234` on a 206, else Content-Length."""
    match = re.search(r"/(\d+)\s*$", headers.get("Content-Range", "") or "")
    if match:
        return int(match.group(1))
    length = headers.get("Content-Length")
    return int(length) if length and length.isdigit() else None


def _differences(expect: LinkExpectation | None, content_type: str, size: int | None,
                 disposition: str) -> tuple[str, ...]:
    """What the answer did not honour, compared with what the link asked."""
    if expect is None:
        return ()
    out: list[str] = []
    if expect.disposition and disposition != expect.disposition:
        out.append(f"asked Content-Disposition {expect.disposition!r}, got {disposition or 'none'!r}")
    if expect.content_type and content_type != expect.content_type:
        out.append(f"asked Content-Type {expect.content_type!r}, got {content_type or 'none'!r}")
    if expect.process:
        wanted = re.search(r"/format,([a-z0-9]+)", expect.process)
        fmt = wanted.group(1).replace("jpg", "jpeg") if wanted else ""
        if fmt and content_type and not content_type.endswith("/" + fmt):
            out.append(f"processing ignored: asked format {wanted.group(1)}, got {content_type}")
        elif expect.original_size is not None and size == expect.original_size:
            out.append(f"processing ignored: the server sent the original ({size:,} bytes)")
    return tuple(out)


def _access_denied_cause(message: str) -> str:
    """A plain cause for the many faces of AccessDenied, told apart by OSS's message."""
    text = message.lower()
    if "expired" in text:
        return "the link has expired"
    if "referer" in text or "referrer" in text:
        return "the bucket's Referer (hotlink) protection refused it"
    if "requester" in text or "payer" in text:
        return "the bucket is requester-pays: sign again with requester pays on"
    if "source ip" in text or "vpc" in text or "x-oss-ac" in text or " ip " in f" {text} ":
        return "a source IP, subnet or VPC restriction refused it"
    if "acl" in text or "policy" in text:
        return "the signer has no permission to read this object (bucket ACL, bucket policy or RAM policy)"
    return "access denied: the signer lacks permission to read this object"


_CAUSES: dict[str, str] = {
    "SignatureDoesNotMatch": "signature mismatch: wrong secret, signature version or region, or the URL was "
    "changed",
    "InvalidAccessKeyId": "the AccessKey id is unknown here (deleted, disabled or another account)",
    "SecurityTokenExpired": "the STS token the link was signed with has expired",
    "InvalidSecurityToken": "the STS token in the link is invalid",
    "RequestTimeTooSkewed": "the link was signed with a clock that is more than 15 minutes off",
    "NoSuchKey": "the object no longer exists (deleted or renamed)",
    "NoSuchVersion": "that version no longer exists (version deleted)",
    "MethodNotAllowed": "that version is a delete marker (version deleted)",
    "NoSuchBucket": "the bucket no longer exists",
    "InvalidArgument": "OSS refused one of the link's parameters",
    "InvalidObjectState": "the object is archived (Archive, ColdArchive or DeepColdArchive) and not restored: "
    "the link fails until the object is restored",
}


def cause_for(status: int, code: str, message: str) -> str:
    """The plain-language cause for one OSS error answer."""
    if code == "AccessDenied":
        return _access_denied_cause(message)
    if code == "InvalidArgument" and message:
        return f"OSS refused a parameter: {message}"
    if code in _CAUSES:
        return _CAUSES[code]
    if status == 405:
        return _CAUSES["MethodNotAllowed"]
    if status >= 500:
        return "OSS had a temporary problem; try again"
    return message or f"OSS answered HTTP {status}"


def parse_error(body: bytes) -> tuple[str, str]:
    """`(Code, Message)` from an OSS error document, or empty strings when the body is not one."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return "", ""
    if root.tag != "Error":
        return "", ""
    return (root.findtext("Code") or "").strip(), (root.findtext("Message") or "").strip()


def check_link(url: str, *, timeout: float = TIMEOUT, expect: LinkExpectation | None = None) -> LinkCheck:
    """GET `url` with `Range: bytes=0-0` and explain the answer (blocking: call from a thread worker).

    With `expect`, the answer's headers are compared with what the link asked for (`differences`).
    """
    request = urllib.request.Request(url, headers={"Range": "bytes=0-0"}, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the user's own link
            response.read(1)
            headers = response.headers
            content_type = headers.get("Content-Type", "") or ""
            size = _total_length(headers)
            disposition = headers.get("Content-Disposition", "") or ""
            _, name = parse_content_disposition(disposition) if disposition else ("", None)
            return LinkCheck(True, response.status, content_type=content_type, content_length=size,
                             disposition=disposition, filename=name or "",
                             differences=_differences(expect, content_type, size, disposition))
    except urllib.error.HTTPError as err:
        with err:
            body = err.read(64 * 1024) if err.fp is not None else b""
        status = err.code
        if status == 416:
            # An empty object has no byte 0; the link itself was accepted.
            return LinkCheck(True, status, message="empty object")
        code, message = parse_error(body)
        if not code and status == 405:
            code = "MethodNotAllowed"
        if not code:
            code = f"HTTP{status}"
        return LinkCheck(False, status, code, message, cause_for(status, code, message))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        text = " ".join(str(reason).split()) or type(exc).__name__
        timed_out = "timed out" in text.lower()
        return LinkCheck(
            False,
            0,
            "Timeout" if timed_out else "NetworkError",
            text,
            "the endpoint did not answer in time" if timed_out else f"could not reach the endpoint ({text})",
        )
