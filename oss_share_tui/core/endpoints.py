"""Endpoint hosts: normalising, telling IP/localhost from domains, and reading the region out of them."""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import urlsplit

from oss_share_tui.core.errors import InvalidInput

OSS_DOMAIN = "aliyuncs.com"
# oss-cn-hangzhou.aliyuncs.com, oss-cn-hangzhou-internal.aliyuncs.com, bucket.oss-cn-hangzhou.aliyuncs.com
_CLASSIC = re.compile(r"(?:^|\.)oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$")
# cn-hangzhou.oss.aliyuncs.com (the newer dual-stack form)
_DUALSTACK = re.compile(r"(?:^|\.)([a-z]{2}-[a-z0-9-]+)\.oss\.aliyuncs\.com$")
# Global names that carry no region: acceleration endpoints.
_NO_REGION = ("accelerate", "accelerate-overseas")


def host_of(endpoint: str) -> str:
    """The lower-case host (no scheme, port or path) of an endpoint or URL."""
    text = endpoint.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.lower()


@functools.lru_cache(maxsize=256)
def normalize_endpoint(endpoint: str) -> str:
    """`scheme://host[:port]`; no scheme means https (oss2 would pick http). InvalidInput if unusable."""
    text = (endpoint or "").strip()
    if not text:
        raise InvalidInput("endpoint is empty: e.g. -e oss-cn-hangzhou.aliyuncs.com", field="endpoint")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise InvalidInput(f"endpoint {endpoint!r} is not a host name or URL", field="endpoint") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidInput(f"endpoint {endpoint!r} must use http or https", field="endpoint")
    host = parts.hostname
    if not host or any(c.isspace() for c in host):
        raise InvalidInput(f"endpoint {endpoint!r} has no host name", field="endpoint")
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port is not None else "")


def is_ip_or_localhost(host: str) -> bool:
    """True for `localhost` and IP literals, where OSS clients use path-style URLs."""
    bare = host.strip("[]").lower()
    if bare == "localhost":
        return True
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        return False
    return True


def is_oss_domain(host: str) -> bool:
    """True when `host` is an Alibaba Cloud OSS domain (`*.aliyuncs.com`)."""
    return host == OSS_DOMAIN or host.endswith("." + OSS_DOMAIN)


def region_from_host(host: str) -> str | None:
    """`cn-hangzhou` from `[bucket.]oss-cn-hangzhou[-internal].aliyuncs.com`; None when it names none."""
    host = host.lower().rstrip(".")
    for pattern in (_CLASSIC, _DUALSTACK):
        match = pattern.search(host)
        if match:
            region = match.group(1)
            return None if region in _NO_REGION else region
    return None
