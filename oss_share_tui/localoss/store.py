"""The in-memory store: buckets, versioned objects, delete markers and lazily generated key ranges."""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import time
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from dataclasses import dataclass, field

from oss_share_tui.localoss.crc64 import crc64
from oss_share_tui.localoss.errors import OssError, no_such_bucket, no_such_key, no_such_version
from oss_share_tui.localoss.store_listing import StoreListing

NULL = "null"
"""The VersionId of an object written before versioning was enabled, or while it was suspended."""

_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
ACLS = ("private", "public-read", "public-read-write")
# Above this size we skip the (pure-Python, ~10 MB/s) CRC; oss2 only checks it when the header is present.
_CRC_LIMIT = 16 * 1024 * 1024


def valid_bucket_name(name: str) -> bool:
    """OSS bucket naming: 3-63 chars of lower-case letters, digits and `-`, alphanumeric at both ends."""
    return bool(_BUCKET_NAME.match(name))


@dataclass(slots=True)
class ObjectVersion:
    """One version of a key (or a delete marker); synthetic versions generate their body on demand."""

    key: str
    version_id: str
    last_modified: float
    size: int = 0
    etag: str = ""
    """Upper-case hex, without quotes."""
    is_delete_marker: bool = False
    data: bytes | None = None
    content_type: str = "application/octet-stream"
    headers: dict[str, str] = field(default_factory=dict)
    """Stored standard headers (Cache-Control, Content-Disposition, ...) and x-oss-meta-*."""
    synthetic: SyntheticRange | None = None
    """For a generated object: the range that computes its body from `index`."""
    index: int = 0
    _crc: int | None = None
    storage_class: str = "Standard"
    object_type: str = "Normal"
    """Normal, Appendable, Multipart or Symlink."""
    symlink_target: str | None = None
    restore_ready_at: float | None = None
    """When a requested restore completes (None: never requested, or its restored copy expired)."""
    restore_expires_at: float | None = None

    def body(self) -> bytes:
        """The object's bytes."""
        if self.data is not None:
            return self.data
        if self.synthetic is not None:
            return self.synthetic.body(self.index)
        return b""

    def crc(self) -> int | None:
        """CRC-64/ECMA of the body, computed once; None for bodies too large to hash cheaply."""
        if self._crc is None and self.size <= _CRC_LIMIT:
            self._crc = crc64(self.body())
        return self._crc


class SyntheticRange:
    """`count` keys `<prefix>part-000000.log`... computed from their index, never stored (cheap at 1M)."""

    BASE_TIME = 1735689600.0  # 2025-01-01T00:00:00Z: fixed, so listings and snapshots are reproducible

    def __init__(self, prefix: str, count: int) -> None:
        self.prefix = prefix
        self.count = count
        # 6 digits, widened when the indexes need more, so the keys still sort in index order.
        self.width = max(6, len(str(max(count - 1, 0))))
        self._head = prefix + "part-"

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> str:
        if not 0 <= i < self.count:
            raise IndexError(i)
        return f"{self._head}{i:0{self.width}d}.log"

    def index_of(self, key: str) -> int | None:
        """The index whose key is `key`, or None when `key` is not one of ours."""
        head = self._head
        if not key.startswith(head) or not key.endswith(".log"):
            return None
        digits = key[len(head) : -4]
        if len(digits) != self.width or not digits.isdigit() or not digits.isascii():
            return None
        i = int(digits)
        return i if i < self.count else None

    def start_index(self, start: str, inclusive: bool) -> int:
        """First index whose key is >= start (or > start)."""
        return bisect_left(self, start) if inclusive else bisect_right(self, start)

    def size(self, i: int) -> int:
        """A deterministic size between 256 and 4095 bytes."""
        return 256 + (i * 2654435761) % 3840

    def version(self, i: int, key: str | None = None) -> ObjectVersion:
        """The object at index i, built on demand (its ETag hashes the key: listing stays cheap)."""
        if key is None:
            key = self[i]
        return ObjectVersion(
            key,
            NULL,
            self.BASE_TIME + i,
            256 + (i * 2654435761) % 3840,
            hashlib.md5(key.encode()).hexdigest().upper(),
            False,
            None,
            "text/plain",
            {},
            self,
            i,
        )

    def body(self, i: int) -> bytes:
        """Index i's body: a log line repeated to its size."""
        size = self.size(i)
        line = f"{self[i]} record {i} INFO localoss synthetic log line\n".encode()
        return (line * (size // len(line) + 1))[:size]


@dataclass
class BucketState:
    """One bucket: settings, real keys (sorted, newest version first) and synthetic key ranges."""

    name: str
    region: str
    acl: str
    created: float
    versioning: str | None = None
    storage_class: str = "Standard"
    objects: dict[str, list[ObjectVersion]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    """Real keys in code-point order, which is UTF-8 byte order."""
    synthetic: list[SyntheticRange] = field(default_factory=list)
    overridden: set[str] = field(default_factory=set)
    """Synthetic keys that were written or deleted, and now live in `objects`."""
    styles: dict[str, tuple[str, float, float]] = field(default_factory=dict)
    """Image styles: name -> (content, created, last modified)."""


class Store(StoreListing):
    """Thread-safe in-memory OSS state. Every public method takes the one lock (listing: `StoreListing`)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.buckets: dict[str, BucketState] = {}
        self._version_counter = 0

    # ---- buckets -------------------------------------------------------------------------------------

    def create_bucket(
        self,
        name: str,
        region: str = "cn-hangzhou",
        acl: str = "private",
        versioning: str | None = None,
        created: float | None = None,
        storage_class: str = "Standard",
    ) -> BucketState:
        """Add a bucket; 409 BucketAlreadyExists if it exists, 400 InvalidBucketName if the name is bad."""
        if not valid_bucket_name(name):
            raise OssError(
                400, "InvalidBucketName", "The specified bucket is not valid.", [("BucketName", name)]
            )
        if acl not in ACLS:
            raise OssError(
                400,
                "InvalidArgument",
                "no such bucket access control exists",
                [("ArgumentName", "x-oss-acl"), ("ArgumentValue", acl)],
            )
        if versioning not in (None, "Enabled", "Suspended"):
            raise ValueError(f"versioning must be None, 'Enabled' or 'Suspended', not {versioning!r}")
        with self.lock:
            if name in self.buckets:
                raise OssError(
                    409,
                    "BucketAlreadyExists",
                    "The requested bucket name is not available.",
                    [("BucketName", name)],
                )
            b = BucketState(
                name, region, acl, self.clock() if created is None else created, versioning, storage_class
            )
            self.buckets[name] = b
            return b

    def bucket(self, name: str) -> BucketState:
        """The bucket, or 404 NoSuchBucket."""
        b = self.buckets.get(name)
        if b is None:
            raise no_such_bucket(name)
        return b

    def delete_bucket(self, name: str) -> None:
        """Remove an empty bucket (409 BucketNotEmpty otherwise)."""
        with self.lock:
            b = self.bucket(name)
            if b.objects or any(len(r) for r in b.synthetic):
                raise OssError(
                    409,
                    "BucketNotEmpty",
                    "The bucket you tried to delete is not empty.",
                    [("BucketName", name)],
                )
            del self.buckets[name]

    def set_versioning(self, name: str, status: str) -> None:
        """Enable or suspend versioning (it can never go back to unset)."""
        if status not in ("Enabled", "Suspended"):
            raise ValueError(status)
        with self.lock:
            self.bucket(name).versioning = status

    def set_acl(self, name: str, acl: str) -> None:
        """Change a bucket's canned ACL."""
        if acl not in ACLS:
            raise OssError(
                400,
                "InvalidArgument",
                "no such bucket access control exists",
                [("ArgumentName", "x-oss-acl"), ("ArgumentValue", acl)],
            )
        with self.lock:
            self.bucket(name).acl = acl

    def list_buckets(
        self, prefix: str = "", marker: str = "", max_keys: int = 100
    ) -> tuple[list[BucketState], bool, str]:
        """Buckets by name after `marker` starting with `prefix`: (page, truncated, next_marker)."""
        with self.lock:
            names = sorted(n for n in self.buckets if n.startswith(prefix) and n > marker)
            page = [self.buckets[n] for n in names[:max_keys]]
        truncated = len(names) > max_keys
        return page, truncated, (page[-1].name if truncated else "")

    # ---- objects -------------------------------------------------------------------------------------

    def _new_version_id(self, bucket: str, key: str) -> str:
        # Deterministic (a counter), so a seeded server gives the same ids on every run.
        self._version_counter += 1
        digest = hashlib.sha256(f"{self._version_counter}\0{bucket}\0{key}".encode()).digest()
        return "CAEQ" + base64.urlsafe_b64encode(digest[:18]).decode("ascii")

    def _versions(self, b: BucketState, key: str) -> list[ObjectVersion] | None:
        versions = b.objects.get(key)
        if versions is not None:
            return versions
        for r in b.synthetic:
            i = r.index_of(key)
            if i is not None and key not in b.overridden:
                return [r.version(i)]
        return None

    def _materialize(self, b: BucketState, key: str) -> None:
        """Move a synthetic key into `objects` before it is changed, so versioning rules apply to it."""
        if key in b.objects or not b.synthetic:
            return
        versions = self._versions(b, key)
        if versions is not None:
            b.overridden.add(key)
            b.objects[key] = versions
            insort(b.keys, key)

    def _set_versions(self, b: BucketState, key: str, versions: list[ObjectVersion]) -> None:
        if versions:
            if key not in b.objects:
                insort(b.keys, key)
            b.objects[key] = versions
        elif key in b.objects:
            del b.objects[key]
            b.keys.pop(bisect_left(b.keys, key))

    def put_object(
        self,
        bucket: str,
        key: str,
        data: bytes,
        content_type: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        last_modified: float | None = None,
        storage_class: str = "Standard",
        object_type: str = "Normal",
        etag: str | None = None,
        symlink_target: str | None = None,
    ) -> str | None:
        """Write an object; returns its VersionId, or None when versioning was never set on the bucket.

        `etag` overrides the MD5 (a Multipart object's `<md5>-N`, an Appendable object's own ETag).
        """
        data = bytes(data)
        with self.lock:
            b = self.bucket(bucket)
            self._materialize(b, key)
            old = b.objects.get(key, [])
            if b.versioning == "Enabled":
                vid = self._new_version_id(bucket, key)
                rest = old
            else:
                # Unversioned and suspended buckets both replace the null version.
                vid = NULL
                rest = [v for v in old if v.version_id != NULL] if b.versioning else []
            version = ObjectVersion(
                key=key,
                version_id=vid,
                last_modified=self.clock() if last_modified is None else last_modified,
                size=len(data),
                etag=etag or hashlib.md5(data).hexdigest().upper(),
                data=data,
                content_type=content_type or "application/octet-stream",
                headers=dict(headers or {}),
                storage_class=storage_class,
                object_type=object_type,
                symlink_target=symlink_target,
            )
            self._set_versions(b, key, [version, *rest])
            return vid if b.versioning else None

    def delete_object(
        self, bucket: str, key: str, version_id: str | None = None, *, last_modified: float | None = None
    ) -> tuple[bool, str | None]:
        """Delete a key or one version: (a delete marker was made or removed, the version id involved)."""
        with self.lock:
            b = self.bucket(bucket)
            self._materialize(b, key)
            old = b.objects.get(key, [])
            if version_id is not None:
                kept = [v for v in old if v.version_id != version_id]
                gone = [v for v in old if v.version_id == version_id]
                self._set_versions(b, key, kept)
                return (bool(gone) and gone[0].is_delete_marker), version_id
            if not b.versioning:
                self._set_versions(b, key, [])
                return False, None
            if b.versioning == "Enabled":
                vid = self._new_version_id(bucket, key)
                rest = old
            else:
                vid = NULL
                rest = [v for v in old if v.version_id != NULL]
            marker = ObjectVersion(
                key=key,
                version_id=vid,
                last_modified=self.clock() if last_modified is None else last_modified,
                is_delete_marker=True,
            )
            self._set_versions(b, key, [marker, *rest])
            return True, vid

    def get_object(self, bucket: str, key: str, version_id: str | None = None) -> ObjectVersion:
        """The current (or a given) version; NoSuchKey / NoSuchVersion / 405 for a delete marker."""
        with self.lock:
            b = self.bucket(bucket)
            versions = self._versions(b, key)
            if not versions:
                if version_id is not None:
                    raise no_such_version(key, version_id)
                raise no_such_key(key)
            if version_id is None:
                current = versions[0]
                if current.is_delete_marker:
                    raise no_such_key(
                        key, {"x-oss-delete-marker": "true", "x-oss-version-id": current.version_id}
                    )
                return current
            for v in versions:
                if v.version_id == version_id:
                    if v.is_delete_marker:
                        raise OssError(
                            405,
                            "MethodNotAllowed",
                            "The specified method is not allowed against this resource.",
                            [("Method", "GET"), ("ResourceType", "DeleteMarker")],
                            {"x-oss-delete-marker": "true", "x-oss-version-id": version_id},
                        )
                    return v
            raise no_such_version(key, version_id)

    def add_synthetic_prefix(self, bucket: str, prefix: str, count: int) -> SyntheticRange:
        """Add `count` generated keys `<prefix>part-NNNNNN.log`; nothing is stored per key."""
        if count < 0:
            raise ValueError("count must be >= 0")
        with self.lock:
            b = self.bucket(bucket)
            r = SyntheticRange(prefix, count)
            b.synthetic.append(r)
            return r
