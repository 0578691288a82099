"""Reading OSS's XML answers: listing roots and required fields checked, times in UTC, and big listings parsed
in chunks with the collector paused and the GIL offered (so a 1,000-key page never stalls the event loop)."""

from __future__ import annotations

import contextlib
import gc
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from datetime import datetime, timezone

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.storage.oss_errors import hint_for


def utc_from_epoch(epoch: int | float | None) -> datetime | None:
    """An aware UTC datetime from oss2's unix seconds."""
    if epoch is None or epoch == "":
        return None
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc)


def parse_iso(text: str | None) -> datetime | None:
    """An aware UTC datetime from OSS's `2023-11-22T05:15:05.000Z`; a time without a zone is UTC too.

    OSS documents every ISO time it sends as UTC (GMT), so a zone-less one (some gateways and older
    S3-compatible servers drop the `Z`) means UTC, never this machine's local time.
    """
    if not text:
        return None
    try:
        if text.endswith("Z"):  # OSS's own form, once per listed object: the short way
            moment = datetime.fromisoformat(text[:-1])
            return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else None
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def not_a_listing(problem: str) -> RemoteError:
    """A listing answer that OSS would never send (a proxy page, another server, a cut or garbled body)."""
    return RemoteError(
        f"The endpoint's answer is not a usable OSS listing: {problem}.",
        code="BadResponse",
        hint=hint_for("BadResponse"),
    )


def expect_root(root: ElementTree.Element, tag: str) -> None:
    if root.tag == tag:
        return
    if root.tag == "Error":
        code = (root.findtext("Code") or "").strip() or "?"
        raise not_a_listing(f"it is an error document (Code {code!r}) sent with HTTP 200")
    raise not_a_listing(f"expected <{tag}>, got <{root.tag[:60]}>")


def required(node: ElementTree.Element, tag: str, where: str) -> str:
    text = node.findtext(tag)
    if text is None:
        raise not_a_listing(f"{where} has no <{tag}>")
    return text


def size_of(node: ElementTree.Element, where: str | Callable[[], str]) -> int:
    """The node's Size; `where` may be a callable, so a page of valid sizes formats no messages."""
    text = node.findtext("Size")
    if text is not None:
        text = text.strip()
        if text.isascii() and text.isdigit():
            return int(text)
    place = where() if callable(where) else where
    text = required(node, "Size", place).strip()
    raise not_a_listing(f"{place} has Size {text[:40]!r}, not a whole number")


def is_truncated(root: ElementTree.Element) -> bool:
    text = required(root, "IsTruncated", "the page").strip().lower()
    if text not in ("true", "false"):
        raise not_a_listing(f"IsTruncated is {text[:40]!r}, not true or false")
    return text == "true"


PARSE_CHUNK = 32 * 1024
"""Bytes of XML parsed per call: the parser holds the GIL for a whole call, and a 1000-key page in one
call kept the TUI's event loop waiting for tens of milliseconds (profiled while paging a big prefix)."""


_gc_lock = threading.Lock()
_gc_holds = 0
_gc_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic GC while a page is parsed and converted (nestable, thread-safe).

    A 1000-key page builds ~7,000 tree elements (acyclic: freed by reference counting either way); with
    the collector on they set off a dozen young collections and a ~10 ms older one per page, half the
    parse's time, holding the GIL the TUI's event loop waits for (profiled while paging a big prefix).
    """
    global _gc_holds, _gc_was_enabled
    with _gc_lock:
        if _gc_holds == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holds += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holds -= 1
            if _gc_holds == 0 and _gc_was_enabled:
                gc.enable()


YIELD_EVERY = 100
"""Rows converted between two `let_others_run` calls (well under a millisecond of work)."""


def let_others_run() -> None:
    """Offer the GIL to a waiting thread (the TUI's event loop) now, not after the 5 ms switch interval.

    A thread waiting for the GIL gets it only when the holder is told to drop it, after 5 ms; the event
    loop needs it several times per frame, so a page being parsed stretched frames to 40-50 ms
    (profiled); with a hand-over every ~0.5 ms of parsing the largest stall fell to ~30 ms.
    """
    time.sleep(0)


def parse_xml(body: bytes) -> ElementTree.Element:
    """`ElementTree.fromstring`, fed in chunks so that other threads get the GIL in between."""
    if len(body) <= PARSE_CHUNK:
        return ElementTree.fromstring(body)
    parser = ElementTree.XMLParser()
    view = memoryview(body)
    for start in range(0, len(body), PARSE_CHUNK):
        parser.feed(view[start : start + PARSE_CHUNK])
        let_others_run()
    return parser.close()


def listing_xml(body: bytes) -> ElementTree.Element:
    """A listing's XML root; a body that is not XML is a BadResponse."""
    try:
        return parse_xml(body)
    except ElementTree.ParseError as exc:
        problem = "it is empty" if not body.strip() else f"it is not well-formed XML, cut short? ({exc})"
        raise not_a_listing(problem) from exc
