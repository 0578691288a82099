"""Credential providers: static keys, or a provider of the official `alibabacloud-credentials` library asked
again before each use (it caches temporary credentials until close to their expiry)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from oss_share_tui.core.errors import ConfigError
from oss_share_tui.storage.profile import Profile

HOW_TO_GIVE_CREDENTIALS = (
    "pass -i ID -k SECRET, set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET "
    "(or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET), write them to ~/.ossutilconfig, "
    "or configure ~/.aliyun/config.json "
    "(aliyun configure)"
)
"""How to give credentials, for every "no credentials" error line."""


@dataclass(frozen=True)
class Credentials:
    """One set of keys and where they came from. `repr` never shows the secret or the token."""

    access_key_id: str
    access_key_secret: str = field(repr=False)
    security_token: str = field(default="", repr=False)
    expiration: datetime | None = None
    """Aware UTC expiry of temporary credentials; None for long-term keys."""
    source: str = ""


def shown_path(path: object) -> str:
    """A path as errors and `credential_source` show it: `~` for the home directory."""
    home = os.environ.get("HOME", "").rstrip("/")
    text = str(path)
    return "~" + text[len(home) :] if home and text.startswith(home + "/") else text


def iso_z(moment: datetime) -> str:
    """`2030-01-31T10:00:00Z`."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def one_line(text: str, limit: int = 240) -> str:
    """The first line of a library message, cut short (some quote a whole response body or a command's
    stderr: neither belongs in a one-line error)."""
    first = next((line.strip() for line in str(text).splitlines() if line.strip()), "") or "unknown error"
    return first if len(first) <= limit else first[: limit - 1] + "…"


class CredentialProvider:
    """Gives credentials on demand; `source` says where they come from, never with a secret."""

    source: str = ""

    def get(self) -> Credentials:  # pragma: no cover - interface
        raise NotImplementedError

    def bind(self, profile: Profile) -> Profile:
        """`profile` with fresh credentials from this provider (the same object while they are unchanged)."""
        creds = self.get()
        expiration = iso_z(creds.expiration) if creds.expiration else ""
        if (
            profile.access_key_id == creds.access_key_id
            and profile.access_key_secret == creds.access_key_secret
            and profile.sts_token == creds.security_token
            and profile.credential_source == creds.source
        ):
            return profile
        memo = getattr(self, "_memo", None)
        key = (creds.access_key_id, creds.access_key_secret, creds.security_token, creds.source)
        if memo is not None and memo[0] is profile and memo[1] == key:
            return memo[2]
        bound = replace(
            profile,
            access_key_id=creds.access_key_id,
            access_key_secret=creds.access_key_secret,
            sts_token=creds.security_token,
            sts_expiration=expiration,
            credential_source=creds.source,
        )
        self._memo = (profile, key, bound)
        return bound


class LibraryProvider(CredentialProvider):
    """A provider of `alibabacloud-credentials`, built on first use (the import happens then) and asked before
    every use: its own cache answers until the credentials are close to expiry, then it fetches new ones."""

    def __init__(self, source: str, build: Callable[[], Any]) -> None:
        self.source = source
        self._build = build
        self._inner: Any = None
        self._lock = threading.Lock()

    def get(self) -> Credentials:
        with self._lock:
            try:
                if self._inner is None:
                    quiet_library_logs()
                    self._inner = self._build()
                creds = self._inner.get_credentials()
            except ConfigError as err:
                raise ConfigError(f"credentials from {self.source}: {err}") from None
            except Exception as err:  # noqa: BLE001 - the library raises many types; each becomes one line
                raise ConfigError(
                    f"credentials from {self.source}: {one_line(str(err) or type(err).__name__)}"
                ) from None
        if creds is None or not creds.get_access_key_id() or not creds.get_access_key_secret():
            raise ConfigError(f"credentials from {self.source}: no access key was returned")
        stamp = creds.get_expiration()
        expiration = datetime.fromtimestamp(stamp, tz=timezone.utc) if stamp and stamp > 0 else None
        return Credentials(
            creds.get_access_key_id(),
            creds.get_access_key_secret(),
            creds.get_security_token() or "",
            expiration,
            self.source,
        )


def quiet_library_logs() -> None:
    """The library and its HTTP layer attach their own stderr handlers at import and log a refresh failure
    with a traceback; our errors are one line each, so those loggers are switched off once imported."""
    import logging

    import alibabacloud_credentials.provider  # noqa: F401 - imported so its loggers exist before we silence them

    for name in ("credentials", "alibabacloud-tea"):
        logging.getLogger(name).disabled = True


def fresh_profile(profile: Profile) -> Profile:
    """The profile with credentials fresh from its provider; the profile itself when it has no provider."""
    provider = profile.provider
    if provider is None:
        return profile
    return provider.bind(profile)
