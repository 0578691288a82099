"""Builders for the providers of `alibabacloud-credentials` (each imports the library when called) and aliyun
CLI's config.json profiles, mapped by the library's own code."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from oss_share_tui.core.errors import ConfigError
from oss_share_tui.storage.credentials import CredentialProvider, LibraryProvider, one_line, shown_path

TRUE = ("true", "1", "yes")


def sts_endpoint(explicit: str | None, env: Mapping[str, str]) -> str | None:
    # aliyun CLI reads ALIBABA_CLOUD_STS_ENDPOINT (and a profile's `sts_endpoint`); this library version only
    # takes an endpoint as a constructor argument, so we pass it there. Tests point it at the loopback STS.
    return (explicit or env.get("ALIBABA_CLOUD_STS_ENDPOINT") or "").strip() or None


def ecs_provider(role: str | None, env: Mapping[str, str]) -> Any:
    from alibabacloud_credentials.provider import EcsRamRoleCredentialsProvider

    # The metadata host (100.100.100.200) is fixed inside the library. It speaks plain HTTP through the
    # `requests` layer, which honours HTTP_PROXY: that is how the tests reach the loopback stand-in.
    # No background refresh thread: we ask before each use, and its cache refreshes when due.
    return EcsRamRoleCredentialsProvider(
        role_name=role,
        disable_imds_v1=(env.get("ALIBABA_CLOUD_IMDSV1_DISABLED", "").lower() in TRUE),
        async_update_enabled=False,
    )


def uri_provider(uri: str) -> Any:
    from alibabacloud_credentials.provider import URLCredentialsProvider

    return URLCredentialsProvider(uri=uri)


def oidc_provider(
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


def process_provider(command: str) -> Any:
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


def ini_provider(path: Path, name: str) -> Any:
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
    endpoint = sts_endpoint(entry.get("sts_endpoint"), env)

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
