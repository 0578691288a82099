"""The OSS operations: route a parsed request, check auth and ACL, and build the response."""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass, field

from oss_share_tui.localoss import xmlgen
from oss_share_tui.localoss.auth import (
    SUBRESOURCES,
    Authenticator,
    AuthRequest,
    Principal,
    source_ip_refused,
)
from oss_share_tui.localoss.errors import (
    OssError,
    access_denied,
    bad_request,
    invalid_argument,
    no_such_bucket,
)
from oss_share_tui.localoss.store import BucketState, ObjectVersion, Store

TRAFFIC_LIMIT_MIN = 819200
TRAFFIC_LIMIT_MAX = 838860800
MAX_KEYS_LIMIT = 1000

_RESPONSE_OVERRIDES = {
    "response-content-type": "Content-Type",
    "response-content-language": "Content-Language",
    "response-expires": "Expires",
    "response-cache-control": "Cache-Control",
    "response-content-disposition": "Content-Disposition",
    "response-content-encoding": "Content-Encoding",
}
_STORED_HEADERS = ("Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires")
_ACCESS_CONDITIONS = {
    "x-oss-ac-source-ip",
    "x-oss-ac-subnet-mask",
    "x-oss-ac-vpc-id",
    "x-oss-ac-forward-allow",
}
_ANY = {"security-token", "x-oss-request-payer"} | _ACCESS_CONDITIONS
# Sub-resources each kind of request may carry; any other OSS sub-resource gets a clean 400.
_ALLOWED_SUBS = {
    ("service", "GET"): _ANY,
    ("bucket", "GET"): _ANY
    | {"versions", "versioning", "bucketInfo", "location", "acl", "continuation-token"},
    ("bucket", "HEAD"): _ANY,
    ("bucket", "PUT"): _ANY | {"versioning", "acl"},
    ("bucket", "DELETE"): _ANY,
    ("object", "GET"): _ANY
    | set(_RESPONSE_OVERRIDES)
    | {"versionId", "x-oss-process", "x-oss-traffic-limit"},
    ("object", "HEAD"): _ANY | {"versionId", "x-oss-traffic-limit", "objectMeta", "x-oss-process"},
    ("object", "PUT"): _ANY | {"x-oss-traffic-limit"},
    ("object", "DELETE"): _ANY | {"versionId"},
}
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
_CONTINUATION_CHARS = re.compile(r"[A-Za-z0-9_-]*")


@dataclass
class Request:
    """One parsed HTTP request: decoded path pieces, decoded query, lower-case headers, body."""

    method: str
    bucket: str | None
    key: str
    """The object key; "" for bucket- and service-level requests."""
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    host: str = ""
    client_ip: str = "127.0.0.1"
    now: float = 0.0

    @property
    def level(self) -> str:
        """ "service", "bucket" or "object"."""
        if self.bucket is None:
            return "service"
        return "object" if self.key else "bucket"


@dataclass
class Response:
    """What to send back; for HEAD the body is dropped but its length still goes in Content-Length."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    length: int | None = None
    """Content-Length when it differs from len(body): a HEAD says how long the GET body would be."""


def _xml(body: bytes) -> Response:
    return Response(200, [("Content-Type", "application/xml")], body)


class OssApi:
    """Routes requests to the store after authentication and authorization."""

    def __init__(
        self, store: Store, auth: Authenticator, host_port: Callable[[], str], default_region: str
    ) -> None:
        self.store = store
        self.auth = auth
        self.host_port = host_port
        self.default_region = default_region

    # ---- entry -----------------------------------------------------------------------------------

    def handle(self, req: Request) -> Response:
        """Answer one request, or raise OssError."""
        level = req.level
        method = "GET" if req.method == "HEAD" and level == "service" else req.method
        allowed = _ALLOWED_SUBS.get((level, method))
        if allowed is None:
            raise OssError(
                405,
                "MethodNotAllowed",
                "The specified method is not allowed against this resource.",
                [("Method", req.method), ("ResourceType", level.capitalize())],
            )
        subs = {k for k in req.query if k in SUBRESOURCES}
        unknown = sorted(subs - allowed)
        if unknown:
            raise invalid_argument(
                f"The sub-resource {unknown[0]!r} is not supported here by localoss.",
                unknown[0],
                req.query[unknown[0]],
            )
        bucket = self.store.buckets.get(req.bucket) if req.bucket is not None else None
        creating = level == "bucket" and req.method == "PUT" and not (subs - _ANY)
        if req.bucket is not None and bucket is None and not creating:
            raise no_such_bucket(req.bucket)
        auth_req = AuthRequest(req.method, req.bucket, req.key, req.query, req.headers, req.now)
        principal = self.auth.authenticate(auth_req, bucket.region if bucket else None)
        self._authorize(req, principal, bucket, subs)
        self._check_access_conditions(req)

        if level == "service":
            return self._list_buckets(req)
        if level == "bucket":
            return self._bucket(req, principal, bucket, subs)
        assert bucket is not None
        if req.method in ("GET", "HEAD"):
            return self._get_object(req, bucket)
        if req.method == "PUT":
            return self._put_object(req, bucket)
        return self._delete_object(req, bucket)

    # ---- auth --------------------------------------------------------------------------------------

    @staticmethod
    def _authorize(
        req: Request, principal: Principal | None, bucket: BucketState | None, subs: set[str]
    ) -> None:
        if principal is not None:
            return
        if bucket is None:
            raise access_denied("Anonymous access is forbidden for this operation.")
        reading = req.method in ("GET", "HEAD") and (
            req.level == "object" or not (subs - _ANY - {"continuation-token"})
        )
        writing = req.method in ("PUT", "DELETE") and req.level == "object"
        if reading and bucket.acl in ("public-read", "public-read-write"):
            return
        if writing and bucket.acl == "public-read-write":
            return
        raise access_denied("You have no right to access this object because of bucket acl.")

    @staticmethod
    def _check_access_conditions(req: Request) -> None:
        """Enforce the signed x-oss-ac-source-ip / x-oss-ac-subnet-mask condition of a link."""
        source = req.query.get("x-oss-ac-source-ip")
        if not source:
            return
        mask = req.query.get("x-oss-ac-subnet-mask") or "32"
        try:
            network = ipaddress.ip_network(f"{source}/{mask}", strict=False)
        except ValueError:
            raise invalid_argument(
                "Invalid x-oss-ac-source-ip or x-oss-ac-subnet-mask.", "x-oss-ac-source-ip", source
            ) from None
        try:
            client = ipaddress.ip_address(req.client_ip)
        except ValueError:
            client = None
        if client is None or client.version != network.version or client not in network:
            raise source_ip_refused(req.query)

    # ---- service -------------------------------------------------------------------------------------

    def _list_buckets(self, req: Request) -> Response:
        q = req.query
        max_keys = _max_keys(q)
        page, truncated, next_marker = self.store.list_buckets(
            q.get("prefix", ""), q.get("marker", ""), max_keys
        )
        return _xml(
            xmlgen.list_buckets(
                page,
                self.host_port(),
                prefix=q.get("prefix"),
                marker=q.get("marker"),
                max_keys=q.get("max-keys"),
                truncated=truncated,
                next_marker=next_marker,
            )
        )

    # ---- bucket --------------------------------------------------------------------------------------

    def _bucket(
        self, req: Request, principal: Principal | None, bucket: BucketState | None, subs: set[str]
    ) -> Response:
        q = req.query
        if req.method == "PUT":
            if "versioning" in subs:
                assert bucket is not None
                self.store.set_versioning(bucket.name, _parse_versioning(req.body))
                return Response()
            if "acl" in subs:
                assert bucket is not None
                self.store.set_acl(bucket.name, req.headers.get("x-oss-acl", "private"))
                return Response()
            region = (principal.region if principal else None) or self.default_region
            self.store.create_bucket(
                req.bucket or "",
                region=region,
                acl=req.headers.get("x-oss-acl", "private"),
                storage_class=_parse_create_bucket(req.body),
                created=req.now,
            )
            return Response(200, [("Location", f"/{req.bucket}")])
        assert bucket is not None
        if req.method == "DELETE":
            self.store.delete_bucket(bucket.name)
            return Response(204)
        if req.method == "HEAD":
            return Response(200, [("x-oss-bucket-region", bucket.region)])
        if "versions" in subs:
            return self._list_versions(req, bucket)
        if "versioning" in subs:
            return _xml(xmlgen.versioning(bucket.versioning))
        if "bucketInfo" in subs:
            return _xml(xmlgen.bucket_info(bucket, self.host_port()))
        if "location" in subs:
            return _xml(xmlgen.location(bucket.region))
        if "acl" in subs:
            return _xml(xmlgen.bucket_acl(bucket.acl))
        if q.get("list-type") == "2":
            return self._list_objects_v2(req, bucket)
        if q.get("list-type") not in (None, ""):
            raise invalid_argument("list-type must be 2.", "list-type", q["list-type"])
        return self._list_objects_v1(req, bucket)

    def _list_objects_v1(self, req: Request, bucket: BucketState) -> Response:
        q = req.query
        max_keys, url = _max_keys(q), _encoding_url(q)
        prefix, delimiter, marker = q.get("prefix", ""), q.get("delimiter", ""), q.get("marker", "")
        page = self.store.list_objects(bucket.name, prefix, delimiter, marker, max_keys)
        return _xml(
            xmlgen.list_objects(
                bucket.name,
                page,
                v2=False,
                prefix=prefix,
                delimiter=delimiter,
                max_keys=max_keys,
                url=url,
                marker=marker,
            )
        )

    def _list_objects_v2(self, req: Request, bucket: BucketState) -> Response:
        q = req.query
        max_keys, url = _max_keys(q), _encoding_url(q)
        prefix, delimiter = q.get("prefix", ""), q.get("delimiter", "")
        token = q.get("continuation-token")
        start_after = q.get("start-after")
        marker = _decode_token(token) if token else (start_after or "")
        page = self.store.list_objects(bucket.name, prefix, delimiter, marker, max_keys)
        next_token = _encode_token(page.next_marker) if page.truncated else ""
        return _xml(
            xmlgen.list_objects(
                bucket.name,
                page,
                v2=True,
                prefix=prefix,
                delimiter=delimiter,
                max_keys=max_keys,
                url=url,
                start_after=start_after,
                continuation_token=token,
                next_token=next_token,
                fetch_owner=q.get("fetch-owner", "").lower() == "true",
            )
        )

    def _list_versions(self, req: Request, bucket: BucketState) -> Response:
        q = req.query
        max_keys, url = _max_keys(q), _encoding_url(q)
        prefix, delimiter = q.get("prefix", ""), q.get("delimiter", "")
        key_marker, vid_marker = q.get("key-marker", ""), q.get("version-id-marker", "")
        if vid_marker and not key_marker:
            raise invalid_argument(
                "A version-id marker cannot be specified without a key marker.",
                "version-id-marker",
                vid_marker,
            )
        page = self.store.list_versions(bucket.name, prefix, delimiter, key_marker, vid_marker, max_keys)
        return _xml(
            xmlgen.list_versions(
                bucket.name,
                page,
                prefix=prefix,
                delimiter=delimiter,
                key_marker=key_marker,
                version_id_marker=vid_marker,
                max_keys=max_keys,
                url=url,
            )
        )

    # ---- objects -------------------------------------------------------------------------------------

    @staticmethod
    def _version_header(bucket: BucketState, version_id: str | None) -> list[tuple[str, str]]:
        return [("x-oss-version-id", version_id)] if bucket.versioning and version_id else []

    def _get_object(self, req: Request, bucket: BucketState) -> Response:
        q = req.query
        _check_traffic_limit(req)
        overrides = []
        for param, header in _RESPONSE_OVERRIDES.items():
            if param in q:
                value = q[param]
                if "\r" in value or "\n" in value:
                    raise invalid_argument(f"Invalid {param}.", param, value)
                overrides.append((header, value))
        v = self.store.get_object(bucket.name, req.key, q.get("versionId") or None)
        headers = _object_headers(v) + self._version_header(bucket, v.version_id)
        if overrides:
            names = {h.lower() for h, _ in overrides}
            headers = [(h, val) for h, val in headers if h.lower() not in names] + overrides
        size = v.size
        if "objectMeta" in q:
            meta = [h for h in headers if h[0] in ("ETag", "Last-Modified", "x-oss-version-id")]
            return Response(200, [*meta, ("x-oss-object-size", str(size))])
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
            return self._body(req, v, 200, headers, 0, size)
        start, end = byte_range
        headers.append(("Content-Range", f"bytes {start}-{end}/{size}"))
        return self._body(req, v, 206, headers, start, end + 1)

    @staticmethod
    def _body(
        req: Request, v: ObjectVersion, status: int, headers: list[tuple[str, str]], start: int, stop: int
    ) -> Response:
        if req.method == "HEAD":
            return Response(status, headers, b"", stop - start)
        body = v.body()
        return Response(status, headers, body if (start, stop) == (0, len(body)) else body[start:stop])

    def _put_object(self, req: Request, bucket: BucketState) -> Response:
        _check_traffic_limit(req)
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
        if req.headers.get("x-oss-forbid-overwrite", "").lower() == "true":
            try:
                self.store.get_object(bucket.name, req.key)
            except OssError:
                pass
            else:
                raise OssError(
                    409,
                    "FileAlreadyExists",
                    "The object you specified already exists and can not be overwritten.",
                    [("Key", req.key)],
                )
        stored = {h: req.headers[h.lower()] for h in _STORED_HEADERS if h.lower() in req.headers}
        stored.update({k: v for k, v in req.headers.items() if k.startswith("x-oss-meta-")})
        vid = self.store.put_object(
            bucket.name, req.key, data, req.headers.get("content-type") or None, headers=stored
        )
        v = (
            self.store.get_object(bucket.name, req.key, vid)
            if vid
            else self.store.get_object(bucket.name, req.key)
        )
        headers = [("ETag", f'"{v.etag}"'), ("Content-MD5", base64.b64encode(md5).decode("ascii"))]
        crc = v.crc()
        if crc is not None:
            headers.append(("x-oss-hash-crc64ecma", str(crc)))
        return Response(200, headers + self._version_header(bucket, vid))

    def _delete_object(self, req: Request, bucket: BucketState) -> Response:
        vid = req.query.get("versionId") or None
        marker, version_id = self.store.delete_object(bucket.name, req.key, vid)
        headers = []
        if marker:
            headers.append(("x-oss-delete-marker", "true"))
        if version_id and bucket.versioning:
            headers.append(("x-oss-version-id", version_id))
        return Response(204, headers)


def _object_headers(v: ObjectVersion) -> list[tuple[str, str]]:
    headers = [
        ("Content-Type", v.content_type),
        ("ETag", f'"{v.etag}"'),
        ("Last-Modified", xmlgen.http_date(v.last_modified)),
        ("Accept-Ranges", "bytes"),
        ("x-oss-object-type", "Normal"),
        ("x-oss-storage-class", "Standard"),
    ]
    crc = v.crc()
    if crc is not None:
        headers.append(("x-oss-hash-crc64ecma", str(crc)))
    if v.data is not None:
        headers.append(("Content-MD5", base64.b64encode(bytes.fromhex(v.etag)).decode("ascii")))
    headers += list(v.headers.items())
    return headers


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


def _max_keys(q: dict[str, str]) -> int:
    text = q.get("max-keys")
    if text is None or text == "":
        return 100
    if not text.isdigit() or not 1 <= int(text) <= MAX_KEYS_LIMIT:
        raise invalid_argument(
            f"max-keys must be an integer between 1 and {MAX_KEYS_LIMIT}.", "max-keys", text
        )
    return int(text)


def _encoding_url(q: dict[str, str]) -> bool:
    value = q.get("encoding-type", "")
    if value not in ("", "url"):
        raise invalid_argument("The encoding-type must be url.", "encoding-type", value)
    return value == "url"


def _encode_token(marker: str) -> str:
    # Opaque to clients; URL-safe base64 without padding, so it survives any quoting.
    return base64.urlsafe_b64encode(marker.encode("utf-8")).decode("ascii").rstrip("=")


def _decode_token(token: str) -> str:
    if not _CONTINUATION_CHARS.fullmatch(token):
        raise invalid_argument("The continuation token provided is incorrect.", "continuation-token", token)
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
    except (binascii.Error, ValueError):
        raise invalid_argument(
            "The continuation token provided is incorrect.", "continuation-token", token
        ) from None


def _parse_xml(body: bytes) -> ElementTree.Element:
    if len(body) > 64 * 1024 or b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        raise bad_request("MalformedXML", "The XML you provided was not well-formed or did not validate.")
    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise bad_request(
            "MalformedXML", "The XML you provided was not well-formed or did not validate."
        ) from None


def _parse_versioning(body: bytes) -> str:
    root = _parse_xml(body)
    status = root.findtext("Status") if root.tag == "VersioningConfiguration" else None
    if status not in ("Enabled", "Suspended"):
        raise bad_request("MalformedXML", "The XML you provided was not well-formed or did not validate.")
    return status


def _parse_create_bucket(body: bytes) -> str:
    if not body.strip():
        return "Standard"
    root = _parse_xml(body)
    if root.tag != "CreateBucketConfiguration":
        raise bad_request("MalformedXML", "The XML you provided was not well-formed or did not validate.")
    storage_class = root.findtext("StorageClass") or "Standard"
    if storage_class not in ("Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"):
        raise invalid_argument("Invalid storage class.", "StorageClass", storage_class)
    return storage_class
