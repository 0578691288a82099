"""The readable and JSON forms of a decoded signed URL, for `oss-share inspect` and the TUI inspect screen."""

from __future__ import annotations

from datetime import datetime, timezone

from oss_share_tui.core import printable
from oss_share_tui.core.disposition import parse_content_disposition
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
        local = moment.astimezone()
    except (OverflowError, OSError, ValueError):
        return "local time unknown"
    offset = local.utcoffset()
    if not offset:
        return "local time is UTC"
    total = int(offset.total_seconds()) // 60
    sign, total = ("+" if total >= 0 else "-"), abs(total)
    zone = f"UTC{sign}{total // 60:02d}:{total % 60:02d}"
    return f"local {local.strftime('%Y-%m-%d %H:%M:%S')} {local.tzname() or ''} ({zone})"


def _when(moment: datetime) -> str:
    """Both clocks, each labelled: `2024-05-06 07:08:09 UTC · local 2024-05-06 15:08:09 CST (UTC+08:00)`."""
    return f"{_utc(moment)} · {_local(moment)}"


def download_as(info: LinkInfo) -> str | None:
    """How the link downloads, from response-content-disposition, with an RFC 5987 name decoded."""
    value = info.params.get("response-content-disposition")
    if not value:
        return None
    kind, name = parse_content_disposition(value)
    if name is None:
        return kind or value
    return f'{kind or "attachment"}, file name "{name}"'


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
        "download_name": _download_name(info),
    }


def _download_name(info: LinkInfo) -> str | None:
    value = info.params.get("response-content-disposition")
    return parse_content_disposition(value)[1] if value else None


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
            _when(info.signed_at) if info.signed_at else "(not recorded)",
        ),
        ("expires at", _when(info.expires_at)),
        ("status", _status(info, now)),
    ]
    download = download_as(info)
    if download is not None:
        rows.append(("download as", download))
    for name, value in info.params.items():
        rows.append((f"param {visible(name)}", visible(value) if value else "(empty)"))
    rows.append(("security token", "present (value hidden)" if info.has_sts_token else "none"))
    if signature is not None:
        rows.append(("signature", signature))
    # Every field, not only the key: a hand-made URL can put escapes in the bucket, region or host too.
    rows = [(visible(name), visible(value)) for name, value in rows]
    width = max(len(name) for name, _ in rows) + 1
    return "\n".join(f"{name + ':':<{width}} {value}" for name, value in rows)
