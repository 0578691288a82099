"""The resolved connection settings every storage call starts from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Profile:
    """Endpoint, credentials and signing preferences after flags > env > config file are merged.

    `repr` never shows the secret or the token.
    """

    endpoint: str = ""
    """With a scheme (`https://` is added when the user gave none), e.g. `https://oss-cn-hangzhou.aliyuncs.com`."""
    access_key_id: str = ""
    access_key_secret: str = field(default="", repr=False)
    sts_token: str = field(default="", repr=False)
    region: str = ""
    """Explicit region (`--region`, `OSS_REGION` or config); empty when not given."""
    sign_version: str = "v4"
    bucket_endpoints: dict[str, str] = field(default_factory=dict)
    """ossutil 1.x `[Bucket-Endpoint]`: bucket -> endpoint host."""
    bucket_cnames: dict[str, str] = field(default_factory=dict)
    """ossutil 1.x `[Bucket-Cname]` and `--cname`: bucket -> custom domain."""
    sts_expiration: str = ""
    """ISO 8601 expiry of the STS token when known (e.g. from config), else empty."""
    cname: str = ""
    """`--cname DOMAIN`: sign for this custom domain (any bucket), ahead of `bucket_cnames`."""
    endpoint_source: str = ""
    """Where the endpoint came from (`-e/--endpoint`, `OSS_ENDPOINT`, `endpoint in ~/.ossutilconfig`…), for
    errors that name it; empty when unknown."""
    history: bool = True
    """Record links in the history file; `history = off` in the config's `[oss-share]` section turns it off."""
    credential_source: str = ""
    """Where the credentials come from (`-i/-k flags`, `OSS_ACCESS_KEY_ID env`, a config file and profile, the
    default chain's source); never a secret. Shown in `--json`, the TUI and every credentials error."""
    provider: Any = field(default=None, repr=False, compare=False)
    """A `storage.credentials.CredentialProvider` when the keys are fetched (ossutil credential modes, the
    default chain): ask it before each use (`fresh_profile`), as temporary credentials expire."""

    @property
    def has_credentials(self) -> bool:
        """True when an access key id and secret are both present."""
        return bool(self.access_key_id and self.access_key_secret)
