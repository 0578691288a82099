"""Network failures in plain words: refused, DNS, TLS, timeout, naming the endpoint and where it came from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from oss_share_tui.core.models import Bucket
    from oss_share_tui.storage.profile import Profile

Kind = Literal["refused", "dns", "tls", "timeout", "reset", ""]

_SIGNS: tuple[tuple[Kind, tuple[str, ...]], ...] = (
    # Order matters: urllib3 wraps a DNS failure in a "Max retries exceeded" whose text may also say
    # "timed out" for other reasons, and TLS errors mention the connection too.
    ("dns", ("nameresolutionerror", "failed to resolve", "name or service not known", "nodename nor servname",
             "getaddrinfo failed", "temporary failure in name resolution", "no address associated")),
    ("tls", ("sslerror", "ssl:", "certificate_verify_failed", "wrong_version_number", "tlsv1", "ssl error")),
    ("refused", ("connection refused", "connectionrefusederror", "errno 111", "actively refused",
                 "errno 61", "winerror 10061")),
    ("timeout", ("timed out", "timeout")),
    ("reset", ("connection reset", "remotedisconnected", "connection aborted", "broken pipe",
               "connection broke")),
)

PLAIN: dict[Kind, str] = {
    "refused": "The connection was refused: nothing is listening at the endpoint.",
    "dns": "The endpoint's host name could not be found (DNS).",
    "tls": "A secure (TLS) connection to the endpoint failed.",
    "timeout": "The endpoint did not answer in time.",
    "reset": "The connection broke before the answer arrived.",
    "": "Could not reach the endpoint.",
}
"""One sentence per kind when the endpoint is not known (the CLI, logs)."""


def classify(text: str) -> Kind:
    """What kind of network failure the raw text of an exception (chain) describes; "" when unclear."""
    lowered = text.lower()
    for kind, signs in _SIGNS:
        if any(sign in lowered for sign in signs):
            return kind
    return ""


def endpoint_source(profile: Profile, bucket: Bucket | None = None) -> str:
    """Where the endpoint used for `bucket` (or the profile's) came from, in words."""
    if bucket is not None:
        if profile.bucket_endpoints.get(bucket.name):
            return "[Bucket-Endpoint] in the config file"
        if bucket.extranet_endpoint:
            return "the bucket's own endpoint, from ListBuckets"
    return profile.endpoint_source or "the profile"


def explain(kind: Kind, endpoint: str, source: str) -> str:
    """One plain sentence saying what failed, naming the endpoint and where it came from."""
    where = f"{endpoint} (the endpoint from {source})"
    if kind == "refused":
        return f"Nothing is listening at {where}: the connection was refused. Check the endpoint and port."
    if kind == "dns":
        return f"The host name of {where} could not be found: check its spelling and your network's DNS."
    if kind == "tls":
        return (f"A secure (TLS) connection to {where} failed: check that it speaks https and that its "
                "certificate is trusted (or use http:// for a local server).")
    if kind == "timeout":
        return f"{where} did not answer in time: check the network, a proxy or a firewall."
    if kind == "reset":
        return f"The connection to {where} broke before the answer arrived."
    return f"Could not reach {where}."
