"""What an OSS or network error means where it happened: one plain sentence, a fitting hint, retry or not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.storage import net_errors

if TYPE_CHECKING:
    from oss_share_tui.core.models import Bucket
    from oss_share_tui.storage.gateway import OssGateway

NETWORK_CODES = frozenset({"NetworkError", "Timeout"})
CREDENTIAL_CODES = frozenset(
    {"InvalidAccessKeyId", "SignatureDoesNotMatch", "SecurityTokenExpired", "InvalidSecurityToken"}
)
RETRY_HINT = "Press r to retry."


@dataclass(frozen=True)
class ErrorView:
    """An error as the TUI shows it."""

    title: str
    """The OSS code (or NetworkError/Timeout)."""
    sentence: str
    """What happened, in one plain sentence."""
    hint: str
    """What to do; it offers `r` only when a retry can help."""
    retryable: bool
    short: str
    """A few words for the status line."""
    detail: str
    """The raw text (exception words, request id) for the details view."""


def is_retryable(error: RemoteError) -> bool:
    """True when trying the same request again may work: the network failed or OSS answered 5xx."""
    return error.code in NETWORK_CODES or error.code == "ServerError" or error.status >= 500


def describe(error: RemoteError, gateway: OssGateway, bucket: Bucket | None = None) -> ErrorView:
    """Turn `error`, met while working in `bucket` (None: the bucket list), into what the user reads."""
    profile = gateway.profile
    retryable = is_retryable(error)
    sentence, hint = str(error), error.hint
    if error.code in NETWORK_CODES:
        endpoint = gateway.endpoint_for(bucket) if bucket is not None else profile.endpoint
        kind = net_errors.classify(f"{error.detail} {error}")
        if error.code == "Timeout" and not kind:
            kind = "timeout"
        sentence = net_errors.explain(kind, endpoint, net_errors.endpoint_source(profile, bucket))
        hint = RETRY_HINT
    elif error.code in CREDENTIAL_CODES:
        source = profile.credential_source or "your settings"
        what = "STS token" if "Token" in error.code else "AccessKey"
        hint = f"{error.hint} The {what} in use comes from {source}: fix it there, then start again."
    elif error.code == "NoSuchBucket":
        hint = f"{error.hint} Press ⌫ for the bucket list."
    elif retryable:
        hint = error.hint if "r to retry" in error.hint else f"{error.hint} {RETRY_HINT}".strip()
    short = "press r to retry" if retryable else "⌫ goes to the bucket list" if error.code == "NoSuchBucket" \
        else "press e for details"
    detail_lines = [f"Code: {error.code or '—'}", f"Message: {error}"]
    if error.status:
        status = str(error.status) if error.status > 0 else "none (no answer)"
        detail_lines.append(f"HTTP status: {status}")
    if error.request_id:
        detail_lines.append(f"Request id: {error.request_id}")
    if getattr(error, "ec", ""):
        detail_lines.append(f"EC: {error.ec}")
    if error.detail:
        detail_lines.append(f"Raw: {error.detail}")
    return ErrorView(
        title=error.code or "Error",
        sentence=sentence,
        hint=hint,
        retryable=retryable,
        short=short,
        detail="\n".join(detail_lines),
    )
