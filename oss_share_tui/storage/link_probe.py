"""Test a signed link the way its recipient would: a one-byte ranged GET, the answer in plain words."""

from __future__ import annotations

import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass

TIMEOUT = 10.0
"""Seconds to wait for the endpoint (DESIGN.md: a 10 s timeout for network calls)."""


@dataclass(frozen=True)
class LinkCheck:
    """The outcome of one link test: `status` 0 means no HTTP answer at all."""

    ok: bool
    status: int
    code: str = ""
    message: str = ""
    cause: str = ""

    @property
    def summary(self) -> str:
        """One line for the result view: `works (206)` or `CODE (status): plain cause`."""
        if self.ok:
            return f"works ({self.status})"
        where = f" ({self.status})" if self.status else ""
        return f"{self.code or 'Error'}{where}: {self.cause or self.message}"


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


def check_link(url: str, *, timeout: float = TIMEOUT) -> LinkCheck:
    """GET `url` with `Range: bytes=0-0` and explain the answer (blocking: call from a thread worker)."""
    request = urllib.request.Request(url, headers={"Range": "bytes=0-0"}, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the user's own link
            response.read(1)
            return LinkCheck(True, response.status)
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
