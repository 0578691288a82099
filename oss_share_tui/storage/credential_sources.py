"""Where credentials come from after flags and `OSS_*` env: ossutil config modes and the Alibaba Cloud default
chain, each mapped onto a provider of `alibabacloud-credentials` (imported only when one is first asked)."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from oss_share_tui.core.errors import ConfigError
from oss_share_tui.storage.config import HOW_TO_GIVE_CREDENTIALS as HOW_TO
from oss_share_tui.storage.credentials import (
    CredentialProvider,
    Credentials,
    LibraryProvider,
    one_line,
    shown_path,
)

CHAIN_LABEL = "the Alibaba Cloud default chain"
_TRUE = ("true", "1", "yes")


def _sts_endpoint(explicit: str | None, env: Mapping[str, str]) -> str | None:
    # aliyun CLI reads ALIBABA_CLOUD_STS_ENDPOINT (and a profile's `sts_endpoint`); this library version only
    # takes an endpoint as a constructor argument, so we pass it there. Tests point it at the loopback STS.
    return (explicit or env.get("ALIBABA_CLOUD_STS_ENDPOINT") or "").strip() or None


def _int(text: str | None, default: int, what: str, source: str) -> int:
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise ConfigError(f"credentials from {source}: {what} {text!r} is not a whole number") from None


# ---- ossutil config modes -------------------------------------------------------------------------------

OSSUTIL_MODES = ("AK", "StsToken", "RamRoleArn", "EcsRamRole", "Process", "Uri", "OIDC")


def ossutil_provider(values: Mapping[str, str], source: str) -> CredentialProvider | None:
    """The provider an ossutil config section asks for, or None when it holds plain keys (AK / StsToken).

    ossutil 1.x: `mode = RamRoleArn` (accessKeyID/accessKeySecret assume `ramRoleArn`; `roleSessionName`,
    `tokenTimeout`, `stsRegion`), `mode = EcsRamRole` (`ecsRoleName`, or the `[AkService] ecsAk` URL).
    ossutil 2.0: `mode`, `role-arn`, `role-session-name`, `ecs-role-name`, `credential-process`,
    `credential-uri`, `oidc-provider-arn`, `oidc-token-file-path`, `oidc-role-arn`; with no `mode`, the keys
    present decide, as in ossutil 2.0.
    """
    env = os.environ
    mode = values.get("mode", "").replace("-", "").replace("_", "").lower()
    if not mode:
        if values.get("credential_process"):
            mode = "process"
        elif values.get("credential_uri"):
            mode = "uri"
        elif values.get("oidc_token_file_path") or values.get("oidc_provider_arn"):
            mode = "oidc"
        elif values.get("role_arn") and values.get("access_key_id"):
            mode = "ramrolearn"
        elif values.get("ecs_role_name") or (values.get("ecs_ak") and not values.get("access_key_id")):
            mode = "ecsramrole"
        else:
            return None
    if mode in ("ak", "ststoken"):
        return None
    label = f"{source} (mode {_mode_name(mode)})"
    if mode == "ramrolearn":
        ak, sk = values.get("access_key_id", ""), values.get("access_key_secret", "")
        role_arn = values.get("role_arn", "")
        if not (ak and sk and role_arn):
            raise ConfigError(
                f"credentials from {label}: RamRoleArn needs an access key id, its secret and a role ARN "
                "(the role is assumed with those keys)"
            )
        duration = _int(values.get("duration_seconds"), 3600, "token timeout", label)
        token = values.get("sts_token") or None
        session = values.get("role_session_name") or None
        sts_region = values.get("sts_region") or None
        endpoint = _sts_endpoint(values.get("sts_endpoint"), env)

        def ram_role() -> Any:
            from alibabacloud_credentials.provider import RamRoleArnCredentialsProvider

            return RamRoleArnCredentialsProvider(
                access_key_id=ak,
                access_key_secret=sk,
                security_token=token,
                role_arn=role_arn,
                role_session_name=session,
                duration_seconds=duration,
                sts_region_id=sts_region,
                sts_endpoint=endpoint,
            )

        return LibraryProvider(label, ram_role)
    if mode == "ecsramrole":
        role = values.get("ecs_role_name") or None
        url = values.get("ecs_ak", "")
        if url and not role:
            return LibraryProvider(label, lambda: _uri_provider(url))
        return LibraryProvider(label, lambda: _ecs_provider(role, env))
    if mode in ("process", "credentialprocess", "external"):
        command = values.get("credential_process", "")
        if not command:
            raise ConfigError(f"credentials from {label}: credential-process is empty")
        return LibraryProvider(label, lambda: _process_provider(command))
    if mode in ("uri", "credentialuri"):
        uri = values.get("credential_uri", "")
        if not uri:
            raise ConfigError(f"credentials from {label}: credential-uri is empty")
        return LibraryProvider(label, lambda: _uri_provider(uri))
    if mode in ("oidc", "oidcrolearn"):
        role_arn = values.get("oidc_role_arn") or values.get("role_arn") or ""
        provider_arn = values.get("oidc_provider_arn", "")
        token_file = values.get("oidc_token_file_path", "")
        if not (role_arn and provider_arn and token_file):
            raise ConfigError(
                f"credentials from {label}: OIDC needs oidc-role-arn, oidc-provider-arn and "
                "oidc-token-file-path"
            )
        session = values.get("role_session_name") or None
        duration = _int(values.get("duration_seconds"), 3600, "duration", label)
        sts_region = values.get("sts_region") or None
        endpoint = _sts_endpoint(values.get("sts_endpoint"), env)
        return LibraryProvider(
            label,
            lambda: _oidc_provider(
                role_arn, provider_arn, token_file, session, duration, sts_region, endpoint
            ),
        )
    raise ConfigError(
        f"credentials from {source}: mode {values.get('mode')!r} is not supported "
        f"(use one of {', '.join(OSSUTIL_MODES)})"
    )


def _mode_name(mode: str) -> str:
    names = {m.lower(): m for m in OSSUTIL_MODES}
    names.update(
        {"credentialprocess": "Process", "external": "Process", "credentialuri": "Uri", "oidcrolearn": "OIDC"}
    )
    return names.get(mode, mode)


def _ecs_provider(role: str | None, env: Mapping[str, str]) -> Any:
    from alibabacloud_credentials.provider import EcsRamRoleCredentialsProvider

    # The metadata host (100.100.100.200) is fixed inside the library. It speaks plain HTTP through the
    # `requests` layer, which honours HTTP_PROXY: that is how the tests reach the loopback stand-in.
    # No background refresh thread: we ask before each use, and its cache refreshes when due.
    return EcsRamRoleCredentialsProvider(
        role_name=role,
        disable_imds_v1=(env.get("ALIBABA_CLOUD_IMDSV1_DISABLED", "").lower() in _TRUE),
        async_update_enabled=False,
    )


def _uri_provider(uri: str) -> Any:
    from alibabacloud_credentials.provider import URLCredentialsProvider

    return URLCredentialsProvider(uri=uri)


def _oidc_provider(
    role_arn: str,
    provider_arn: str,
    token_file: str,
    session: str | None,
    duration: int,
    sts_region: str | None,
    endpoint: str | None,
) -> Any:
    from alibabacloud_credentials.provider import OIDCRoleArnCredentialsProvider

    return OIDCRoleArnCredentialsProvider(
        role_arn=role_arn,
        oidc_provider_arn=provider_arn,
        oidc_token_file_path=token_file,
        role_session_name=session,
        duration_seconds=duration,
        sts_region_id=sts_region,
        sts_endpoint=endpoint,
    )


def _process_provider(command: str) -> Any:
    """The library's external-process provider, reading ossutil 2.0's output as well as aliyun CLI's.

    ossutil 2.0 (like the OSS Go SDK v2) expects `{"AccessKeyId", "AccessKeySecret", "SecurityToken",
    "Expiration"}`; the library reads aliyun CLI's `{"access_key_id", ...}`. Running the command, its timeout
    and the refresh before expiry stay the library's; only the JSON keys are translated.
    """
    from alibabacloud_credentials.provider import ExternalCredentialsProvider

    class OssutilProcessProvider(ExternalCredentialsProvider):
        def _parse_and_build_credentials(self, output: str, async_callback: bool) -> Any:
            return super()._parse_and_build_credentials(_as_aliyun_cli_json(output), async_callback)

    return OssutilProcessProvider(process_command=command)


def _as_aliyun_cli_json(output: str) -> str:
    try:
        data = json.loads(output)
    except ValueError:
        return output  # the library reports the parse error
    if not isinstance(data, dict) or "AccessKeyId" not in data:
        return output
    return json.dumps(
        {
            "mode": "StsToken" if data.get("SecurityToken") else "AK",
            "access_key_id": data.get("AccessKeyId"),
            "access_key_secret": data.get("AccessKeySecret"),
            "sts_token": data.get("SecurityToken"),
            "expiration": data.get("Expiration"),
        }
    )


# ---- the default chain ----------------------------------------------------------------------------------


class DefaultChain(CredentialProvider):
    """The Alibaba Cloud default chain, in the library's order: ALIBABA_CLOUD_* env, OIDC (RRSA),
    ~/.aliyun/config.json, ~/.alibabacloud/credentials.ini, the ECS RAM role, the credentials URI.

    A source that is configured but fails stops the search with its own error (a broken config.json is an
    error, not a reason to try the next source); the first that works is kept for later calls.
    """

    source = CHAIN_LABEL

    def __init__(self, profile_name: str | None = None, environ: Mapping[str, str] | None = None) -> None:
        self.profile_name = profile_name
        self.environ = environ
        self._chosen: CredentialProvider | None = None
        self._lock = threading.Lock()

    def get(self) -> Credentials:
        with self._lock:  # workers may ask at once: search the chain (and call STS) only once
            chosen = self._chosen or self._search()
        return chosen.get()

    def _search(self) -> CredentialProvider:
        for provider, probe in self._candidates():
            try:
                creds = provider.get()
            except ConfigError:
                if probe:
                    continue
                raise
            del creds  # the caller asks again: the provider's cache answers that
            self._chosen = provider
            self.source = provider.source
            return provider
        raise ConfigError(f"no credentials found: {HOW_TO}")

    def precheck(self) -> None:
        """Fail now, without the library or the network, when no source is configured at all (with the ECS
        metadata service disabled) or a configured file is broken; the TUI calls this before it starts."""
        if not self._candidates():
            raise ConfigError(f"no credentials found: {HOW_TO}")

    def region_hint(self) -> str:
        """The region of the aliyun CLI profile that would be used (`region_id`), or "": a default for users
        whose only configuration is `aliyun configure`."""
        env = os.environ if self.environ is None else self.environ
        path = Path(env.get("HOME") or Path.home()) / ".aliyun" / "config.json"
        try:
            config = json.loads(path.read_text(encoding="utf-8"))
            name = self.profile_name or env.get("ALIBABA_CLOUD_PROFILE") or config.get("current") or "default"
            profiles = [p for p in config.get("profiles") or [] if isinstance(p, dict)]
            entry = next(p for p in profiles if p.get("name") == name)
            return str(entry.get("region_id") or "").strip()
        except (OSError, ValueError, AttributeError, StopIteration):
            return ""

    def _candidates(self) -> list[tuple[CredentialProvider, bool]]:
        """(provider, is_probe): a probe (the ECS metadata service with no role named) may fail quietly."""
        env = os.environ if self.environ is None else self.environ
        out: list[tuple[CredentialProvider, bool]] = []
        ak, sk = env.get("ALIBABA_CLOUD_ACCESS_KEY_ID", ""), env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
        if ak or sk:
            out.append((_EnvProvider(ak, sk, env.get("ALIBABA_CLOUD_SECURITY_TOKEN", "")), False))
        oidc = [
            env.get(k, "")
            for k in (
                "ALIBABA_CLOUD_ROLE_ARN",
                "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
                "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
            )
        ]
        if all(oidc):
            out.append(
                (
                    LibraryProvider(
                        "OIDC (ALIBABA_CLOUD_OIDC_TOKEN_FILE)",
                        lambda: _oidc_provider(
                            oidc[0],
                            oidc[1],
                            oidc[2],
                            env.get("ALIBABA_CLOUD_ROLE_SESSION_NAME") or None,
                            3600,
                            env.get("ALIBABA_CLOUD_STS_REGION") or None,
                            _sts_endpoint(None, env),
                        ),
                    ),
                    False,
                )
            )
        home = Path(env.get("HOME") or Path.home())
        if env.get("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "").lower() not in _TRUE:
            cli_file = home / ".aliyun" / "config.json"
            if cli_file.is_file():
                out.append(
                    (
                        aliyun_cli_provider(
                            cli_file, self.profile_name or env.get("ALIBABA_CLOUD_PROFILE"), env
                        ),
                        False,
                    )
                )
        ini = Path(env.get("ALIBABA_CLOUD_CREDENTIALS_FILE") or home / ".alibabacloud" / "credentials.ini")
        if ini.is_file():
            ini_name = env.get("ALIBABA_CLOUD_PROFILE") or "default"
            out.append(
                (LibraryProvider(f"{shown_path(ini)} [{ini_name}]", lambda: _ini_provider(ini, ini_name)),
                 False)
            )
        if env.get("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "").lower() not in _TRUE:
            role = env.get("ALIBABA_CLOUD_ECS_METADATA") or None
            label = (
                f"the ECS RAM role {role!r} (instance metadata)"
                if role
                else "the ECS RAM role (instance metadata)"
            )
            out.append((LibraryProvider(label, lambda: _ecs_provider(role, env)), role is None))
        uri = env.get("ALIBABA_CLOUD_CREDENTIALS_URI", "")
        if uri:
            out.append((LibraryProvider("ALIBABA_CLOUD_CREDENTIALS_URI", lambda: _uri_provider(uri)), False))
        return out


class _EnvProvider(CredentialProvider):
    """ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN, read when asked (the library's env provider
    reads them once, at its import)."""

    source = "ALIBABA_CLOUD_ACCESS_KEY_ID env"

    def __init__(self, ak: str, sk: str, token: str) -> None:
        self._creds = Credentials(ak.strip(), sk.strip(), token.strip(), None, self.source)

    def get(self) -> Credentials:
        if not self._creds.access_key_id:
            raise ConfigError("ALIBABA_CLOUD_ACCESS_KEY_SECRET is set without ALIBABA_CLOUD_ACCESS_KEY_ID")
        if not self._creds.access_key_secret:
            raise ConfigError("ALIBABA_CLOUD_ACCESS_KEY_ID is set without ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        return self._creds


def _ini_provider(path: Path, name: str) -> Any:
    import configparser

    from alibabacloud_credentials.provider import ProfileCredentialsProvider

    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as err:
        raise ConfigError(f"not a valid INI file: {one_line(str(err))}") from None
    if not parser.has_section(name):
        raise ConfigError(f"it has no [{name}] section")
    # As for config.json: the library maps the section's `type` to a provider; its wrapper would drop the
    # expiry, so the inner provider is used directly.
    section = {k: v.split("#")[0].strip() for k, v in parser.items(name)}
    return ProfileCredentialsProvider(profile_file=str(path), profile_name=name)._get_credentials_provider(
        section
    )


def aliyun_cli_provider(path: Path, name: str | None, env: Mapping[str, str]) -> CredentialProvider:
    """A profile of aliyun CLI's config.json, its mode mapped by the library's own CLI-profile provider."""
    shown = shown_path(path)
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"credentials from {shown}: cannot be read: {err.strerror or err}") from None
    except ValueError as err:
        raise ConfigError(f"credentials from {shown}: not valid JSON: {one_line(str(err))}") from None
    if not isinstance(config, dict):
        raise ConfigError(f"credentials from {shown}: not an aliyun CLI config (no profiles)")
    chosen = name or config.get("current") or "default"
    profiles = [p for p in config.get("profiles") or [] if isinstance(p, dict)]
    entry = next((p for p in profiles if p.get("name") == chosen), None)
    if entry is None:
        raise ConfigError(f"credentials from {shown}: it has no profile {chosen!r}")
    label = f"{shown} profile {chosen!r} (mode {entry.get('mode') or '?'})"
    endpoint = _sts_endpoint(entry.get("sts_endpoint"), env)

    def build() -> Any:
        from alibabacloud_credentials.provider import CLIProfileCredentialsProvider

        # The library's CLI-profile provider maps each mode (AK, StsToken, RamRoleArn, EcsRamRole, OIDC,
        # ChainableRamRoleArn, CloudSSO, OAuth, External) to a provider, but its wrapper drops the expiry;
        # we ask it for that inner provider and use it directly.
        cli = CLIProfileCredentialsProvider(profile_name=chosen, profile_file=str(path))
        inner = cli._get_credentials_provider(config, chosen)
        if endpoint and hasattr(inner, "_sts_endpoint"):
            inner._sts_endpoint = endpoint  # aliyun CLI's `sts_endpoint`, which this library version ignores
        return inner

    return LibraryProvider(label, build)
