"""What the share form hands back, and the one place the TUI signs a link for a share target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from oss_share_tui.core.disposition import DownloadAs
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.tui.share_target import ShareTarget

if TYPE_CHECKING:
    from oss_share_tui.core.models import Bucket
    from oss_share_tui.storage.profile import Profile
    from oss_share_tui.storage.signer import SignedLink


@dataclass(frozen=True)
class ShareRequest:
    """The form's result: the object, the validated options and the link signed from them."""

    target: ShareTarget
    options: ShareOptions
    link: SignedLink
    download: DownloadAs | None = None
    """A batch: how each object's link is named (`options` then carries no Content-Disposition)."""


def sign_target(
    profile: Profile, target: ShareTarget, options: ShareOptions, *, now: float | None = None
) -> SignedLink:
    """Sign `target` with `options` through the bucket's own endpoint and region (blocking: a thread worker).

    The signer (and so oss2) is imported here, never at module level: the import costs ~0.4 s.
    """
    from oss_share_tui.storage.signer import sign_link

    bucket = target.bucket
    return sign_link(
        profile,
        bucket.name,
        target.key,
        options,
        region=bucket.region or None,
        endpoint=bucket_endpoint(profile, bucket),
        now=now,
    )


def bucket_endpoint(profile: Profile, bucket: Bucket) -> str | None:
    """The endpoint links to `bucket` are signed for: `[Bucket-Endpoint]`, else its own from ListBuckets."""
    return profile.bucket_endpoints.get(bucket.name) or bucket.extranet_endpoint or None
