"""oss2 exceptions as `RemoteError`s: the OSS code, message and request id, plus a plain-language hint."""

from __future__ import annotations

from typing import Any

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.printable import visible
from oss_share_tui.storage import net_errors

HINTS: dict[str, str] = {
    "NoSuchBucket": "Check the bucket name; the bucket may have been deleted or live in another account.",
    "NoSuchKey": "The object is gone or was renamed; press r to refresh the listing.",
    "NoSuchVersion": "That version no longer exists; refresh the versions view.",
    "AccessDenied": "Your AccessKey lacks permission for this; ask for the oss:List*/oss:Get* RAM actions.",
    "SignatureDoesNotMatch": "The AccessKey secret is wrong, or the signature version/region does not suit "
    "this endpoint.",
    "InvalidAccessKeyId": "The AccessKey id is unknown here; check -i/--access-key-id, OSS_ACCESS_KEY_ID or "
    "your config file, and the endpoint.",
    "RequestTimeTooSkewed": "Your computer's clock is more than 15 minutes off; sync it (e.g. with NTP).",
    "SecurityTokenExpired": "The STS token has expired; get a fresh one.",
    "InvalidSecurityToken": "The STS token is invalid; get a fresh one and pass it with -t/--sts-token.",
    "MethodNotAllowed": "That version is a delete marker: it has no content to read or share.",
    "InvalidArgument": "OSS refused one of the request's parameters.",
    "InvalidBucketName": "Bucket names are 3 to 63 lower-case letters, digits or '-'.",
    "InvalidObjectName": "That object key is not allowed by OSS.",
    "NetworkError": "Check your network connection and the endpoint, then press r to retry.",
    "Timeout": "The endpoint did not answer in time; check the network or endpoint, then press r to retry.",
    "ServerError": "OSS had a temporary problem; press r to retry.",
    "BadResponse": "The endpoint did not answer like OSS; check that the endpoint is an OSS endpoint.",
}

NETWORK_STATUS = -2
"""oss2's status for `RequestError`: the request never got an HTTP answer."""


def hint_for(code: str, status: int = 0) -> str:
    """The plain-language hint for an OSS error code (or a 5xx status)."""
    if code in HINTS:
        return HINTS[code]
    if status >= 500:
        return HINTS["ServerError"]
    return ""


def is_broken_transfer(exc: BaseException) -> bool:
    """True when the connection failed while an answer's body was being read.

    oss2 turns a failed request into `RequestError`, but reading the body happens later, in requests, whose
    errors (ChunkedEncodingError, ConnectionError, ReadTimeout…) are OSError subclasses; urllib3 and
    http.client may surface their own.
    """
    if isinstance(exc, OSError):
        return True
    return type(exc).__module__.split(".")[0] in ("requests", "urllib3", "http")


def is_retryable(exc: BaseException) -> bool:
    """True for errors worth retrying: the network failed, or OSS answered 5xx."""
    if is_broken_transfer(exc):
        return True
    status = getattr(exc, "status", None)
    if not isinstance(status, int):
        return False
    return status == NETWORK_STATUS or status >= 500


def _network_error(exc: Any) -> RemoteError:
    """A `RequestError` (connection refused, reset, timed out…) as a RemoteError."""
    inner = getattr(exc, "exception", None)
    text = str(inner) if inner is not None else str(getattr(exc, "body", "") or exc)
    timed_out = "timed out" in text.lower() or "timeout" in type(inner).__name__.lower()
    kind = net_errors.classify(f"{type(inner).__name__}: {text}")
    code = "Timeout" if timed_out and kind in ("timeout", "") else "NetworkError"
    message = net_errors.PLAIN["timeout" if code == "Timeout" else kind]
    return RemoteError(message, code=code, status=NETWORK_STATUS, hint=hint_for(code), detail=text)


def _short(text: str, limit: int = 160) -> str:
    """One line of at most `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _ec_of(exc: Any) -> str:
    """OSS's EC code: the error body's `<EC>` (oss2 keeps it as `ec`), else the `x-oss-ec` header (a HEAD
    answer has no body), made visible and short like the code."""
    ec = str(getattr(exc, "ec", "") or "")
    if not ec:
        headers = getattr(exc, "headers", None) or {}
        try:
            ec = str(headers.get("x-oss-ec", "") or "")
        except AttributeError:
            ec = ""
    return visible(ec.strip())[:40]


def to_remote_error(exc: BaseException) -> RemoteError:
    """Map any exception raised by an oss2 call to a RemoteError (the caller raises it `from exc`)."""
    if isinstance(exc, RemoteError):
        return exc
    status = getattr(exc, "status", None)
    if status == NETWORK_STATUS:
        return _network_error(exc)
    if isinstance(status, int) and hasattr(exc, "details"):
        # The code is shown as a title and in status lines as if it were an identifier: a hostile or broken
        # endpoint could put bidi overrides or C1 controls in it, so make them visible here, at the source.
        code = visible(str(getattr(exc, "code", "") or ""))[:80]
        message = getattr(exc, "message", "") or ""
        if status == -1:  # oss2 ClientError: refused before sending
            body = str(getattr(exc, "body", "") or "").removeprefix("ClientError: ")
            return RemoteError(_short(body) or "Invalid request.", code="ClientError", status=status)
        if not code:
            code = "ServerError" if status >= 500 else f"HTTP{status}"
        if not message:
            message = f"OSS answered HTTP {status}." if status > 0 else "OSS gave an unusable answer."
        return RemoteError(
            _short(message, 300),
            code=code,
            status=status,
            request_id=visible(str(getattr(exc, "request_id", "") or ""))[:80],
            hint=hint_for(code, status),
            ec=_ec_of(exc),
        )
    if is_broken_transfer(exc):
        return RemoteError(
            "The connection broke before the whole answer arrived "
            f"({_short(str(exc)) or type(exc).__name__}).",
            code="NetworkError",
            status=NETWORK_STATUS,
            hint=hint_for("NetworkError"),
            detail=f"{type(exc).__name__}: {exc}",
        )
    # oss2 parses XML eagerly and raises RuntimeError/ParseError on an answer that isn't OSS's.
    return RemoteError(
        f"Unexpected answer: {_short(str(exc)) or type(exc).__name__}",
        code="BadResponse",
        hint=hint_for("BadResponse"),
    )
