"""Object operations: Get/Head (ranges, overrides, image processing, symlinks, archived objects),
GetObjectMeta, Put, PutSymlink/GetSymlink, AppendObject, RestoreObject and Delete."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable

from oss_share_tui.localoss import archive, objtypes, xmlgen
from oss_share_tui.localoss.errors import OssError, invalid_argument
from oss_share_tui.localoss.messages import Request, Response
from oss_share_tui.localoss.store import BucketState, ObjectVersion, Store

TRAFFIC_LIMIT_MIN = 819200
TRAFFIC_LIMIT_MAX = 838860800
RESPONSE_OVERRIDES = {
    "response-content-type": "Content-Type",
    "response-content-language": "Content-Language",
    "response-expires": "Expires",
    "response-cache-control": "Cache-Control",
    "response-content-disposition": "Content-Disposition",
    "response-content-encoding": "Content-Encoding",
}
_STORED_HEADERS = ("Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires")
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _version_header(bucket: BucketState, version_id: str | None) -> list[tuple[str, str]]:
    return [("x-oss-version-id", version_id)] if bucket.versioning and version_id else []


class ObjectOps:
    """The object-level operations over one store."""

    def __init__(self, store: Store, restore_delay: Callable[[], float]) -> None:
        self.store = store
        self.restore_delay = restore_delay

    # ---- reads ---------------------------------------------------------------------------------------

    def get(self, req: Request, bucket: BucketState) -> Response:
        """GetObject / HeadObject / GetObjectMeta / GetSymlink."""
        q = req.query
        _check_traffic_limit(req)
        overrides = []
        for param, header in RESPONSE_OVERRIDES.items():
            if param in q:
                value = q[param]
                if "\r" in value or "\n" in value:
                    raise invalid_argument(f"Invalid {param}.", param, value)
                overrides.append((header, value))
        v = self.store.get_object(bucket.name, req.key, q.get("versionId") or None)
        if "symlink" in q:
            if v.object_type != "Symlink":
                raise objtypes.not_symlink(req.key)
            return Response(
                200,
                [
                    ("ETag", f'"{v.etag}"'),
                    ("Last-Modified", xmlgen.http_date(v.last_modified)),
                    ("x-oss-symlink-target", objtypes.symlink_header(v)),
                    *_version_header(bucket, v.version_id),
                ],
            )
        link = None
        if v.object_type == "Symlink":
            link, v = v, objtypes.follow(self.store, bucket.name, v)
        headers = object_headers(v, req.now) + _version_header(bucket, (link or v).version_id)
        if link is not None:
            headers = [(h, "Symlink" if h == "x-oss-object-type" else val) for h, val in headers]
        size = v.size
        if "objectMeta" in q:
            meta = [h for h in headers if h[0] in ("ETag", "Last-Modified", "x-oss-version-id")]
            return Response(200, meta, b"", size)
        if req.method == "GET":
            archive.check_readable(v, req.now)
        body: bytes | None = None
        if "x-oss-process" in q:
            from oss_share_tui.localoss import imaging

            actions = imaging.parse(q["x-oss-process"], {n: e[0] for n, e in bucket.styles.items()})
            if req.method == "HEAD":
                archive.check_readable(v, req.now)
            body, content_type = imaging.process(actions, v.body())
            size = len(body)
            # The processed bytes are a new representation: the stored object's digests do not describe them.
            drop = {"etag", "content-md5", "x-oss-hash-crc64ecma", "content-type"}
            headers = [(h, val) for h, val in headers if h.lower() not in drop]
            headers.insert(0, ("Content-Type", content_type))
        if overrides:
            names = {h.lower() for h, _ in overrides}
            headers = [(h, val) for h, val in headers if h.lower() not in names] + overrides
        byte_range = _parse_range(req.headers.get("range", ""), size)
        if (
            byte_range == "unsatisfiable"
            and req.headers.get("x-oss-range-behavior", "").lower() == "standard"
        ):
            raise OssError(
                416,
                "InvalidRange",
                "The requested range cannot be satisfied.",
                [("RangeRequested", req.headers.get("range", "")), ("ActualObjectSize", str(size))],
                {"Content-Range": f"bytes */{size}"},
            )
        if not isinstance(byte_range, tuple):
            # No range, or (OSS's default) an unsatisfiable one, which is ignored: the whole object.
            return _body(req, v, body, 200, headers, 0, size)
        start, end = byte_range
        headers.append(("Content-Range", f"bytes {start}-{end}/{size}"))
        return _body(req, v, body, 206, headers, start, end + 1)

    # ---- writes --------------------------------------------------------------------------------------

    @staticmethod
    def _stored_headers(req: Request) -> dict[str, str]:
        stored = {h: req.headers[h.lower()] for h in _STORED_HEADERS if h.lower() in req.headers}
        stored.update({k: v for k, v in req.headers.items() if k.startswith("x-oss-meta-")})
        return stored

    @staticmethod
    def _storage_class(req: Request, bucket: BucketState) -> str:
        value = req.headers.get("x-oss-storage-class")
        return bucket.storage_class if value is None else archive.check_storage_class(value)

    def put(self, req: Request, bucket: BucketState) -> Response:
        """PutObject, or PutSymlink with `?symlink`."""
        _check_traffic_limit(req)
        storage_class = self._storage_class(req, bucket)
        if "symlink" in req.query:
            target = objtypes.symlink_target_from(req.headers)
            self._forbid_overwrite(req, bucket)
            vid = self.store.put_object(
                bucket.name,
                req.key,
                b"",
                req.headers.get("content-type") or None,
                headers=self._stored_headers(req),
                storage_class=storage_class,
                object_type="Symlink",
                etag=hashlib.md5(target.encode("utf-8")).hexdigest().upper(),
                symlink_target=target,
            )
            v = self.store.get_object(bucket.name, req.key, vid)
            return Response(200, [("ETag", f'"{v.etag}"'), *_version_header(bucket, vid)])
        data = req.body
        md5 = hashlib.md5(data).digest()
        sent_md5 = req.headers.get("content-md5")
        if sent_md5 is not None:
            try:
                ok = base64.b64decode(sent_md5, validate=True) == md5
            except (binascii.Error, ValueError):
                ok = False
            if not ok:
                raise OssError(
                    400,
                    "InvalidDigest",
                    "The Content-MD5 you specified is not valid.",
                    [("Content-MD5", sent_md5)],
                )
        self._forbid_overwrite(req, bucket)
        vid = self.store.put_object(
            bucket.name,
            req.key,
            data,
            req.headers.get("content-type") or None,
            headers=self._stored_headers(req),
            storage_class=storage_class,
        )
        v = self.store.get_object(bucket.name, req.key, vid)
        headers = [("ETag", f'"{v.etag}"'), ("Content-MD5", base64.b64encode(md5).decode("ascii"))]
        crc = v.crc()
        if crc is not None:
            headers.append(("x-oss-hash-crc64ecma", str(crc)))
        return Response(200, headers + _version_header(bucket, vid))

    def _forbid_overwrite(self, req: Request, bucket: BucketState) -> None:
        if req.headers.get("x-oss-forbid-overwrite", "").lower() != "true":
            return
        try:
            self.store.get_object(bucket.name, req.key)
        except OssError:
            return
        raise OssError(
            409,
            "FileAlreadyExists",
            "The object you specified already exists and can not be overwritten.",
            [("Key", req.key)],
        )

    def post(self, req: Request, bucket: BucketState) -> Response:
        """AppendObject (`?append&position=N`) or RestoreObject (`?restore`)."""
        q = req.query
        if "restore" in q:
            with self.store.lock:
                v = self.store.get_object(bucket.name, req.key, q.get("versionId") or None)
                status = archive.restore(v, req.body, req.now, self.restore_delay())
            return Response(status, _version_header(bucket, v.version_id))
        if "append" in q:
            _check_traffic_limit(req)
            v = objtypes.append(
                self.store,
                bucket.name,
                req.key,
                q.get("position", ""),
                req.body,
                content_type=req.headers.get("content-type") or None,
                headers=self._stored_headers(req),
                storage_class=self._storage_class(req, bucket),
            )
            headers = [("ETag", f'"{v.etag}"'), ("x-oss-next-append-position", str(v.size))]
            crc = v.crc()
            if crc is not None:
                headers.append(("x-oss-hash-crc64ecma", str(crc)))
            return Response(200, headers + _version_header(bucket, v.version_id))
        raise OssError(
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            [("Method", "POST"), ("ResourceType", "Object")],
        )

    def delete(self, req: Request, bucket: BucketState) -> Response:
        """DeleteObject (a version, or a delete marker in a versioned bucket)."""
        vid = req.query.get("versionId") or None
        marker, version_id = self.store.delete_object(bucket.name, req.key, vid)
        headers = []
        if marker:
            headers.append(("x-oss-delete-marker", "true"))
        if version_id and bucket.versioning:
            headers.append(("x-oss-version-id", version_id))
        return Response(204, headers)


def object_headers(v: ObjectVersion, now: float) -> list[tuple[str, str]]:
    """HeadObject's headers for one version."""
    headers = [
        ("Content-Type", v.content_type),
        ("ETag", f'"{v.etag}"'),
        ("Last-Modified", xmlgen.http_date(v.last_modified)),
        ("Accept-Ranges", "bytes"),
        ("x-oss-object-type", v.object_type),
        ("x-oss-storage-class", v.storage_class),
    ]
    restore = archive.restore_value(v, now)
    if restore is not None:
        headers.append(("x-oss-restore", restore))
    if v.object_type == "Appendable":
        headers.append(("x-oss-next-append-position", str(v.size)))
    crc = v.crc()
    if crc is not None:
        headers.append(("x-oss-hash-crc64ecma", str(crc)))
    if v.data is not None and v.object_type == "Normal":
        headers.append(("Content-MD5", base64.b64encode(bytes.fromhex(v.etag)).decode("ascii")))
    headers += list(v.headers.items())
    return headers


def _body(
    req: Request,
    v: ObjectVersion,
    body: bytes | None,
    status: int,
    headers: list[tuple[str, str]],
    start: int,
    stop: int,
) -> Response:
    if req.method == "HEAD":
        return Response(status, headers, b"", stop - start)
    if body is None:
        body = v.body()
    return Response(status, headers, body if (start, stop) == (0, len(body)) else body[start:stop])


def _parse_range(header: str, size: int) -> tuple[int, int] | str | None:
    """(start, end) inclusive; "unsatisfiable"; or None when there is no usable single range."""
    m = _RANGE.fullmatch(header.strip().replace(" ", "")) if header else None
    if m is None or (not m.group(1) and not m.group(2)):
        return None
    first, last = m.group(1), m.group(2)
    if first:
        start = int(first)
        end = int(last) if last else size - 1
        if last and end < start:
            return None
        if start >= size:
            return "unsatisfiable"
        return start, min(end, size - 1)
    suffix = int(last)
    if suffix == 0 or size == 0:
        return "unsatisfiable"
    return max(0, size - suffix), size - 1


def _check_traffic_limit(req: Request) -> None:
    for value in (req.query.get("x-oss-traffic-limit"), req.headers.get("x-oss-traffic-limit")):
        if value is None:
            continue
        ok = value.isdigit() and TRAFFIC_LIMIT_MIN <= int(value) <= TRAFFIC_LIMIT_MAX
        if not ok:
            err = invalid_argument(
                f"x-oss-traffic-limit must be between {TRAFFIC_LIMIT_MIN} and {TRAFFIC_LIMIT_MAX} bit/s.",
                "x-oss-traffic-limit",
                value,
            )
            err.ec = "0004-00000502"
            raise err
