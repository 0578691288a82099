"""Sign share links locally through oss2's `Bucket.sign_url`; no request ever leaves the machine."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl

from oss_share_tui.core.endpoints import host_of, normalize_endpoint
from oss_share_tui.core.errors import ConfigError, InvalidInput, RemoteError
from oss_share_tui.core.options import V1_MAX_EXPIRES_AT, V4_MAX_EXPIRES, ShareOptions
from oss_share_tui.core.refs import validate_bucket_name, validate_key
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.quiet_logs import ensure_oss2_quiet, quiet_oss2_logging
from oss_share_tui.storage.region import region_from_endpoint, region_from_location

REGION_HINT = (
    "pass --region cn-hangzhou or set OSS_REGION (or use an endpoint like oss-cn-hangzhou.aliyuncs.com)"
)
LOOKUP_TIMEOUT = 10


@dataclass(frozen=True)
class SignedLink:
    """A signed URL and what it grants. Holds no secret; an STS token only ever appears inside `url`."""

    url: str
    bucket: str
    key: str
    version_id: str | None
    signature_version: str
    expires_at: datetime
    """Aware UTC."""
    expires_in: int
    created_at: datetime
    """Aware UTC: the signing instant (V1 links record only their expiry; it is derived from that)."""
    credential_source: str = ""
    """Where the signing credentials came from (never a secret)."""
    token_expires_at: datetime | None = None
    """Aware UTC expiry of the temporary credentials that signed it; None for long-term keys or unknown."""

    @property
    def effective_expires_at(self) -> datetime:
        """When the link really stops working: its own expiry, or the token's when that comes first."""
        if self.token_expires_at is not None and self.token_expires_at < self.expires_at:
            return self.token_expires_at
        return self.expires_at

    @property
    def expiry_reason(self) -> str:
        """Why the link dies before its asked-for expiry, short enough to sit beside the time on one line;
        "" when it does not."""
        return "limited by the STS token" if self.effective_expires_at < self.expires_at else ""

    def __repr__(self) -> str:
        # The URL may carry an STS token; keep it out of logs and tracebacks.
        return (
            f"SignedLink(bucket={self.bucket!r}, key={self.key!r}, version_id={self.version_id!r}, "
            f"signature_version={self.signature_version!r}, expires_at={self.expires_at.isoformat()!r})"
        )


def endpoint_for(profile: Profile, bucket: str, endpoint: str | None = None) -> str:
    """The bucket's real endpoint: explicit > `[Bucket-Endpoint]` > the profile's, with a scheme."""
    raw = endpoint or profile.bucket_endpoints.get(bucket) or profile.endpoint
    if not raw:
        raise ConfigError(
            "no endpoint found: pass -e oss-cn-hangzhou.aliyuncs.com or --region cn-hangzhou, "
            "or set OSS_ENDPOINT"
        )
    url = normalize_endpoint(raw)
    if not (raw.startswith("http://") or raw.startswith("https://")) and profile.endpoint.startswith(
        "http://"
    ):
        # A bare [Bucket-Endpoint] host follows the scheme the user chose for the main endpoint.
        url = "http://" + url.split("://", 1)[1]
    return url


def cname_for(profile: Profile, bucket: str) -> str:
    """The custom domain to sign for, if any: `--cname` > `[Bucket-Cname]`."""
    return profile.cname or profile.bucket_cnames.get(bucket, "")


def known_region(
    profile: Profile, bucket: str, *, region: str | None = None, endpoint: str | None = None
) -> str:
    """explicit > profile.region > the endpoint's region; "" when none of them names one."""
    if region:
        return region
    if profile.region:
        return profile.region
    try:
        return region_from_endpoint(endpoint_for(profile, bucket, endpoint)) or ""
    except (ConfigError, InvalidInput):
        return ""


def region_lookup_possible(profile: Profile, bucket: str, endpoint: str | None = None) -> bool:
    """True when there is an endpoint to ask where the bucket lives (GetBucketLocation, then GetBucketInfo).

    Any endpoint can answer: an aliyuncs.com one, a private or custom domain, an IP or localhost (localoss).
    """
    try:
        return bool(host_of(endpoint_for(profile, bucket, endpoint)))
    except (ConfigError, InvalidInput):
        return False


def region_for_signing(profile: Profile, bucket: str, sign_version: str) -> str | None:
    """The region V4 links to `bucket` are signed for: flag > env/config > endpoint name > asking the bucket.

    None for V1 when nothing names one (V1 needs none). InvalidInput (exit 2) with the way to give one when
    V4 has none and asking the bucket failed.
    """
    region = known_region(profile, bucket)
    if region or sign_version != "v4":
        return region or None
    if not region_lookup_possible(profile, bucket):
        raise InvalidInput(f"signature V4 needs the bucket's region: {REGION_HINT}", field="region")
    try:
        return lookup_bucket_region(profile, bucket)
    except RemoteError as exc:
        raise InvalidInput(
            f"signature V4 needs the bucket's region and asking the bucket failed ({exc.code or 'error'}): "
            f"{REGION_HINT}",
            field="region",
        ) from None


def _auth(profile: Profile, version: str):  # noqa: ANN202 - an oss2 object, kept inside storage
    import oss2

    quiet_oss2_logging()  # oss2 logs the canonical request at DEBUG, and with STS that holds the token

    oss_version = oss2.AUTH_VERSION_4 if version == "v4" else oss2.AUTH_VERSION_1
    if profile.sts_token:
        return oss2.StsAuth(profile.access_key_id, profile.access_key_secret, profile.sts_token, oss_version)
    if version == "v4":
        return oss2.AuthV4(profile.access_key_id, profile.access_key_secret)
    return oss2.Auth(profile.access_key_id, profile.access_key_secret)


@functools.lru_cache(maxsize=64)
def _client(  # noqa: ANN202 - an oss2 object, kept inside storage
    access_key_id: str,
    access_key_secret: str,
    sts_token: str,
    version: str,
    endpoint: str,
    bucket: str,
    is_cname: bool,
    region: str | None,
):
    """One oss2.Bucket per signing context, reused: building one (and its requests Session) costs more than
    signing, so a batch or a live preview would otherwise spend most of its time here."""
    import oss2

    profile = Profile(access_key_id=access_key_id, access_key_secret=access_key_secret, sts_token=sts_token)
    return oss2.Bucket(
        _auth(profile, version),
        endpoint,
        bucket,
        is_cname=is_cname,
        region=region,
        is_verify_object_strict=version == "v1",
    )


def _query_value(url: str, name: str) -> str:
    """One query parameter's raw value; the ones read here are never percent-encoded (digits and letters)."""
    query = url.partition("?")[2]
    for part in query.split("&"):
        if part.startswith(name + "="):
            return part[len(name) + 1 :]
    return dict(parse_qsl(query, keep_blank_values=True))[name]


def _times(url: str, version: str, expires_in: int) -> tuple[datetime, datetime]:
    """(created_at, expires_at) read back from the URL oss2 made, so they match it to the second."""
    if version == "v4":
        stamp = _query_value(url, "x-oss-date")  # YYYYMMDDTHHMMSSZ
        created = datetime(
            int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]),
            int(stamp[9:11]), int(stamp[11:13]), int(stamp[13:15]), tzinfo=timezone.utc,
        )
        return created, created + timedelta(seconds=expires_in)
    expires_ts = int(_query_value(url, "Expires"))
    try:
        expires_at = datetime.fromtimestamp(expires_ts, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        expires_at = datetime.max.replace(tzinfo=timezone.utc)
        return datetime.fromtimestamp(expires_ts - expires_in, tz=timezone.utc), expires_at
    if expires_in > 10**9:  # beyond what a timedelta subtraction handles cheaply
        return datetime.fromtimestamp(expires_ts - expires_in, tz=timezone.utc), expires_at
    return expires_at - timedelta(seconds=expires_in), expires_at


_CONTEXTS: dict[tuple[int, str, str, str | None, str | None], tuple[Profile, tuple[str, str, str | None]]] = {}
"""Resolved (endpoint, cname, region) per signing context: a batch or a live preview signs many keys with the
same one. Keyed by the profile's identity and checked against it, so a new Profile never reuses an entry."""


def _signing_context(
    profile: Profile, bucket: str, version: str, region: str | None, endpoint: str | None
) -> tuple[str, str, str | None]:
    """(endpoint to sign for, custom domain or "", region for V4 or None); InvalidInput when V4 has no region."""
    key = (id(profile), bucket, version, region, endpoint)
    hit = _CONTEXTS.get(key)
    if hit is not None and hit[0] is profile:
        return hit[1]
    real_endpoint = endpoint_for(profile, bucket, endpoint)
    cname = cname_for(profile, bucket)
    sign_endpoint = normalize_endpoint(cname) if cname else real_endpoint
    if cname and "://" not in cname:
        sign_endpoint = real_endpoint.split("://", 1)[0] + "://" + sign_endpoint.split("://", 1)[1]
    sign_region = None
    if version == "v4":
        # oss2 signs V4 with an empty region without complaint, and OSS then refuses the link: never let it.
        sign_region = known_region(profile, bucket, region=region, endpoint=endpoint)
        if not sign_region:
            raise InvalidInput(f"signature V4 needs the bucket's region: {REGION_HINT}", field="region")
    if len(_CONTEXTS) > 256:
        _CONTEXTS.clear()
    result = (sign_endpoint, cname, sign_region)
    _CONTEXTS[key] = (profile, result)
    return result


def sign_link(
    profile: Profile,
    bucket: str,
    key: str,
    options: ShareOptions,
    *,
    region: str | None = None,
    endpoint: str | None = None,
    now: float | None = None,
) -> SignedLink:
    """Sign a GET link for `bucket/key` with `options`; pure local computation.

    `now` only feeds the V1 expiry bound check: oss2 reads the clock itself, and the returned times are read
    back from the URL it made.
    """
    validate_bucket_name(bucket)
    validate_key(key)
    if profile.provider is not None:
        from oss_share_tui.storage.credentials import fresh_profile

        # Asked before every link: temporary credentials are refreshed when close to expiry (the library
        # caches them until then), so a TUI left open for hours keeps signing valid links.
        profile = fresh_profile(profile)
    if not profile.has_credentials:
        from oss_share_tui.storage.config import HOW_TO_GIVE_CREDENTIALS

        raise ConfigError(f"no credentials found: {HOW_TO_GIVE_CREDENTIALS}")
    version = options.sign_version
    expires_in = int(options.expires_in)
    if expires_in < 1:
        raise InvalidInput("timeout must be at least 1 second", field="timeout")
    if version == "v4" and expires_in > V4_MAX_EXPIRES:
        raise InvalidInput(
            f"timeout {expires_in} s is too long: V4 links live at most {V4_MAX_EXPIRES} s", field="timeout"
        )
    if version == "v1" and int(time.time() if now is None else now) + expires_in > V1_MAX_EXPIRES_AT:
        raise InvalidInput(f"timeout {expires_in} s is too long for V1", field="timeout")

    if not key.strip():
        # OSS stores such keys, but oss2's sign_url refuses them ("The key is invalid") for V1 and V4 alike.
        raise InvalidInput(
            f"object key {key!r} is only whitespace: oss2 cannot sign a link for it", field="key"
        )
    if version == "v1" and key.startswith("?"):
        # Its V1 string to sign would equal a bucket sub-resource request's (`?acl`); oss2 refuses it too.
        raise InvalidInput(
            "a key starting with '?' cannot be signed safely with V1: use --sign-version v4", field="key"
        )
    sign_endpoint, cname, sign_region = _signing_context(profile, bucket, version, region, endpoint)

    import oss2

    # `_client` is cached: its first call quieted oss2, but levels may have changed since. Only oss2.auth
    # logs the token while signing (the canonical request).
    ensure_oss2_quiet(("oss2.auth",))
    try:
        client = _client(
            profile.access_key_id,
            profile.access_key_secret,
            profile.sts_token,
            version,
            sign_endpoint,
            bucket,
            bool(cname),
            sign_region,
        )
        url = client.sign_url(
            "GET", key, expires_in, params=options.query_params(), slash_safe=bool(options.slash_safe)
        )
    except oss2.exceptions.ClientError as err:
        reason = str(err.body or err).removeprefix("ClientError: ")
        raise InvalidInput(f"cannot sign {f'oss://{bucket}/{key}'!r}: {reason}", field="key") from None
    created_at, expires_at = _times(url, version, expires_in)
    return SignedLink(
        url=url,
        bucket=bucket,
        key=key,
        version_id=options.version_id,
        signature_version=version,
        expires_at=expires_at,
        expires_in=expires_in,
        created_at=created_at,
        credential_source=profile.credential_source,
        token_expires_at=token_expiry(profile),
    )


def token_expiry(profile: Profile) -> datetime | None:
    """The STS token's own expiry when known (from a provider, or `sts_expiration` in the config)."""
    text = (profile.sts_expiration or "").strip()
    if not profile.sts_token or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


_REGIONS: dict[tuple[str, str, str], str] = {}
"""Bucket regions learnt from OSS this run, by (endpoint, bucket, key id): one lookup per bucket per run."""


def lookup_bucket_region(profile: Profile, bucket: str) -> str:
    """Ask the bucket where it lives: GetBucketLocation, then GetBucketInfo when that is refused or says
    nothing (a RAM user may hold only one of the two permissions). Both are V1-signed: V4 would need the
    region already. The answer is cached for the run."""
    validate_bucket_name(bucket)
    if profile.provider is not None:
        from oss_share_tui.storage.credentials import fresh_profile

        profile = fresh_profile(profile)
    if not profile.has_credentials:
        from oss_share_tui.storage.config import HOW_TO_GIVE_CREDENTIALS

        raise ConfigError(f"no credentials found: {HOW_TO_GIVE_CREDENTIALS}")
    endpoint = endpoint_for(profile, bucket)
    cache_key = (endpoint, bucket, profile.access_key_id)
    if cache_key in _REGIONS:
        return _REGIONS[cache_key]
    import oss2

    from oss_share_tui.storage.oss_errors import to_remote_error

    client = oss2.Bucket(_auth(profile, "v1"), endpoint, bucket, connect_timeout=LOOKUP_TIMEOUT)
    first_error: RemoteError | None = None
    for ask in (lambda: client.get_bucket_location().location, lambda: client.get_bucket_info().location):
        try:
            region = region_from_location(ask() or "")
        except oss2.exceptions.RequestError as err:
            raise to_remote_error(err) from None  # no answer at all: a second call would get none either
        except oss2.exceptions.OssError as err:
            first_error = first_error or to_remote_error(err)
            continue
        if region:
            _REGIONS[cache_key] = region
            return region
    if first_error is not None:
        raise first_error
    raise RemoteError(f"OSS did not say where bucket {bucket!r} lives", code="BadResponse")
