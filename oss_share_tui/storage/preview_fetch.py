"""Fetch what a preview needs: a HEAD of the object, then a capped GET of a signed URL (a thumbnail that OSS
resizes, the first 64 KiB of text, or a small original); nothing is written to disk."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from oss_share_tui.core import preview as rules
from oss_share_tui.core.errors import OssShareError, RemoteError
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.storage.link_probe import cause_for, parse_error

if TYPE_CHECKING:
    from oss_share_tui.core.models import Bucket
    from oss_share_tui.storage.gateway import OssGateway
    from oss_share_tui.storage.profile import Profile

TIMEOUT = 10.0
CHUNK = 16 * 1024
LINK_LIFETIME = 300
"""Seconds the preview's own signed links live: they are used at once and never shown."""
HEADERS_THAT_MATTER = ("content-type", "content-length", "content-range", "content-disposition", "etag",
                       "last-modified", "x-oss-storage-class", "x-oss-object-type", "x-oss-version-id",
                       "x-oss-restore", "cache-control", "content-encoding")


SMALL_WINDOW = 64 * 1024
"""Receive buffer for a thumbnail request: if OSS did not resize and answers with a 20 MB original, the
client hangs up after the headers, and a small TCP window keeps what the server could push before that
small (measured by benchmarks/bench_preview.py: 0.03-0.24 MiB with the default buffers, ~0-0.03 with it)."""


def _small_window_opener() -> urllib.request.OpenerDirector:
    """A urllib opener whose connections ask for a small receive window (set before connecting)."""
    import http.client
    import socket

    def connect_small(self: http.client.HTTPConnection) -> None:
        sock = socket.socket(socket.AF_INET6 if ":" in (self.host or "") else socket.AF_INET,
                             socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_WINDOW)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(self.timeout if isinstance(self.timeout, (int, float)) else None)
            sock.connect((self.host, self.port))
        except OSError:
            sock.close()
            raise
        self.sock = sock

    class SmallHTTP(http.client.HTTPConnection):
        def connect(self) -> None:
            connect_small(self)

    class SmallHTTPS(http.client.HTTPSConnection):
        def connect(self) -> None:
            connect_small(self)
            host = self.host
            if self._tunnel_host:  # through an HTTPS proxy (https_proxy): CONNECT first, as http.client does
                self._tunnel()
                host = self._tunnel_host
            self.sock = self._context.wrap_socket(self.sock, server_hostname=host)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(SmallHTTP, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(SmallHTTPS, req)

    return urllib.request.build_opener(Handler, SecureHandler)


class PreviewCancelled(Exception):
    """The user closed the preview while it was loading."""


@dataclass(frozen=True)
class ObjectHead:
    """What HEAD (or a GET's headers) say about one object."""

    key: str
    size: int
    content_type: str = ""
    etag: str = ""
    last_modified: datetime | None = None
    storage_class: str = ""
    object_type: str = ""
    version_id: str = ""
    restore: str = ""
    """The raw `x-oss-restore` header."""
    metadata: dict[str, str] = field(default_factory=dict)
    """User metadata, `x-oss-meta-*` without the prefix."""


@dataclass(frozen=True)
class Fetched:
    """One capped GET: the bytes read, the headers, and how many body bytes crossed the network."""

    status: int
    headers: dict[str, str]
    body: bytes
    complete: bool
    """False when the cap stopped reading (or the body was not read at all)."""
    transferred: int


@dataclass(frozen=True)
class Preview:
    """What to show: an image, text, or the metadata alone, with a note saying why when it matters."""

    kind: str
    """`image`, `text`, `meta` (metadata only) or `error`."""
    key: str
    head: ObjectHead | None = None
    headers: dict[str, str] = field(default_factory=dict)
    """The response headers that matter (lower-case names) of the GET shown, if any."""
    text: str = ""
    encoding: str = ""
    truncated: bool = False
    image: Any = None
    """A PIL image (RGB or RGBA) that fits `box`; kept in memory only."""
    received_size: tuple[int, int] | None = None
    """Pixel size of the image as it arrived, before any local downscale."""
    source: str = ""
    """Where the image came from: "thumbnail from OSS" or "original, scaled down here"."""
    note: str = ""
    transferred: int = 0
    """Body bytes read over the network for this preview."""
    error: str = ""


def _header_map(items: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in items}


def head_from_headers(key: str, headers: dict[str, str], *, version_id: str = "") -> ObjectHead:
    """An ObjectHead from response headers (lower-case names), as HEAD or GET return them."""
    size = headers.get("content-length", "0")
    content_range = headers.get("content-range", "")
    if "/" in content_range and content_range.rsplit("/", 1)[1].strip().isdigit():
        size = content_range.rsplit("/", 1)[1].strip()  # a ranged GET: the whole object's size
    modified = None
    if headers.get("last-modified"):
        try:
            modified = parsedate_to_datetime(headers["last-modified"]).astimezone(timezone.utc)
        except (TypeError, ValueError):
            modified = None
    return ObjectHead(
        key=key,
        size=int(size) if size.strip().isdigit() else 0,
        content_type=headers.get("content-type", ""),
        etag=headers.get("etag", "").strip('"'),
        last_modified=modified,
        storage_class=headers.get("x-oss-storage-class", ""),
        object_type=headers.get("x-oss-object-type", ""),
        version_id=headers.get("x-oss-version-id", "") or version_id,
        restore=headers.get("x-oss-restore", ""),
        metadata={k[len("x-oss-meta-"):]: v for k, v in headers.items() if k.startswith("x-oss-meta-")},
    )


def head_object(gateway: OssGateway, bucket: Bucket, key: str, version_id: str | None = None) -> ObjectHead:
    """HEAD through the gateway's client for the bucket (its endpoint, region, retries, timeout), keeping the
    headers the gateway's own `head_object` drops (`x-oss-restore`). Blocking: call from a thread worker."""
    client = gateway._client(bucket)  # noqa: SLF001 - the same client and retry policy as the listing
    params = {"versionId": version_id} if version_id else None
    result = gateway._call(lambda: client.head_object(key, params=params))  # noqa: SLF001
    return head_from_headers(key, _header_map(result.headers.items()), version_id=version_id or "")


def fetch_capped(
    url: str,
    *,
    limit: int,
    byte_range: tuple[int, int] | None = None,
    skip_if_longer: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
    timeout: float = TIMEOUT,
) -> Fetched:
    """GET `url`, reading at most `limit` body bytes in small chunks (checking `cancelled` between them).

    `byte_range` (inclusive) is sent as a Range header. With `skip_if_longer`, an answer whose Content-Length
    is over `limit` is not read at all. An HTTP error becomes a RemoteError with OSS's code and a plain cause.
    """
    headers = {"Range": f"bytes={byte_range[0]}-{byte_range[1]}"} if byte_range else {}
    request = urllib.request.Request(url, headers=headers, method="GET")
    opener = _small_window_opener() if skip_if_longer else urllib.request.build_opener()
    try:
        with opener.open(request, timeout=timeout) as response:
            answer = _header_map(response.headers.items())
            declared = answer.get("content-length", "")
            if skip_if_longer and declared.isdigit() and int(declared) > limit:
                return Fetched(response.status, answer, b"", False, 0)
            parts: list[bytes] = []
            got = 0
            complete = True
            while True:
                if cancelled():
                    raise PreviewCancelled()
                chunk = response.read(min(CHUNK, limit - got + 1))
                if not chunk:
                    break
                parts.append(chunk)
                got += len(chunk)
                if got > limit:
                    complete = False
                    break
            body = b"".join(parts)
            return Fetched(response.status, answer, body[:limit], complete, got)
    except urllib.error.HTTPError as err:
        with err:
            body = err.read(64 * 1024) if err.fp is not None else b""
        code, message = parse_error(body)
        code = code or f"HTTP{err.code}"
        raise RemoteError(message or f"HTTP {err.code}", code=code, status=err.code,
                          hint=cause_for(err.code, code, message)) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = " ".join(str(getattr(exc, "reason", exc)).split()) or type(exc).__name__
        timed_out = "timed out" in reason.lower()
        raise RemoteError(reason, code="Timeout" if timed_out else "NetworkError",
                          hint="the endpoint did not answer in time" if timed_out
                          else "could not reach the endpoint") from None


def _text_preview(key: str, fetched: Fetched, head: ObjectHead | None) -> Preview:
    size = head.size if head else 0
    truncated = not fetched.complete or (size > len(fetched.body))
    decoded = rules.decode_text(fetched.body, truncated=truncated)
    return Preview("text", key, head, _matter(fetched.headers), text=rules.normalise_newlines(decoded.text),
                   encoding=decoded.encoding, truncated=truncated, transferred=fetched.transferred)


def _matter(headers: dict[str, str]) -> dict[str, str]:
    return {k: headers[k] for k in HEADERS_THAT_MATTER if k in headers}


def fetch_preview(
    url: str,
    *,
    box: tuple[int, int],
    key: str = "",
    head: ObjectHead | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Preview:
    """Preview what a signed URL serves, as its recipient would get it (the share form can call this with
    its link): an image scaled to fit `box`, the first 64 KiB of text, or the headers alone.

    Reads at most `ORIGINAL_LIMIT` bytes (text: `TEXT_LIMIT`, with a Range). Blocking: a thread worker.
    Raises RemoteError when the link fails (its OSS code and a plain cause), PreviewCancelled when cancelled.
    """
    processed = "x-oss-process=" in url
    fetched = fetch_capped(url, limit=rules.ORIGINAL_LIMIT, cancelled=cancelled,
                           byte_range=None if processed else (0, rules.ORIGINAL_LIMIT - 1))
    answer_head = head_from_headers(key, fetched.headers)
    kind = rules.kind_by_name(key, answer_head.content_type) or rules.sniff(fetched.body[:8192])
    if kind == "image" or rules.image_format(fetched.body[:16]):
        if not fetched.complete:
            return Preview("meta", key, head or answer_head, _matter(fetched.headers),
                           transferred=fetched.transferred,
                           note=f"The image is over {rules.ORIGINAL_LIMIT // 2**20} MiB: not previewed.")
        return _image_preview(key, fetched, head or answer_head, box, "as served")
    if kind == "text":
        text_fetched = replace(fetched, body=fetched.body[:rules.TEXT_LIMIT],
                               complete=fetched.complete and len(fetched.body) <= rules.TEXT_LIMIT)
        return _text_preview(key, text_fetched, head or answer_head)
    return Preview("meta", key, head or answer_head, _matter(fetched.headers),
                   transferred=fetched.transferred)


def _image_preview(key: str, fetched: Fetched, head: ObjectHead | None, box: tuple[int, int],
                   source: str) -> Preview:
    from oss_share_tui.storage.preview_image import ImageUnreadable, decode_to_fit

    try:
        image, received = decode_to_fit(fetched.body, box)
    except ImageUnreadable as exc:
        return Preview("meta", key, head, _matter(fetched.headers), transferred=fetched.transferred,
                       note=f"The image could not be decoded: {exc}")
    if received != (image.width, image.height):
        source = f"{source}, scaled down here"
    elif source == "thumbnail from OSS" and head is not None and len(fetched.body) == head.size:
        source = "original (it already fits)"
    return Preview("image", key, head, _matter(fetched.headers), image=image, received_size=received,
                   source=source, transferred=fetched.transferred)


def preview_object(
    profile: Profile,
    gateway: OssGateway,
    bucket: Bucket,
    key: str,
    version_id: str | None,
    *,
    box: tuple[int, int],
    endpoint: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    thumbnail_limit: int = rules.THUMBNAIL_LIMIT,
    original_limit: int = rules.ORIGINAL_LIMIT,
) -> Preview:
    """HEAD the object, then fetch just enough to show it: an archived object is explained and not fetched;
    an image comes as an OSS-resized thumbnail (or a small original); text as its first 64 KiB; anything else
    as its metadata. Blocking: call from a thread worker. Raises RemoteError, PreviewCancelled.

    `thumbnail_limit`: an answer to the thumbnail request announced bigger is not read (OSS did not resize);
    `original_limit`: the biggest original fetched instead."""
    head = head_object(gateway, bucket, key, version_id)
    if cancelled():
        raise PreviewCancelled()
    state = rules.restore_state(head.storage_class, head.restore)
    if not state.readable:
        return Preview("meta", key, head, note=state.reason)
    kind = rules.kind_by_name(key, head.content_type)
    if head.size == 0:
        return Preview("text" if kind in (None, "text") else "meta", key, head, note="The object is empty.")

    def sign(*extra: tuple[str, str]) -> str:
        from oss_share_tui.storage.signer import sign_link

        options = ShareOptions(expires_in=LINK_LIFETIME, version_id=version_id or None, params=tuple(extra),
                               sign_version=profile.sign_version.lower() or "v4")
        return sign_link(profile, bucket.name, key, options, region=bucket.region or None,
                         endpoint=endpoint).url

    try:
        if kind == "image":
            return _image_object(sign, key, head, box, cancelled, (thumbnail_limit, original_limit))
        if kind == "other":
            return Preview("meta", key, head)
        fetched = fetch_capped(sign(), limit=rules.TEXT_LIMIT, byte_range=(0, rules.TEXT_LIMIT - 1),
                               cancelled=cancelled)
        sniffed = rules.sniff(fetched.body[:8192])
        if kind is None and sniffed == "image":
            return _image_object(sign, key, head, box, cancelled, (thumbnail_limit, original_limit))
        if kind is None and sniffed == "other":
            return Preview("meta", key, head, transferred=fetched.transferred,
                           note="The first bytes are not text: metadata only.")
        return _text_preview(key, fetched, head)
    except RemoteError:
        raise
    except OssShareError as exc:  # signing refused (region, credentials): say so
        raise RemoteError(str(exc), code="CannotSign") from None


def _image_object(sign: Callable[..., str], key: str, head: ObjectHead, box: tuple[int, int],
                  cancelled: Callable[[], bool], limits: tuple[int, int]) -> Preview:
    """A thumbnail made by OSS; when OSS refuses or does not resize, a small original scaled down here."""
    thumbnail_limit, original_limit = limits
    spent = 0
    reason = ""
    try:
        thumb = fetch_capped(sign(("x-oss-process", rules.resize_process(box))), limit=thumbnail_limit,
                             skip_if_longer=True, cancelled=cancelled)
        spent = thumb.transferred
        if thumb.complete and rules.image_format(thumb.body[:16]):
            preview = _image_preview(key, thumb, head, box, "thumbnail from OSS")
            if preview.kind == "image":
                if preview.received_size and not rules.fits(preview.received_size, box):
                    preview = replace(preview, source="original (OSS did not resize it), scaled down here")
                return preview
        reason = "OSS did not resize it"
    except RemoteError as exc:
        if exc.status in (0, 401, 403, 404, 405) or exc.status >= 500:
            raise  # the object or the link is the problem, not the processing
        reason = f"OSS refused to resize it ({exc.code})"
    if head.size > original_limit:
        return Preview("meta", key, head, transferred=spent,
                       note=f"{reason}, and the original ({head.size:,} bytes) is over the "
                            f"{original_limit / 2**20:g} MiB preview cap: metadata only.")
    original = fetch_capped(sign(), limit=original_limit, byte_range=(0, original_limit - 1),
                            cancelled=cancelled)
    preview = _image_preview(key, original, head, box, "original")
    return replace(preview, transferred=spent + original.transferred,
                   note=preview.note or f"{reason}: the original was fetched.")
