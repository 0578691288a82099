"""Object types other than Normal: AppendObject (Appendable) and PutSymlink/GetSymlink (Symlink)."""

from __future__ import annotations

import hashlib
from urllib.parse import quote, unquote

from oss_share_tui.localoss.errors import OssError, invalid_argument, no_such_key
from oss_share_tui.localoss.store import ObjectVersion, Store


def _position_error(key: str, length: int) -> OssError:
    return OssError(
        409,
        "PositionNotEqualToLength",
        "Position is not equal to file length",
        [("Key", key)],
        {"x-oss-next-append-position": str(length)},
    )


def append(
    store: Store,
    bucket: str,
    key: str,
    position_text: str,
    data: bytes,
    *,
    content_type: str | None,
    headers: dict[str, str],
    storage_class: str,
) -> ObjectVersion:
    """AppendObject: create an Appendable object at position 0, or add to one at its current length."""
    if not position_text.isdigit():
        raise invalid_argument("The position must be a non-negative integer.", "position", position_text)
    position = int(position_text)
    with store.lock:
        try:
            current: ObjectVersion | None = store.get_object(bucket, key)
        except OssError as err:
            if err.code != "NoSuchKey":
                raise
            current = None
        if current is None:
            if position != 0:
                raise _position_error(key, 0)
            store.put_object(
                bucket,
                key,
                data,
                content_type,
                headers=headers,
                storage_class=storage_class,
                object_type="Appendable",
            )
            return store.get_object(bucket, key)
        if current.object_type != "Appendable":
            raise OssError(409, "ObjectNotAppendable", "The object is not appendable", [("Key", key)])
        if position != current.size:
            raise _position_error(key, current.size)
        body = current.body() + data
        # Appending changes the object in place: same version, new bytes, new ETag and CRC.
        current.data = body
        current.size = len(body)
        current.etag = hashlib.md5(body).hexdigest().upper()
        current._crc = None
        current.last_modified = store.clock()
        return current


def symlink_target_from(headers: dict[str, str]) -> str:
    """The (URL-decoded) x-oss-symlink-target of a PutSymlink request, checked like a key."""
    raw = headers.get("x-oss-symlink-target")
    if not raw:
        raise invalid_argument("x-oss-symlink-target is missing.", "x-oss-symlink-target", "")
    target = unquote(raw)
    if len(target.encode("utf-8")) > 1023 or target.startswith(("/", "\\")):
        raise OssError(
            400, "InvalidObjectName", "The symlink target is not a valid object name.", [("Key", target)]
        )
    return target


def symlink_header(v: ObjectVersion) -> str:
    """GetSymlink's x-oss-symlink-target: the target key, URL-encoded as OSS sends it."""
    return quote(v.symlink_target or "", safe="")


def follow(store: Store, bucket: str, link: ObjectVersion) -> ObjectVersion:
    """The object a Symlink points at (the current version); 404 SymlinkTargetNotExist when it is gone."""
    target = link.symlink_target or ""
    try:
        found = store.get_object(bucket, target)
    except OssError as err:
        if err.code != "NoSuchKey":
            raise
        raise OssError(
            404,
            "SymlinkTargetNotExist",
            "The symlink target object does not exist",
            [("Key", link.key), ("SymlinkTarget", target)],
        ) from None
    if found.object_type == "Symlink":
        # OSS links point at objects, not at other links.
        raise no_such_key(target)
    return found


def not_symlink(key: str) -> OssError:
    """GetSymlink on an object that is not a symlink."""
    return OssError(400, "NotSymlink", "The specified object is not a symlink.", [("Key", key)])
