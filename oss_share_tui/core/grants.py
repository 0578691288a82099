"""What a link grants, in one line from its options: expiry, version, download name, processing, limits."""

from __future__ import annotations

from oss_share_tui.core.disposition import parse_content_disposition
from oss_share_tui.core.durations import format_duration
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.core.units import format_traffic

_HEADER_LABELS = {
    "response-content-type": "Content-Type",
    "response-content-language": "Content-Language",
    "response-expires": "Expires",
    "response-cache-control": "Cache-Control",
    "response-content-encoding": "Content-Encoding",
}
_LIMIT_LABELS = {
    "x-oss-ac-source-ip": "source IP",
    "x-oss-ac-subnet-mask": "subnet /",
    "x-oss-ac-vpc-id": "VPC",
    "x-oss-ac-forward-allow": "forwarding",
}


def grant_parts(options: ShareOptions, *, with_expiry: bool = True, with_signature: bool = True) -> list[str]:
    """The pieces of the grants line, in a fixed order (each plain text)."""
    parts: list[str] = []
    if with_expiry:
        parts.append(f"valid {format_duration(options.expires_in)}")
    parts.append(f"version {options.version_id}" if options.version_id else "latest version")
    params = dict(options.params)
    disposition = params.get("response-content-disposition")
    if disposition:
        mode, name = parse_content_disposition(disposition)
        parts.append(f"{mode} as {name}" if name else mode)
    process = params.get("x-oss-process")
    if process:
        parts.append(f"processing {process}")
    for key, label in _HEADER_LABELS.items():
        if params.get(key):
            parts.append(f"{label}: {params[key]}")
    if options.traffic_limit is not None:
        parts.append(f"at most {format_traffic(options.traffic_limit)}")
    for key, label in _LIMIT_LABELS.items():
        if params.get(key):
            parts.append(f"{label}{'' if label.endswith('/') else ' '}{params[key]}")
    if options.payer:
        parts.append("requester pays")
    if options.slash_safe:
        parts.append("/ kept in the key")
    if with_signature:
        parts.append(f"signature {options.sign_version.upper()}")
    return parts


def grants_line(options: ShareOptions, *, with_expiry: bool = True, with_signature: bool = True) -> str:
    """`valid 1h · latest version · attachment as 横幅 宣传图.png · at most 100 KB/s · signature V4`."""
    return " · ".join(grant_parts(options, with_expiry=with_expiry, with_signature=with_signature))
