"""Region ids (`cn-hangzhou`) derived from endpoints and OSS location names."""

from __future__ import annotations

from oss_share_tui.core.endpoints import host_of, is_ip_or_localhost, region_from_host


def region_from_endpoint(endpoint: str) -> str | None:
    """`cn-hangzhou` from `[https://]oss-cn-hangzhou[-internal].aliyuncs.com`; None if it names none."""
    host = host_of(endpoint or "")
    if not host or is_ip_or_localhost(host):
        return None
    return region_from_host(host)


def region_from_location(location: str) -> str:
    """`cn-hangzhou` from a bucket Location such as `oss-cn-hangzhou`."""
    text = (location or "").strip()
    return text[4:] if text.startswith("oss-") else text
