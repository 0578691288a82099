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
from oss_share_tui.storage.credentials import HOW_TO_GIVE_CREDENTIALS as HOW_TO
from oss_share_tui.storage.credentials import CredentialProvider, Credentials, LibraryProvider, shown_path
from oss_share_tui.storage.library_providers import (
    TRUE,
    aliyun_cli_provider,
    ecs_provider,
    ini_provider,
    oidc_provider,
    process_provider,
    sts_endpoint,
    uri_provider,
)

CHAIN_LABEL = "the Alibaba Cloud default chain"


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
        endpoint = sts_endpoint(values.get("sts_endpoint"), env)

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
            return LibraryProvider(label, lambda: uri_provider(url))
        return LibraryProvider(label, lambda: ecs_provider(role, env))
    if mode in ("process", "credentialprocess", "external"):
        command = values.get("credential_process", "")
        if not command:
            raise ConfigError(f"credentials from {label}: credential-process is empty")
        return LibraryProvider(label, lambda: process_provider(command))
    if mode in ("uri", "credentialuri"):
        uri = values.get("credential_uri", "")
        if not uri:
            raise ConfigError(f"credentials from {label}: credential-uri is empty")
        return LibraryProvider(label, lambda: uri_provider(uri))
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
        endpoint = sts_endpoint(values.get("sts_endpoint"), env)
        return LibraryProvider(
            label,
            lambda: oidc_provider(
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
                        lambda: oidc_provider(
                            oidc[0],
                            oidc[1],
                            oidc[2],
                            env.get("ALIBABA_CLOUD_ROLE_SESSION_NAME") or None,
                            3600,
                            env.get("ALIBABA_CLOUD_STS_REGION") or None,
                            sts_endpoint(None, env),
                        ),
                    ),
                    False,
                )
            )
        home = Path(env.get("HOME") or Path.home())
        if env.get("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "").lower() not in TRUE:
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
                (LibraryProvider(f"{shown_path(ini)} [{ini_name}]", lambda: ini_provider(ini, ini_name)),
                 False)
            )
        if env.get("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "").lower() not in TRUE:
            role = env.get("ALIBABA_CLOUD_ECS_METADATA") or None
            label = (
                f"the ECS RAM role {role!r} (instance metadata)"
                if role
                else "the ECS RAM role (instance metadata)"
            )
            out.append((LibraryProvider(label, lambda: ecs_provider(role, env)), role is None))
        uri = env.get("ALIBABA_CLOUD_CREDENTIALS_URI", "")
        if uri:
            out.append((LibraryProvider("ALIBABA_CLOUD_CREDENTIALS_URI", lambda: uri_provider(uri)), False))
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
