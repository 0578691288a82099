"""Decode a signed OSS URL (V1, V2 or V4; virtual-host, path-style or custom domain) without any secret."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import unquote, urlsplit

from oss_share_tui.core.endpoints import is_ip_or_localhost, is_oss_domain, region_from_host
from oss_share_tui.core.errors import InvalidInput

_TOKEN_PARAMS = ("security-token", "x-oss-security-token")
_V1_PARAMS = ("OSSAccessKeyId", "Expires", "Signature")
_V2_PARAMS = (
    "x-oss-signature-version",
    "x-oss-expires",
    "x-oss-access-key-id",
    "x-oss-signature",
    "x-oss-additional-headers",
)
_V4_PARAMS = (
    "x-oss-signature-version",
    "x-oss-credential",
    "x-oss-date",
    "x-oss-expires",
    "x-oss-signature",
    "x-oss-additional-headers",
)
_FIELD = "url"


@dataclass(frozen=True)
class LinkInfo:
    """What a signed URL says about itself. `url` is kept out of repr: it may carry an STS token."""

    url: str = field(repr=False)
    bucket: str
    """Empty for a custom-domain (CNAME) URL: the host does not name the bucket."""
    key: str
    version_id: str | None
    signature_version: str
    """"v1", "v2" or "v4"."""
    access_key_id: str
    region: str | None
    signed_at: datetime | None
    """V4 only (x-oss-date); V1 links carry only their expiry."""
    expires_at: datetime
    params: dict[str, str]
    """Other query parameters (response-*, x-oss-process, ...); never the signature or the token."""
    has_sts_token: bool
    host: str = ""
    style: str = ""
    """"virtual-host", "path" or "cname"."""

    def seconds_left(self, now: float | None = None) -> int:
        """Whole seconds until expiry; negative once expired."""
        current = time.time() if now is None else now
        return math.floor(self.expires_at.timestamp() - current)

    @property
    def expired(self) -> bool:
        """True once the current time is past the expiry instant."""
        return time.time() > self.expires_at.timestamp()

    @property
    def lifetime(self) -> int | None:
        """Seconds from signing to expiry, when the signing time is known."""
        if self.signed_at is None:
            return None
        return int((self.expires_at - self.signed_at).total_seconds())


def _query_pairs(query: str) -> list[tuple[str, str]]:
    """Decode `a=b&c` into pairs; `+` stays `+` (OSS signers write a space as %20)."""
    pairs = []
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((unquote(name), unquote(value)))
    return pairs


def _int_param(params: dict[str, str], name: str) -> int:
    value = params.get(name, "")
    if not (value.isascii() and value.isdecimal()):
        raise InvalidInput(f"signed URL has a bad {name} value {value!r}", field=_FIELD)
    return int(value)


def _from_timestamp(seconds: int) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        # V1 allows expiries far past year 9999; show the largest instant we can represent.
        return datetime.max.replace(tzinfo=timezone.utc)


def _split_location(host: str, path: str) -> tuple[str, str, str]:
    """(bucket, key, style) from the host and the raw (still percent-encoded) path."""
    raw = path[1:] if path.startswith("/") else path
    if is_ip_or_localhost(host):
        bucket, _, key = raw.partition("/")
        return unquote(bucket), unquote(key), "path"
    if is_oss_domain(host):
        labels = host.split(".")
        # `bucket.oss-region.aliyuncs.com` has a label before the endpoint; a bare endpoint is path-style.
        bare_dualstack = len(labels) == 4 and labels[1] == "oss"
        if len(labels) >= 4 and not labels[0].startswith("oss-") and not bare_dualstack:
            return labels[0], unquote(raw), "virtual-host"
        bucket, _, key = raw.partition("/")
        return unquote(bucket), unquote(key), "path"
    return "", unquote(raw), "cname"


def inspect_url(url: str, *, now: float | None = None) -> LinkInfo:
    """Decode a presigned GET URL; raise InvalidInput(field="url") for anything that is not one."""
    del now  # accepted for symmetry with the signer; the result does not depend on the clock
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        raise InvalidInput(f"{text!r} is not a URL", field=_FIELD) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise InvalidInput(
            "not a signed OSS URL: it must start with http:// or https:// and name a host", field=_FIELD
        )
    pairs = _query_pairs(parts.query)
    params = dict(pairs)
    has_token = any(name in params for name in _TOKEN_PARAMS)

    if "x-oss-credential" in params or params.get("x-oss-signature-version") == "OSS4-HMAC-SHA256":
        version = "v4"
        credential = params.get("x-oss-credential", "").split("/")
        if len(credential) != 5 or not credential[0]:
            raise InvalidInput("signed URL has a malformed x-oss-credential", field=_FIELD)
        access_key_id, region = credential[0], credential[2] or None
        try:
            signed_at = datetime.strptime(params.get("x-oss-date", ""), "%Y%m%dT%H%M%SZ").replace(
                tzinfo=timezone.utc
            )
        except ValueError:
            raise InvalidInput(
                f"signed URL has a bad x-oss-date {params.get('x-oss-date')!r}", field=_FIELD
            ) from None
        expires_at = _from_timestamp(int(signed_at.timestamp()) + _int_param(params, "x-oss-expires"))
        machinery: tuple[str, ...] = _V4_PARAMS
    elif params.get("x-oss-signature-version") == "OSS2":
        version, signed_at = "v2", None
        access_key_id = params.get("x-oss-access-key-id", "")
        expires_at = _from_timestamp(_int_param(params, "x-oss-expires"))
        region = region_from_host(host)
        machinery = _V2_PARAMS
    elif all(name in params for name in _V1_PARAMS):
        version, signed_at = "v1", None
        access_key_id = params["OSSAccessKeyId"]
        expires_at = _from_timestamp(_int_param(params, "Expires"))
        region = region_from_host(host)
        machinery = _V1_PARAMS
    else:
        raise InvalidInput(
            "not a signed OSS URL: no OSSAccessKeyId/Expires/Signature (V1) "
            "or x-oss-credential/x-oss-signature (V4)",
            field=_FIELD,
        )

    bucket, key, style = _split_location(host, parts.path)
    hidden = set(machinery) | set(_TOKEN_PARAMS) | {"versionId"}
    extra = {name: value for name, value in pairs if name not in hidden}
    return LinkInfo(
        url=text,
        bucket=bucket,
        key=key,
        version_id=params.get("versionId"),
        signature_version=version,
        access_key_id=access_key_id,
        region=region,
        signed_at=signed_at,
        expires_at=expires_at,
        params=extra,
        has_sts_token=has_token,
        host=host,
        style=style,
    )
