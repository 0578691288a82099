"""Resolve endpoint, credentials and signing preferences: flags > `OSS_*` env > ossutil config file (every
mode) > the Alibaba Cloud default chain."""

from __future__ import annotations

import configparser
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from oss_share_tui.core.endpoints import normalize_endpoint
from oss_share_tui.core.errors import ConfigError, InvalidInput
from oss_share_tui.core.options import SIGN_VERSIONS
from oss_share_tui.storage.credentials import HOW_TO_GIVE_CREDENTIALS
from oss_share_tui.storage.profile import Profile

DEFAULT_CONFIG = "~/.ossutilconfig"
ENV_ID = "OSS_ACCESS_KEY_ID"
ENV_SECRET = "OSS_ACCESS_KEY_SECRET"
ENV_TOKEN = "OSS_SESSION_TOKEN"
ENV_ENDPOINT = "OSS_ENDPOINT"
ENV_REGION = "OSS_REGION"

# Config keys are matched case-insensitively with '-' and '_' ignored, so ossutil 1.x `accessKeyID`,
# 2.0 `accessKeyId` and hand-written `access-key-id` all count.
_KEYS = {
    "accesskeyid": "access_key_id",
    "accesskeysecret": "access_key_secret",
    "ststoken": "sts_token",
    "securitytoken": "sts_token",
    "sessiontoken": "sts_token",
    "endpoint": "endpoint",
    "region": "region",
    "signversion": "sign_version",
    "ststokenexpiration": "sts_expiration",
    "expiration": "sts_expiration",
    "sourceprofile": "source_profile",
    # Credential modes (ossutil 1.x [Credentials] and ossutil 2.0 profiles); see credential_sources.
    "mode": "mode",
    "ramrolearn": "role_arn",
    "rolearn": "role_arn",
    "rolesessionname": "role_session_name",
    "tokentimeout": "duration_seconds",
    "durationseconds": "duration_seconds",
    "stsregion": "sts_region",
    "stsendpoint": "sts_endpoint",
    "ecsrolename": "ecs_role_name",
    "ecsak": "ecs_ak",
    "credentialprocess": "credential_process",
    "credentialuri": "credential_uri",
    "oidcproviderarn": "oidc_provider_arn",
    "oidctokenfilepath": "oidc_token_file_path",
    "oidcrolearn": "oidc_role_arn",
}


@dataclass(frozen=True)
class _Source:
    """The values one source (flags, env or a config section) gives."""

    access_key_id: str = ""
    access_key_secret: str = ""
    sts_token: str = ""
    endpoint: str = ""
    region: str = ""
    sign_version: str = ""
    sts_expiration: str = ""
    modes: tuple[tuple[str, str], ...] = ()
    """Credential-mode settings (mode, role-arn, credential-process, …) as (name, value) pairs."""


_PLAIN = frozenset(f.name for f in fields(_Source)) - {"modes"}


def _source_of(values: dict[str, str]) -> _Source:
    plain = {k: v for k, v in values.items() if k in _PLAIN}
    modes = tuple(sorted((k, v) for k, v in values.items() if k not in _PLAIN))
    return _Source(**plain, modes=modes)


def _clean(value: str | None) -> str:
    return (value or "").strip()


def _section_values(section: Mapping[str, str]) -> dict[str, str]:
    """Known settings of one config section, under our names."""
    out: dict[str, str] = {}
    for name, value in section.items():
        ours = _KEYS.get(name.lower().replace("-", "").replace("_", ""))
        if ours and _clean(value):
            out[ours] = _clean(value)
    return out


def _read_config(path: Path, explicit: bool, warnings: list[str] | None) -> configparser.ConfigParser | None:
    """Parse the config file; None when the default file does not exist."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"config file {path} does not exist") from None
        return None
    except OSError as err:
        raise ConfigError(f"config file {path} cannot be read: {err.strerror}") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO) and warnings is not None:
        # Like ssh: a file holding secrets should be private to its owner.
        warnings.append(
            f"config file {path} is accessible by group or others (mode {stat.S_IMODE(info.st_mode):o}); "
            f"run: chmod 600 {path}"
        )
    # No interpolation: secrets may contain '%'. Keys keep their case for [Bucket-*] sections.
    parser = configparser.ConfigParser(interpolation=None, strict=False, default_section="\0no-defaults")
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except (configparser.Error, UnicodeDecodeError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ConfigError(f"config file {path} is not a valid ossutil config: {first}") from None
    except OSError as err:
        raise ConfigError(f"config file {path} cannot be read: {err.strerror}") from None
    return parser


def _profile_section(parser: configparser.ConfigParser, name: str) -> dict[str, str]:
    """Values of `[profile NAME]` (or `[NAME]`), following one `source-profile` hop chain."""
    seen: set[str] = set()
    merged: dict[str, str] = {}
    current: str | None = name
    while current and current not in seen:
        seen.add(current)
        section = None
        for candidate in (f"profile {current}", current):
            if parser.has_section(candidate):
                section = parser[candidate]
                break
        if section is None:
            if current == name:
                raise ConfigError(f"profile {name!r} is not in the config file")
            break
        values = _section_values(section)
        for key, value in values.items():
            merged.setdefault(key, value)
        current = values.get("source_profile")
    merged.pop("source_profile", None)
    return merged


def _config_source(
    parser: configparser.ConfigParser | None, profile: str | None, explicit: bool = False
) -> tuple[_Source, dict[str, str], dict[str, str]]:
    """(values, bucket endpoints, bucket cnames) from the parsed file."""
    if parser is None:
        # --profile may name a profile of ~/.aliyun/config.json instead: the default chain reads it.
        return _Source(), {}, {}
    if profile:
        try:
            values = _profile_section(parser, profile)
        except ConfigError:
            if explicit:
                raise
            values = {}  # not an ossutil profile: the default chain looks for it in ~/.aliyun/config.json
    elif parser.has_section("Credentials"):
        values = _section_values(parser["Credentials"])
        if parser.has_section("AkService"):  # ossutil 1.x: the ECS role's credentials URL
            values.update({k: v for k, v in _section_values(parser["AkService"]).items() if k == "ecs_ak"})
    elif parser.has_section("default"):
        values = _profile_section(parser, "default")
    else:
        values = {}
    bucket_endpoints: dict[str, str] = {}
    bucket_cnames: dict[str, str] = {}
    if parser.has_section("Bucket-Endpoint"):
        bucket_endpoints = {k.strip(): _clean(v) for k, v in parser["Bucket-Endpoint"].items() if _clean(v)}
    if parser.has_section("Bucket-Cname"):
        bucket_cnames = {k.strip(): _clean(v) for k, v in parser["Bucket-Cname"].items() if _clean(v)}
    return _source_of(values), bucket_endpoints, bucket_cnames


_OFF = frozenset({"off", "false", "no", "0", "disabled"})


def history_setting(parser: configparser.ConfigParser | None) -> bool:
    """`[oss-share] history = off` (or false/no/0) turns link history off; it is on otherwise."""
    if parser is None or not parser.has_section("oss-share"):
        return True
    return _clean(parser["oss-share"].get("history", "on")).lower() not in _OFF


def _pick_credentials(sources: list[_Source]) -> _Source:
    """Id, secret and token come as one unit from the first source that has any of id/secret.

    Mixing an id from one place with a secret from another only ever produces confusing signature errors.
    """
    for source in sources:
        if source.access_key_id or source.access_key_secret:
            return source
    # A token alone (e.g. -t with keys in env) still belongs to whichever source gives the keys.
    return _Source()


def _normalize(endpoint: str, origin: str) -> str:
    try:
        return normalize_endpoint(endpoint)
    except InvalidInput as err:
        raise InvalidInput(f"{origin}: {err}", field="endpoint") from None


def resolve_profile(
    *,
    endpoint: str | None = None,
    access_key_id: str | None = None,
    access_key_secret: str | None = None,
    sts_token: str | None = None,
    region: str | None = None,
    sign_version: str | None = None,
    config_file: str | None = None,
    profile: str | None = None,
    cname: str | None = None,
    require_credentials: bool = True,
    warnings: list[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Profile:
    """Merge flags > env > config file into a Profile.

    Raises ConfigError (exit 3) for missing credentials or endpoint (when `require_credentials`) and for an
    unreadable or garbled config file; InvalidInput (exit 2) for a malformed endpoint or sign version.
    Warnings (e.g. a config file others can read) are appended to `warnings`; nothing is printed here.
    """
    env = os.environ if environ is None else environ
    path = Path(config_file).expanduser() if config_file else Path(DEFAULT_CONFIG).expanduser()
    parser = _read_config(path, explicit=bool(config_file), warnings=warnings)
    from_file, bucket_endpoints, bucket_cnames = _config_source(parser, profile, explicit=bool(config_file))

    flags = _Source(_clean(access_key_id), _clean(access_key_secret), _clean(sts_token))
    from_env = _Source(_clean(env.get(ENV_ID)), _clean(env.get(ENV_SECRET)), _clean(env.get(ENV_TOKEN)))
    provider = None
    file_label = _file_label(path, parser, profile)
    sources = [flags, from_env, from_file]
    if not _has_keys(flags) and not _has_keys(from_env):
        # Only now can a credential mode in the file (or the default chain) matter: the AK-flag path never
        # imports these modules, let alone the library.
        from oss_share_tui.storage.credential_sources import DefaultChain, ossutil_provider

        if from_file.modes:
            plain = {k: v for k, v in from_file.__dict__.items() if v and k != "modes"}
            values = plain | dict(from_file.modes)
            provider = ossutil_provider(values, file_label)
        if provider is None and not _has_keys(from_file):
            provider = DefaultChain(profile_name=profile or None, environ=environ)
    creds = _Source() if provider is not None else _pick_credentials(sources)
    token = creds.sts_token
    if flags.sts_token and creds is not flags and provider is None:
        # `-t` alone pairs with keys from env or file: a token is useless without its keys, so honour it.
        token = flags.sts_token
    if provider is not None:
        source = provider.source
    elif creds is flags:
        source = "-i/-k flags"
    elif creds is from_env:
        source = f"{ENV_ID} env"
    elif creds is from_file:
        source = file_label
    else:
        source = ""

    chosen_region = _clean(region) or _clean(env.get(ENV_REGION)) or from_file.region
    if not chosen_region and provider is not None and hasattr(provider, "region_hint"):
        chosen_region = provider.region_hint()  # aliyun CLI's region_id, when that is all there is
    endpoint_origin = ""
    for raw, origin in (
        (_clean(endpoint), "-e/--endpoint"),
        (_clean(env.get(ENV_ENDPOINT)), ENV_ENDPOINT),
        (from_file.endpoint, f"endpoint in {path}"),
    ):
        if raw:
            chosen_endpoint = _normalize(raw, origin)
            endpoint_origin = origin
            break
    else:
        # ossutil 2.0 needs only a region: its public endpoint follows from it.
        chosen_endpoint = f"https://oss-{chosen_region}.aliyuncs.com" if chosen_region else ""
        endpoint_origin = "the region" if chosen_region else ""

    version = (_clean(sign_version) or from_file.sign_version or "v4").lower()
    if version not in SIGN_VERSIONS:
        raise InvalidInput(f"sign version {version!r} is unknown: use v1 or v4", field="sign_version")

    resolved = Profile(
        endpoint=chosen_endpoint,
        access_key_id=creds.access_key_id,
        access_key_secret=creds.access_key_secret,
        sts_token=token,
        region=chosen_region,
        sign_version=version,
        bucket_endpoints=bucket_endpoints,
        bucket_cnames=bucket_cnames,
        sts_expiration=creds.sts_expiration,
        cname=_clean(cname),
        history=history_setting(parser),
        credential_source=source,
        provider=provider,
        endpoint_source=endpoint_origin,
    )
    if require_credentials:
        return ensure_usable(resolved)
    return resolved


def _has_keys(source: _Source) -> bool:
    return bool(source.access_key_id or source.access_key_secret)


def _file_label(path: Path, parser: configparser.ConfigParser | None, profile: str | None) -> str:
    """How errors and `credential_source` name the ossutil config section in use."""
    from oss_share_tui.storage.credentials import shown_path

    shown = shown_path(path)
    if profile:
        return f"{shown} profile {profile!r}"
    if parser is not None and parser.has_section("Credentials"):
        return f"{shown} [Credentials]"
    return f"{shown} [default]"


def ensure_usable(profile: Profile, *, resolve: bool = True) -> Profile:
    """Raise ConfigError (exit 3) unless the profile has both keys and an endpoint; else return it.

    A profile with a provider (an ossutil credential mode or the default chain) is asked for credentials
    here, which may mean network I/O (STS, the ECS metadata service): with `resolve=False` only the endpoint
    is checked and the caller resolves later, off the event loop. The returned profile carries the keys.
    """
    if profile.provider is not None:
        if not resolve:
            _ensure_endpoint(profile)
            return profile
        from oss_share_tui.storage.credentials import fresh_profile

        profile = fresh_profile(profile)
    if not profile.access_key_id and not profile.access_key_secret:
        raise ConfigError(f"no credentials found: {HOW_TO_GIVE_CREDENTIALS}")
    if not profile.access_key_id:
        raise ConfigError(f"an access key secret was given without its id: {HOW_TO_GIVE_CREDENTIALS}")
    if not profile.access_key_secret:
        raise ConfigError(f"an access key id was given without its secret: {HOW_TO_GIVE_CREDENTIALS}")
    _ensure_endpoint(profile)
    return profile


def _ensure_endpoint(profile: Profile) -> None:
    if not profile.endpoint:
        raise ConfigError(
            "no endpoint or region found: pass -e oss-cn-hangzhou.aliyuncs.com or --region cn-hangzhou, "
            "or set OSS_ENDPOINT or OSS_REGION"
        )
