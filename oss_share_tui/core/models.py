"""The project's own frozen records for what OSS lists; oss2 types never leave storage/."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Bucket:
    """One bucket, as ListBuckets or GetBucketInfo reports it."""

    name: str
    region: str = ""
    """Region id without the `oss-` prefix, e.g. `cn-hangzhou`."""
    location: str = ""
    """Location as OSS names it, e.g. `oss-cn-hangzhou`."""
    extranet_endpoint: str = ""
    """Host (and port, for localoss) without a scheme, e.g. `oss-cn-hangzhou.aliyuncs.com`."""
    intranet_endpoint: str = ""
    created: datetime | None = None
    storage_class: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of a prefix listing: a common prefix (folder) or an object."""

    key: str
    """Full key; for a folder it ends with `/`."""
    is_prefix: bool = False
    size: int = 0
    last_modified: datetime | None = None
    """Aware UTC datetime, or None for folders."""
    storage_class: str = ""
    etag: str = ""
    object_type: str = ""
    restore: str = ""
    """OSS's RestoreInfo as sent (`ongoing-request="false", expiry-date="…"`); empty when none: see
    `core.restore`. Only archived objects carry one, so most rows share the empty string."""

    @property
    def name(self) -> str:
        """The last path segment (folders keep their trailing `/`)."""
        stripped = self.key[:-1] if self.is_prefix else self.key
        base = stripped.rsplit("/", 1)[-1]
        return base + "/" if self.is_prefix else base


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a key, or a delete marker."""

    key: str
    version_id: str
    is_latest: bool = False
    is_delete_marker: bool = False
    size: int = 0
    last_modified: datetime | None = None
    storage_class: str = ""
    etag: str = ""
    restore: str = ""
    """OSS's RestoreInfo for this version, as sent (see `core.restore`)."""


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """What HEAD says about one object (version)."""

    bucket: str
    key: str
    size: int
    content_type: str = ""
    etag: str = ""
    last_modified: datetime | None = None
    storage_class: str = ""
    object_type: str = ""
    version_id: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    restore: str = ""
    """The `x-oss-restore` header as sent (see `core.restore`); empty when there is none."""
    symlink_target: str = ""
    """For a Symlink object: the key it points to (GetSymlink's `x-oss-symlink-target`)."""


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing. `next_token` is what to pass to get the page after it (None: no more)."""

    items: tuple[T, ...]
    next_token: str | tuple[str, str] | None = None
    """Continuation token/marker; for versions a `(key_marker, version_id_marker)` pair."""

    @property
    def truncated(self) -> bool:
        """True when more pages follow."""
        return self.next_token is not None
