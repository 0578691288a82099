"""What the share form is opened for: one object, or one version of it."""

from __future__ import annotations

from dataclasses import dataclass

from oss_share_tui.core.models import Bucket


@dataclass(frozen=True)
class ShareTarget:
    """One object (or object version) to make a share link for."""

    bucket: Bucket
    key: str
    version_id: str | None = None
    size: int = 0
    content_type: str = ""
    storage_class: str = ""
    restore: str = ""
    """OSS's RestoreInfo for the object as listed (see `core.restore`): an unrestored archived object's link
    fails, and the share flow says so before the link is made."""
