"""`oss://bucket/key` references and the bucket-name and object-key rules of OSS."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from oss_share_tui.core.errors import InvalidInput

SCHEME = "oss://"
KEY_MAX_BYTES = 1023
_BUCKET_CHARS = re.compile(r"[a-z0-9-]+")


@dataclass(frozen=True)
class OssRef:
    """A place in OSS: a bucket, a prefix (key ending in `/`) or an object. `key == ""` is the bucket root."""

    bucket: str
    key: str = ""

    @property
    def is_prefix(self) -> bool:
        """True for the bucket root or a key ending in `/`."""
        return self.key == "" or self.key.endswith("/")

    def __str__(self) -> str:
        return f"{SCHEME}{self.bucket}/{self.key}"


@functools.lru_cache(maxsize=256)
def validate_bucket_name(name: str) -> str:
    """Return `name` if it follows the OSS bucket-name rules, else raise InvalidInput(field="bucket")."""
    if not isinstance(name, str) or not name:
        raise InvalidInput("bucket name is empty", field="bucket")
    if not 3 <= len(name) <= 63:
        raise InvalidInput(
            f"bucket name {name!r} must be 3 to 63 characters long (it has {len(name)})", field="bucket"
        )
    if not _BUCKET_CHARS.fullmatch(name):
        raise InvalidInput(
            f"bucket name {name!r} may hold only lower-case letters, digits and '-'", field="bucket"
        )
    if name[0] == "-" or name[-1] == "-":
        raise InvalidInput(f"bucket name {name!r} must start and end with a letter or digit", field="bucket")
    return name


def validate_key(key: str) -> str:
    """Return `key` if it is a valid object key (1-1023 UTF-8 bytes, no leading `/` or `\\`), else raise."""
    if not isinstance(key, str) or not key:
        raise InvalidInput("object key is empty", field="key")
    try:
        size = len(key.encode("utf-8"))
    except UnicodeEncodeError:
        # Lone surrogates (e.g. from a mis-decoded file name) cannot be sent to OSS at all.
        raise InvalidInput(f"object key {key!r} is not valid UTF-8", field="key") from None
    if size > KEY_MAX_BYTES:
        raise InvalidInput(
            f"object key is {size} bytes of UTF-8; OSS allows at most {KEY_MAX_BYTES}", field="key"
        )
    if key[0] in "/\\":
        raise InvalidInput(f"object key {key!r} must not start with {key[0]!r}", field="key")
    return key


def parse_oss_url(text: str, *, require_key: bool = False) -> OssRef:
    """Parse `oss://bucket[/key]` into an OssRef; with `require_key`, the URL must name an object."""
    if not isinstance(text, str) or not text:
        raise InvalidInput("cloud_url is empty: expected oss://bucket/object", field="cloud_url")
    if not text[: len(SCHEME)].lower() == SCHEME:
        raise InvalidInput(
            f"cloud_url {text!r} must start with oss://, e.g. oss://bucket/object", field="cloud_url"
        )
    rest = text[len(SCHEME) :]
    bucket, _, key = rest.partition("/")
    if not bucket:
        raise InvalidInput(
            f"cloud_url {text!r} has no bucket name, expected oss://bucket/object", field="cloud_url"
        )
    try:
        validate_bucket_name(bucket)
        if key:
            validate_key(key)
    except InvalidInput as err:
        raise InvalidInput(f"cloud_url {text!r}: {err}", field="cloud_url") from None
    if require_key and not key:
        raise InvalidInput(
            f"cloud_url {text!r} names a bucket, not an object: expected oss://{bucket}/object",
            field="cloud_url",
        )
    return OssRef(bucket, key)
