"""An independent reference of OSS presigned-URL signing (V1 and V4), written from OSS-PROTOCOL.md.

Used ONLY by tests to produce expected URLs. It must not import project code or oss2: if it did, a signing bug
would be mirrored and the golden tests would prove nothing.

The one thing the protocol leaves open is the ORDER of query parameters in the URL (servers don't care). To
compare whole URLs we write them in the order oss2 writes them: the caller's parameters as given, then the
security token, then the signature parameters (V1: OSSAccessKeyId, Expires, Signature; V4: x-oss-date,
x-oss-expires, x-oss-signature-version, x-oss-credential, x-oss-signature).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime, timezone

UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")

# OSS-PROTOCOL.md, "Which query parameters are signed" (V1): the sub-resources a presigned GET can carry.
V1_SUBRESOURCES = frozenset(
    {
        "versionId",
        "x-oss-process",
        "x-oss-traffic-limit",
        "x-oss-request-payer",
        "response-content-type",
        "response-content-language",
        "response-expires",
        "response-cache-control",
        "response-content-disposition",
        "response-content-encoding",
        "x-oss-ac-source-ip",
        "x-oss-ac-subnet-mask",
        "x-oss-ac-vpc-id",
        "x-oss-ac-forward-allow",
        "security-token",
    }
)


def pct(text: str, keep_slash: bool = False) -> str:
    """RFC 3986 encoding of UTF-8 bytes: only A-Za-z0-9-_.~ (and `/` when asked) stay as they are."""
    out = []
    for byte in text.encode("utf-8"):
        if byte in UNRESERVED or (keep_slash and byte == ord("/")):
            out.append(chr(byte))
        else:
            out.append("%" + format(byte, "02X"))
    return "".join(out)


def _query(pairs: Sequence[tuple[str, str]]) -> str:
    """`k=v` pairs, encoded, in the given order (bare `k` for an empty value)."""
    return "&".join(pct(k) + ("=" + pct(v) if v else "") for k, v in pairs)


def base_url(scheme: str, host: str, bucket: str, key: str, style: str, slash_safe: bool) -> str:
    """The URL before `?`: virtual-host `bucket.host/key`, path-style `host/bucket/key`, cname `host/key`."""
    path = pct(key, keep_slash=slash_safe)
    if style == "virtual":
        return f"{scheme}://{bucket}.{host}/{path}"
    if style == "path":
        return f"{scheme}://{host}/{bucket}/{path}"
    if style == "cname":
        return f"{scheme}://{host}/{path}"
    raise ValueError(style)


def v1_string_to_sign(bucket: str, key: str, expires: int, params: Sequence[tuple[str, str]]) -> str:
    """`GET\\n\\n\\n{Expires}\\n/bucket/key[?subresources]`: key raw, sub-resources sorted, values decoded."""
    subs = sorted((k, v) for k, v in params if k in V1_SUBRESOURCES)
    resource = f"/{bucket}/{key}"
    if subs:
        resource += "?" + "&".join(f"{k}={v}" if v else k for k, v in subs)
    return f"GET\n\n\n{expires}\n{resource}"


def presign_v1(
    *,
    scheme: str,
    host: str,
    bucket: str,
    key: str,
    access_key_id: str,
    secret: str,
    expires: int,
    params: Sequence[tuple[str, str]] = (),
    token: str | None = None,
    style: str = "virtual",
    slash_safe: bool = False,
) -> str:
    """A V1 presigned GET URL; `expires` is absolute unix seconds."""
    pairs = list(params)
    if token:
        pairs.append(("security-token", token))
    to_sign = v1_string_to_sign(bucket, key, expires, pairs)
    signature = base64.b64encode(
        hmac.new(secret.encode(), to_sign.encode("utf-8"), hashlib.sha1).digest()
    ).decode()
    pairs += [("OSSAccessKeyId", access_key_id), ("Expires", str(expires)), ("Signature", signature)]
    return base_url(scheme, host, bucket, key, style, slash_safe) + "?" + _query(pairs)


def v4_canonical_request(bucket: str, key: str, pairs: Sequence[tuple[str, str]]) -> str:
    """VERB, URI (slashes kept), sorted encoded query, no headers, no additional headers, UNSIGNED-PAYLOAD."""
    encoded = sorted((pct(k), pct(v)) for k, v in pairs)
    query = "&".join(f"{k}={v}" if v else k for k, v in encoded)
    uri = pct(f"/{bucket}/{key}", keep_slash=True)
    return "\n".join(["GET", uri, query, "", "", "UNSIGNED-PAYLOAD"])


def v4_signing_key(secret: str, day: str, region: str) -> bytes:
    """HMAC-SHA256 chain: "aliyun_v4"+secret -> date -> region -> "oss" -> "aliyun_v4_request"."""
    key = ("aliyun_v4" + secret).encode()
    for part in (day, region, "oss", "aliyun_v4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def presign_v4(
    *,
    scheme: str,
    host: str,
    bucket: str,
    key: str,
    access_key_id: str,
    secret: str,
    region: str,
    when: datetime,
    expires: int,
    params: Sequence[tuple[str, str]] = (),
    token: str | None = None,
    style: str = "virtual",
    slash_safe: bool = False,
) -> str:
    """A V4 presigned GET URL signed at `when` (aware), valid `expires` seconds."""
    stamp = when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    day = stamp[:8]
    scope = f"{day}/{region}/oss/aliyun_v4_request"
    pairs = list(params)
    if token:
        pairs.append(("x-oss-security-token", token))
    pairs += [
        ("x-oss-date", stamp),
        ("x-oss-expires", str(expires)),
        ("x-oss-signature-version", "OSS4-HMAC-SHA256"),
        ("x-oss-credential", f"{access_key_id}/{scope}"),
    ]
    canonical = v4_canonical_request(bucket, key, pairs)
    to_sign = "\n".join(
        ["OSS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode("utf-8")).hexdigest()]
    )
    signature = hmac.new(v4_signing_key(secret, day, region), to_sign.encode(), hashlib.sha256).hexdigest()
    pairs.append(("x-oss-signature", signature))
    return base_url(scheme, host, bucket, key, style, slash_safe) + "?" + _query(pairs)
