"""Bucket image styles: PutStyle, GetStyle, ListStyle, DeleteStyle (`?style[&styleName=NAME]`)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from oss_share_tui.localoss.errors import OssError, bad_request, invalid_argument
from oss_share_tui.localoss.imgparams import check_actions, split_process, style_name_ok
from oss_share_tui.localoss.store import BucketState
from oss_share_tui.localoss.xmlgen import doc, esc, iso

MAX_STYLES = 50


def _name(query: dict[str, str]) -> str:
    name = query.get("styleName", "")
    if not style_name_ok(name):
        raise invalid_argument("The style name is invalid.", "styleName", name)
    return name


def _no_such_style() -> OssError:
    return OssError(404, "NoSuchStyle", "The specified style does not exist.")


def set_style(bucket: BucketState, name: str, content: str, now: float) -> None:
    """Add or replace a style after checking its content as an image process."""
    if not content.startswith("image/"):
        raise invalid_argument("A style's content must be an image process.", "Content", content)
    check_actions(split_process(content))
    created = bucket.styles.get(name, (content, now, now))[1]
    if name not in bucket.styles and len(bucket.styles) >= MAX_STYLES:
        raise invalid_argument(f"A bucket holds at most {MAX_STYLES} styles.", "styleName", name)
    bucket.styles[name] = (content, created, now)


def put_style(bucket: BucketState, query: dict[str, str], body: bytes, now: float) -> None:
    """PutStyle: `<Style><Content>image/...</Content></Style>`."""
    name = _name(query)
    try:
        root = ElementTree.fromstring(body) if len(body) < 64 * 1024 and b"<!" not in body else None
    except ElementTree.ParseError:
        root = None
    content = root.findtext("Content") if root is not None and root.tag == "Style" else None
    if not content:
        raise bad_request("MalformedXML", "The XML you provided was not well-formed or did not validate.")
    set_style(bucket, name, content.strip(), now)


def _style_xml(name: str, entry: tuple[str, float, float]) -> str:
    content, created, modified = entry
    return (
        f"<Style><Name>{esc(name)}</Name><Content>{esc(content)}</Content>"
        f"<CreateTime>{iso(created)}</CreateTime><LastModifyTime>{iso(modified)}</LastModifyTime></Style>"
    )


def get_style(bucket: BucketState, query: dict[str, str]) -> bytes:
    """GetStyle with styleName, ListStyle without it."""
    if "styleName" not in query:
        return doc(
            ["<StyleList>", *(_style_xml(n, e) for n, e in sorted(bucket.styles.items())), "</StyleList>"]
        )
    name = _name(query)
    entry = bucket.styles.get(name)
    if entry is None:
        raise _no_such_style()
    return doc([_style_xml(name, entry)])


def delete_style(bucket: BucketState, query: dict[str, str]) -> None:
    """DeleteStyle (deleting a style that is not there succeeds, as deletes do on OSS)."""
    bucket.styles.pop(_name(query), None)
