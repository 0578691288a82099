"""Signature checks written from OSS-PROTOCOL.md: V1 and V4, header and query forms, STS tokens."""

from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_tz

from oss_share_tui.localoss.errors import OssError, access_denied, bad_request, invalid_argument
from oss_share_tui.localoss.xmlgen import iso

# Every query parameter OSS treats as a signed sub-resource in V1 (the same set oss2 signs).
SUBRESOURCES = frozenset(
    """
    accessPoint accessPointPolicy acl append asyncFetch bucketArchiveDirectRead bucketInfo callback
    callback-var cname comp continuation-token cors delete encryption endTime group httpsConfig inventory
    inventoryId lifecycle link live location logging metaQuery objectInfo objectMeta partNumber policy
    position publicAccessBlock qos qosInfo qosRequester redundancyTransition referer regionList replication
    replicationLocation replicationProgress requesterQosInfo requestPayment resourceGroup resourcePool
    resourcePoolBuckets resourcePoolInfo response-cache-control response-content-disposition
    response-content-encoding response-content-language response-content-type response-expires restore
    security-token sequential startTime stat status style styleName symlink tagging transferAcceleration
    uploadId uploads versionId versioning versions vod website worm wormExtend wormId
    x-oss-ac-forward-allow x-oss-ac-source-ip x-oss-ac-subnet-mask x-oss-ac-vpc-id x-oss-access-point-name
    x-oss-async-process x-oss-process x-oss-redundancy-transition-taskid x-oss-request-payer
    x-oss-target-redundancy-type x-oss-traffic-limit x-oss-write-get-object-response
    """.split()  # noqa: SIM905 - a word list reads better than 90 quoted lines
)

V4_ALGORITHM = "OSS4-HMAC-SHA256"
MAX_SKEW = 15 * 60
V4_MAX_EXPIRES = 604800
_SIG_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your key and signing method."
)
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


@dataclass(frozen=True)
class AuthRequest:
    """What the verifier needs from one HTTP request (path and query already percent-decoded)."""

    method: str
    bucket: str | None
    key: str
    """The object key; "" for bucket- and service-level requests."""
    query: Mapping[str, str]
    headers: Mapping[str, str]
    """Lower-case names to values, as received."""
    now: float


@dataclass(frozen=True)
class Principal:
    """Who signed a request, and with what."""

    access_key_id: str
    signature_version: str
    """"v1" or "v4"."""
    region: str | None = None
    """The V4 credential's region."""
    is_sts: bool = False


def v4_encode(text: str, keep_slash: bool) -> str:
    """RFC 3986 percent-encoding of UTF-8: only A-Za-z0-9-_.~ kept (and `/` when asked)."""
    out = []
    for byte in text.encode("utf-8"):
        if byte in _UNRESERVED or (keep_slash and byte == 0x2F):
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def _bytes_hex(text: str) -> str:
    # OSS adds the string to sign as space-separated hex bytes, which shows invisible differences.
    return " ".join(f"{b:02x}" for b in text.encode("utf-8"))


class Authenticator:
    """Verifies a request against the configured access keys; returns None for an anonymous request."""

    def __init__(
        self, access_keys: Mapping[str, str], sts_credentials: Mapping[str, tuple[str, ...]]
    ) -> None:
        # Kept by reference: the server's owner may add or remove keys while it runs.
        self.access_keys = access_keys
        self.sts_credentials = sts_credentials

    # ---- entry point ---------------------------------------------------------------------------------

    def authenticate(self, req: AuthRequest, bucket_region: str | None) -> Principal | None:
        """Check whichever signature the request carries. `bucket_region` is None for service-level calls."""
        authorization = req.headers.get("authorization", "")
        q = req.query
        if authorization:
            if authorization.startswith(V4_ALGORITHM + " "):
                return self._v4(req, bucket_region, header=authorization)
            if authorization.startswith("OSS "):
                return self._v1_header(req, authorization)
            raise invalid_argument("Authorization header is invalid.", "Authorization", authorization[:64])
        if "x-oss-signature" in q or "x-oss-signature-version" in q or "x-oss-credential" in q:
            return self._v4(req, bucket_region, header=None)
        if "Signature" in q or "OSSAccessKeyId" in q:
            return self._v1_query(req)
        return None

    # ---- shared --------------------------------------------------------------------------------------

    def _secret(self, ak: str, token: str | None, now: float) -> tuple[str, bool]:
        """(secret, is_sts) for an access key id, checking the STS token that must come with a temp key
        (and its expiry, when the entry has one: `(secret, token, expires_epoch)`, as localoss/sts.py
        issues them)."""
        if ak in self.access_keys:
            return self.access_keys[ak], False
        if ak in self.sts_credentials:
            secret, expected, *expiry = self.sts_credentials[ak]
            if not token:
                # A temporary key is unknown to OSS without its token.
                raise _invalid_ak(ak)
            if not hmac.compare_digest(token.encode(), expected.encode()):
                raise access_denied("The security token you provided is invalid.")
            if expiry and expiry[0] is not None and now >= expiry[0]:
                raise OssError(403, "SecurityTokenExpired", "The security token you provided has expired.")
            return secret, True
        raise _invalid_ak(ak)

    @staticmethod
    def _token(req: AuthRequest, query_name: str) -> str | None:
        return req.query.get(query_name) or req.headers.get("x-oss-security-token")

    # ---- V1 ------------------------------------------------------------------------------------------

    @staticmethod
    def _v1_resource(req: AuthRequest) -> str:
        base = "/" if req.bucket is None else f"/{req.bucket}/{req.key}"
        subs = sorted((k, v) for k, v in req.query.items() if k in SUBRESOURCES)
        if subs:
            base += "?" + "&".join(f"{k}={v}" if v else k for k, v in subs)
        return base

    @staticmethod
    def _v1_oss_headers(req: AuthRequest) -> str:
        pairs = sorted((k, v) for k, v in req.headers.items() if k.startswith("x-oss-"))
        return "".join(f"{k}:{v}\n" for k, v in pairs)

    def _v1_string_to_sign(self, req: AuthRequest, date: str) -> str:
        return "\n".join(
            [
                req.method,
                req.headers.get("content-md5", ""),
                req.headers.get("content-type", ""),
                date,
                self._v1_oss_headers(req) + self._v1_resource(req),
            ]
        )

    def _v1_check(self, req: AuthRequest, ak: str, signature: str, date: str, token_param: str) -> Principal:
        secret, is_sts = self._secret(ak, self._token(req, token_param), req.now)
        string_to_sign = self._v1_string_to_sign(req, date)
        # Headers arrive decoded as latin-1; signing uses the raw bytes, which latin-1 round-trips.
        digest = hmac.new(secret.encode("utf-8"), _wire_bytes(string_to_sign), hashlib.sha1).digest()
        expected = base64.b64encode(digest).decode("ascii")
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            raise OssError(
                403,
                "SignatureDoesNotMatch",
                _SIG_MISMATCH,
                [
                    ("OSSAccessKeyId", ak),
                    ("SignatureProvided", signature),
                    ("StringToSign", string_to_sign),
                    ("StringToSignBytes", _bytes_hex(string_to_sign)),
                ],
            )
        return Principal(ak, "v1", None, is_sts)

    def _v1_query(self, req: AuthRequest) -> Principal:
        q = req.query
        for name in ("OSSAccessKeyId", "Expires", "Signature"):
            if not q.get(name):
                raise access_denied(f"Missing {name} in the signed URL.")
        expires_text = q["Expires"]
        try:
            expires = int(expires_text)
        except ValueError:
            raise invalid_argument("Invalid Expires.", "Expires", expires_text) from None
        if req.now > expires:
            raise access_denied(
                "Request has expired.", [("Expires", _safe_iso(expires)), ("ServerTime", iso(req.now))]
            )
        return self._v1_check(req, q["OSSAccessKeyId"], q["Signature"], expires_text, "security-token")

    def _v1_header(self, req: AuthRequest, authorization: str) -> Principal:
        ak, sep, signature = authorization[4:].strip().rpartition(":")
        if not sep or not ak or not signature:
            raise invalid_argument("Authorization header is invalid.", "Authorization", authorization[:64])
        date = req.headers.get("x-oss-date") or req.headers.get("date", "")
        if not date:
            raise access_denied("Missing Date header, which is required for a signed request.")
        parsed = parsedate_tz(date)
        if parsed is None:
            raise access_denied(f"Invalid date {date!r}.")
        sent = calendar.timegm(parsed[:9]) - (parsed[9] or 0)
        _check_skew(sent, req.now, date)
        return self._v1_check(req, ak, signature, date, "security-token")

    # ---- V4 ------------------------------------------------------------------------------------------

    def _v4(self, req: AuthRequest, bucket_region: str | None, header: str | None) -> Principal:
        q = req.query
        if header is None:
            if q.get("x-oss-signature-version") != V4_ALGORITHM:
                raise invalid_argument(
                    "Invalid x-oss-signature-version.",
                    "x-oss-signature-version",
                    q.get("x-oss-signature-version", ""),
                )
            credential = q.get("x-oss-credential", "")
            signature = q.get("x-oss-signature", "")
            additional = q.get("x-oss-additional-headers", "")
            date_text = q.get("x-oss-date", "")
        else:
            fields = _parse_v4_authorization(header)
            credential = fields.get("Credential", "")
            signature = fields.get("Signature", "")
            additional = fields.get("AdditionalHeaders", "")
            date_text = req.headers.get("x-oss-date", "")
        if not credential or not signature:
            raise invalid_argument(
                "Missing credential or signature for OSS4-HMAC-SHA256.", "x-oss-credential", credential
            )
        parts = credential.split("/")
        if len(parts) != 5 or parts[3] != "oss" or parts[4] != "aliyun_v4_request" or not parts[0]:
            raise invalid_argument("Invalid credential in the request.", "x-oss-credential", credential)
        ak, scope_date, region = parts[0], parts[1], parts[2]
        signed_at = _parse_v4_date(date_text)
        if header is None:
            expires_text = q.get("x-oss-expires", "")
            try:
                expires = int(expires_text)
            except ValueError:
                raise invalid_argument("Invalid x-oss-expires.", "x-oss-expires", expires_text) from None
            if not 1 <= expires <= V4_MAX_EXPIRES:
                raise invalid_argument(
                    f"x-oss-expires must be between 1 and {V4_MAX_EXPIRES}.", "x-oss-expires", expires_text
                )
            if req.now > signed_at + expires:
                raise access_denied(
                    "Request has expired.",
                    [("Expires", iso(signed_at + expires)), ("ServerTime", iso(req.now))],
                )
            if signed_at - req.now > MAX_SKEW:
                raise _not_yet_valid(date_text, req.now)
        else:
            _check_skew(signed_at, req.now, date_text)
        if not region or (bucket_region is not None and region != bucket_region):
            raise OssError(
                403,
                "SignatureDoesNotMatch",
                "Invalid signing region in Authorization header.",
                [("OSSAccessKeyId", ak), ("Region", region), ("ExpectedRegion", bucket_region or "")],
            )
        secret, is_sts = self._secret(ak, self._token(req, "x-oss-security-token"), req.now)

        canonical_request = self._v4_canonical_request(req, additional, query_form=header is None)
        scope = f"{scope_date}/{region}/oss/aliyun_v4_request"
        string_to_sign = "\n".join(
            [V4_ALGORITHM, date_text, scope, hashlib.sha256(_wire_bytes(canonical_request)).hexdigest()]
        )
        key = ("aliyun_v4" + secret).encode("utf-8")
        for part in (scope_date, region, "oss", "aliyun_v4_request"):
            key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
        expected = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            raise OssError(
                403,
                "SignatureDoesNotMatch",
                _SIG_MISMATCH,
                [
                    ("OSSAccessKeyId", ak),
                    ("SignatureProvided", signature),
                    ("StringToSign", string_to_sign),
                    ("StringToSignBytes", _bytes_hex(string_to_sign)),
                    ("CanonicalRequest", canonical_request),
                    ("CanonicalRequestBytes", _bytes_hex(canonical_request)),
                ],
            )
        return Principal(ak, "v4", region, is_sts)

    @staticmethod
    def _v4_canonical_request(req: AuthRequest, additional: str, query_form: bool) -> str:
        uri = "/" if req.bucket is None else f"/{req.bucket}/{req.key}"
        params = sorted(
            (v4_encode(k, False), v4_encode(v, False))
            for k, v in req.query.items()
            if not (query_form and k == "x-oss-signature")
        )
        query = "&".join(f"{k}={v}" if v else k for k, v in params)
        extra = sorted({h.strip().lower() for h in additional.split(";") if h.strip()})
        wanted = set(extra)
        headers = sorted(
            (k, v)
            for k, v in req.headers.items()
            if k.startswith("x-oss-") or k in ("content-type", "content-md5") or k in wanted
        )
        return "\n".join(
            [
                req.method,
                v4_encode(uri, True),
                query,
                "".join(f"{k}:{v.strip()}\n" for k, v in headers),
                ";".join(extra),
                req.headers.get("x-oss-content-sha256", "UNSIGNED-PAYLOAD"),
            ]
        )


def _wire_bytes(text: str) -> bytes:
    # Header values were decoded as latin-1 by http.server; everything else is UTF-8 text. Encoding as
    # UTF-8 is right for both whenever header values are ASCII, which is what OSS clients send.
    return text.encode("utf-8")


def _invalid_ak(ak: str) -> OssError:
    return OssError(
        403,
        "InvalidAccessKeyId",
        "The OSS Access Key Id you provided does not exist in our records.",
        [("OSSAccessKeyId", ak)],
    )


def _safe_iso(ts: int) -> str:
    try:
        return iso(ts)
    except (OverflowError, OSError, ValueError):
        return str(ts)


def _not_yet_valid(date_text: str, now: float) -> OssError:
    # OSS's EC 0002-00000235: a V4 link used more than 15 minutes before its x-oss-date is outside its
    # validity window (the docs give the EC and the rule; the message wording is ours).
    return OssError(
        403,
        "AccessDenied",
        "Request is not valid yet: its x-oss-date is more than 15 minutes after the server time.",
        [("X-Oss-Date", date_text), ("ServerTime", iso(now))],
        ec="0002-00000235",
    )


def source_ip_refused(query: Mapping[str, str]) -> OssError:
    """OSS's answer to a link limited by x-oss-ac-source-ip / x-oss-ac-subnet-mask used from elsewhere: the
    signature does not match (EC 0002-00000602 for V1, 0002-00000225 for V4)."""
    v4 = "x-oss-signature" in query or "x-oss-credential" in query
    return OssError(
        403,
        "SignatureDoesNotMatch",
        _SIG_MISMATCH,
        [
            ("SourceIp", query.get("x-oss-ac-source-ip", "")),
            ("SubnetMask", query.get("x-oss-ac-subnet-mask", "")),
        ],
        ec="0002-00000225" if v4 else "0002-00000602",
    )


def _check_skew(sent: float, now: float, date_text: str) -> None:
    if abs(sent - now) > MAX_SKEW:
        raise OssError(
            403,
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
            [("RequestTime", date_text), ("ServerTime", iso(now)), ("MaxAllowedSkewMilliseconds", "900000")],
        )


def _parse_v4_date(text: str) -> float:
    try:
        return float(calendar.timegm(time.strptime(text, "%Y%m%dT%H%M%SZ")))
    except (ValueError, OverflowError):
        raise invalid_argument("Invalid x-oss-date, expected YYYYMMDDTHHMMSSZ.", "x-oss-date", text) from None


def _parse_v4_authorization(header: str) -> dict[str, str]:
    """`OSS4-HMAC-SHA256 Credential=..., AdditionalHeaders=..., Signature=...` into a dict."""
    fields: dict[str, str] = {}
    for part in header[len(V4_ALGORITHM) :].split(","):
        name, sep, value = part.strip().partition("=")
        if not sep:
            raise bad_request("InvalidArgument", "Authorization header is invalid.")
        fields[name.strip()] = value.strip()
    return fields
