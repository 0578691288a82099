"""OSS error responses: the error type the server raises and the XML OSS sends for it."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from oss_share_tui.localoss.xmlgen import XML_DECL, esc

# EC codes: NoSuchKey and the traffic-limit InvalidArgument come from OSS-PROTOCOL.md; the others follow
# OSS's numbering scheme but are our own picks (clients only display them).
_EC = {
    "NoSuchKey": "0026-00000001",
    "NoSuchVersion": "0026-00000004",
    "NoSuchBucket": "0015-00000101",
    "BucketAlreadyExists": "0015-00000104",
    "BucketNotEmpty": "0015-00000301",
    "InvalidBucketName": "0015-00000102",
    "SignatureDoesNotMatch": "0002-00000040",
    "InvalidAccessKeyId": "0002-00000902",
    "RequestTimeTooSkewed": "0002-00000039",
    "AccessDenied": "0003-00000001",
    "InvalidArgument": "0016-00000901",
    "InvalidObjectName": "0016-00000001",
    "InvalidURI": "0016-00000002",
    "MalformedXML": "0016-00000003",
    "InvalidDigest": "0016-00000004",
    "EntityTooLarge": "0016-00000005",
    "FileAlreadyExists": "0016-00000006",
    "MethodNotAllowed": "0016-00000603",
    "InvalidRange": "0016-00000700",
    "InvalidRequest": "0016-00000800",
    "RequestHeaderSectionTooLarge": "0016-00000801",
    "NotImplemented": "0016-00000900",
    "RestoreAlreadyInProgress": "0016-00000701",  # from OSS's error-code page for a repeated restore
    "InvalidObjectState": "0026-00000010",
    "OperationNotSupported": "0016-00000702",
    "PositionNotEqualToLength": "0026-00000020",
    "ObjectNotAppendable": "0026-00000021",
    "NotSymlink": "0026-00000030",
    "SymlinkTargetNotExist": "0026-00000031",
    "NoSuchStyle": "0040-00000400",
    "InternalError": "0000-00000001",
    "ServiceUnavailable": "0000-00000002",
}


@dataclass
class OssError(Exception):
    """An error answered to the client as OSS error XML (or `x-oss-err` on HEAD)."""

    status: int
    code: str
    message: str
    extra: list[tuple[str, str]] = field(default_factory=list)
    """Extra elements after HostId, in order (e.g. Key, StringToSign)."""
    headers: dict[str, str] = field(default_factory=dict)
    """Extra response headers (e.g. x-oss-delete-marker)."""
    ec: str = ""

    def __post_init__(self) -> None:
        super().__init__(f"{self.status} {self.code}: {self.message}")
        if not self.ec:
            self.ec = _EC.get(self.code, "0000-00000000")

    def to_xml(self, request_id: str, host_id: str) -> bytes:
        """The `<Error>` document, element order as OSS sends it."""
        parts = [
            XML_DECL,
            "<Error>\n",
            f"  <Code>{esc(self.code)}</Code>\n",
            f"  <Message>{esc(self.message)}</Message>\n",
            f"  <RequestId>{request_id}</RequestId>\n",
            f"  <HostId>{esc(host_id)}</HostId>\n",
        ]
        parts += [f"  <{name}>{esc(value)}</{name}>\n" for name, value in self.extra]
        parts += [f"  <EC>{self.ec}</EC>\n", "</Error>\n"]
        return "".join(parts).encode("utf-8")

    def head_header(self, request_id: str, host_id: str) -> str:
        """The base64 `x-oss-err` value OSS puts on a HEAD error (which has no body)."""
        return base64.b64encode(self.to_xml(request_id, host_id)).decode("ascii")


def no_such_bucket(bucket: str) -> OssError:
    """404 NoSuchBucket."""
    return OssError(404, "NoSuchBucket", "The specified bucket does not exist.", [("BucketName", bucket)])


def no_such_key(key: str, headers: dict[str, str] | None = None) -> OssError:
    """404 NoSuchKey (with x-oss-delete-marker headers when the current version is a delete marker)."""
    return OssError(404, "NoSuchKey", "The specified key does not exist.", [("Key", key)], headers or {})


def no_such_version(key: str, version_id: str) -> OssError:
    """404 NoSuchVersion."""
    return OssError(
        404,
        "NoSuchVersion",
        "The specified version does not exist.",
        [("Key", key), ("VersionId", version_id)],
    )


def invalid_argument(message: str, name: str, value: str) -> OssError:
    """400 InvalidArgument with ArgumentName/ArgumentValue."""
    return OssError(400, "InvalidArgument", message, [("ArgumentName", name), ("ArgumentValue", value)])


def access_denied(message: str, extra: list[tuple[str, str]] | None = None) -> OssError:
    """403 AccessDenied."""
    return OssError(403, "AccessDenied", message, extra or [])


def bad_request(code: str, message: str) -> OssError:
    """A 400 for malformed input (InvalidURI, MalformedXML, InvalidObjectName, ...)."""
    return OssError(400, code, message)
