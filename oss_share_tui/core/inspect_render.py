"""The readable and JSON forms of a decoded signed URL, for `oss-share inspect` and the TUI inspect screen."""

from __future__ import annotations

from datetime import datetime, timezone

from oss_share_tui.core import printable
from oss_share_tui.core.durations import format_duration
from oss_share_tui.core.inspect import LinkInfo


def visible(text: str) -> str:
    """`text` with control, format and separator characters shown as escapes, so keys cannot drive the
    terminal (core.printable's, kept here for the callers that import it from this module)."""
    return printable.visible(text)


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _local(moment: datetime) -> str:
    try:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    except (OverflowError, OSError, ValueError):
        return "?"


def _status(info: LinkInfo, now: float) -> str:
    left = info.seconds_left(now)
    if left < 0:
        return f"expired {format_duration(-left)} ago"
    return f"{format_duration(left)} left"


def to_json(info: LinkInfo, now: float) -> dict[str, object]:
    """The JSON form of `inspect` (no URL: it may carry the token)."""
    return {
        "bucket": info.bucket,
        "key": info.key,
        "version_id": info.version_id,
        "signature_version": info.signature_version,
        "access_key_id": info.access_key_id,
        "region": info.region,
        "host": info.host,
        "style": info.style,
        "signed_at": info.signed_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if info.signed_at
        else None,
        "expires_at": info.expires_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "seconds_left": info.seconds_left(now),
        "expired": info.seconds_left(now) < 0,
        "params": info.params,
        "has_sts_token": info.has_sts_token,
    }


def render(info: LinkInfo, now: float, signature: str | None = None) -> str:
    """The readable block printed by `oss-share inspect`."""
    rows = [
        ("bucket", info.bucket or f"(custom domain {info.host}: the bucket is not in the URL)"),
        ("key", visible(info.key)),
        ("version", visible(info.version_id) if info.version_id else "(current)"),
        ("signature version", info.signature_version),
        ("signer key id", visible(info.access_key_id)),
        ("region", info.region or "(unknown)"),
        ("url style", f"{info.style} ({info.host})"),
        (
            "signed at",
            f"{_utc(info.signed_at)} ({_local(info.signed_at)})" if info.signed_at else "(not recorded)",
        ),
        ("expires at", f"{_utc(info.expires_at)} ({_local(info.expires_at)})"),
        ("status", _status(info, now)),
    ]
    for name, value in info.params.items():
        rows.append((f"param {visible(name)}", visible(value) if value else "(empty)"))
    rows.append(("security token", "present (value hidden)" if info.has_sts_token else "none"))
    if signature is not None:
        rows.append(("signature", signature))
    # Every field, not only the key: a hand-made URL can put escapes in the bucket, region or host too.
    rows = [(visible(name), visible(value)) for name, value in rows]
    width = max(len(name) for name, _ in rows) + 1
    return "\n".join(f"{name + ':':<{width}} {value}" for name, value in rows)
