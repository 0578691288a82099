"""The OSS operations: route a parsed request, check auth and ACL, and build the response."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable

from oss_share_tui.localoss import archive, styles, xmlgen
from oss_share_tui.localoss.auth import SUBRESOURCES, Authenticator, AuthRequest, Principal, source_ip_refused
from oss_share_tui.localoss.errors import (
    OssError,
    access_denied,
    bad_request,
    invalid_argument,
    no_such_bucket,
)
from oss_share_tui.localoss.messages import Request, Response, xml_response
from oss_share_tui.localoss.objects import RESPONSE_OVERRIDES, ObjectOps
from oss_share_tui.localoss.store import BucketState, ObjectVersion, Store

__all__ = ["OssApi", "Request", "Response"]

MAX_KEYS_LIMIT = 1000
DEFAULT_RESTORE_SECONDS = 30.0
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
    | {"versions", "versioning", "bucketInfo", "location", "acl", "continuation-token", "style", "styleName"},
    ("bucket", "HEAD"): _ANY,
    ("bucket", "PUT"): _ANY | {"versioning", "acl", "style", "styleName"},
    ("bucket", "DELETE"): _ANY | {"style", "styleName"},
    ("object", "GET"): _ANY
    | set(RESPONSE_OVERRIDES)
    | {"versionId", "x-oss-process", "x-oss-traffic-limit", "symlink"},
    ("object", "HEAD"): _ANY | {"versionId", "x-oss-traffic-limit", "objectMeta", "x-oss-process"},
    ("object", "PUT"): _ANY | {"x-oss-traffic-limit", "symlink"},
    ("object", "POST"): _ANY | {"restore", "append", "position", "versionId", "x-oss-traffic-limit"},
    ("object", "DELETE"): _ANY | {"versionId"},
}
_CONTINUATION_CHARS = re.compile(r"[A-Za-z0-9_-]*")


class OssApi:
    """Routes requests to the store after authentication and authorization."""

    def __init__(
        self, store: Store, auth: Authenticator, host_port: Callable[[], str], default_region: str
    ) -> None:
        self.store = store
        self.auth = auth
        self.host_port = host_port
        self.default_region = default_region
        self.token_style = "urlsafe"
        """How ListObjectsV2 continuation tokens look: "urlsafe" or "base64" (see `_encode_token`)."""
        self.restore_seconds = DEFAULT_RESTORE_SECONDS
        """How long a RestoreObject takes here (OSS: minutes to hours); tests set it short."""
        self.objects = ObjectOps(store, lambda: self.restore_seconds)

    # ---- entry -----------------------------------------------------------------------------------

    def handle(self, req: Request) -> Response:
        """Answer one request, or raise OssError."""
        level = req.level
        method = "GET" if req.method == "HEAD" and level == "service" else req.method
        allowed = _ALLOWED_SUBS.get((level, method))
        if method == "POST" and not {"restore", "append"} & set(req.query):
            allowed = None  # a POST to an object is AppendObject or RestoreObject, nothing else
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
            return self.objects.get(req, bucket)
        if req.method == "PUT":
            return self.objects.put(req, bucket)
        if req.method == "POST":
            return self.objects.post(req, bucket)
        return self.objects.delete(req, bucket)

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
        writing = req.method in ("PUT", "DELETE", "POST") and req.level == "object"
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
        return xml_response(
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
        if "style" in subs:
            assert bucket is not None
            return self._style(req, bucket)
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
            return xml_response(xmlgen.versioning(bucket.versioning))
        if "bucketInfo" in subs:
            return xml_response(xmlgen.bucket_info(bucket, self.host_port()))
        if "location" in subs:
            return xml_response(xmlgen.location(bucket.region))
        if "acl" in subs:
            return xml_response(xmlgen.bucket_acl(bucket.acl))
        if q.get("list-type") == "2":
            return self._list_objects_v2(req, bucket)
        if q.get("list-type") not in (None, ""):
            raise invalid_argument("list-type must be 2.", "list-type", q["list-type"])
        return self._list_objects_v1(req, bucket)

    @staticmethod
    def _restore_info(req: Request) -> Callable[[ObjectVersion], str | None]:
        return lambda v: archive.restore_value(v, req.now)

    @staticmethod
    def _style(req: Request, bucket: BucketState) -> Response:
        if req.method == "PUT":
            styles.put_style(bucket, req.query, req.body, req.now)
            return Response()
        if req.method == "DELETE":
            styles.delete_style(bucket, req.query)
            return Response(204)
        return xml_response(styles.get_style(bucket, req.query))

    def _list_objects_v1(self, req: Request, bucket: BucketState) -> Response:
        q = req.query
        max_keys, url = _max_keys(q), _encoding_url(q)
        prefix, delimiter, marker = q.get("prefix", ""), q.get("delimiter", ""), q.get("marker", "")
        page = self.store.list_objects(bucket.name, prefix, delimiter, marker, max_keys)
        return xml_response(
            xmlgen.list_objects(
                bucket.name,
                page,
                v2=False,
                prefix=prefix,
                delimiter=delimiter,
                max_keys=max_keys,
                url=url,
                marker=marker,
                restore_info=self._restore_info(req),
            )
        )

    def _list_objects_v2(self, req: Request, bucket: BucketState) -> Response:
        q = req.query
        max_keys, url = _max_keys(q), _encoding_url(q)
        prefix, delimiter = q.get("prefix", ""), q.get("delimiter", "")
        token = q.get("continuation-token")
        start_after = q.get("start-after")
        marker = _decode_token(token, self.token_style) if token else (start_after or "")
        page = self.store.list_objects(bucket.name, prefix, delimiter, marker, max_keys)
        next_token = _encode_token(page.next_marker, self.token_style) if page.truncated else ""
        return xml_response(
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
                restore_info=self._restore_info(req),
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
        return xml_response(
            xmlgen.list_versions(
                bucket.name,
                page,
                prefix=prefix,
                delimiter=delimiter,
                key_marker=key_marker,
                version_id_marker=vid_marker,
                max_keys=max_keys,
                url=url,
                restore_info=self._restore_info(req),
            )
        )


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


TOKEN_STYLES = ("urlsafe", "base64")


def _encode_token(marker: str, style: str) -> str:
    """An opaque continuation token for the next page.

    "urlsafe" (the default) is unpadded URL-safe base64, which survives any quoting, like the tokens OSS has
    sent so far. "base64" is standard base64 with `+`, `/` and `=`: with encoding-type=url it goes out
    percent-encoded, so a client that sends it back without URL-decoding it gets 400, as it would from any
    server whose tokens are not plain.
    """
    raw = marker.encode("utf-8")
    if style == "base64":
        return base64.b64encode(raw).decode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode_token(token: str, style: str) -> str:
    try:
        if style == "base64":
            return base64.b64decode(token, validate=True).decode("utf-8")
        if not _CONTINUATION_CHARS.fullmatch(token):
            raise ValueError(token)
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
