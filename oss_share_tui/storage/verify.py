"""Is a pasted signed URL's signature valid for our credentials? Checked locally, with no request to OSS.

The check reuses localoss's verifier (stdlib only, written from OSS-PROTOCOL.md independently of oss2): the
URL is turned into the request OSS would see, judged at an instant inside its validity, so an expired link
still gets a verdict on its signature (the expiry is reported separately by `inspect`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from oss_share_tui.core.inspect import LinkInfo
from oss_share_tui.storage.profile import Profile


@dataclass(frozen=True)
class SignatureCheck:
    """`valid` is True/False when checked, None when it could not be (`reason` says why)."""

    valid: bool | None
    reason: str

    @property
    def summary(self) -> str:
        """One line for a screen or stdout."""
        if self.valid is True:
            return f"valid ({self.reason})"
        if self.valid is False:
            return f"NOT valid: {self.reason}"
        return f"not checked: {self.reason}"


def check_signature(info: LinkInfo, profile: Profile) -> SignatureCheck:
    """Verify `info.url`'s signature with `profile`'s secret, when the profile holds the signer's key id."""
    if not profile.has_credentials:
        return SignatureCheck(None, "no credentials here (give -i/-k, env vars or a config file)")
    if info.access_key_id != profile.access_key_id:
        return SignatureCheck(None, f"signed by another key id; the credentials here are for "
                                    f"{profile.access_key_id}")
    if not info.bucket:
        return SignatureCheck(None, "a custom-domain link does not name its bucket")
    from oss_share_tui.localoss.auth import Authenticator, AuthRequest
    from oss_share_tui.localoss.errors import OssError

    query = dict(parse_qsl(urlsplit(info.url).query, keep_blank_values=True))
    token = query.get("x-oss-security-token") or query.get("security-token") or ""
    if token:
        auth = Authenticator({}, {profile.access_key_id: (profile.access_key_secret, token)})
    else:
        auth = Authenticator({profile.access_key_id: profile.access_key_secret}, {})
    # An instant inside the validity window: the signature is judged, not the clock.
    if info.signed_at is not None:
        at = info.signed_at.timestamp()
    else:
        at = min(info.expires_at.timestamp() - 1, 4102444800.0)
    request = AuthRequest("GET", info.bucket, info.key, query, {"host": info.host}, at)
    try:
        auth.authenticate(request, info.region)
    except OssError as err:
        if err.code == "SignatureDoesNotMatch":
            return SignatureCheck(False, f"it does not match the secret of {profile.access_key_id} "
                                         "(a different secret, or the URL was changed after signing)")
        return SignatureCheck(False, f"{err.code}: {err.message}")
    return SignatureCheck(True, f"signed with the secret of {profile.access_key_id}")
