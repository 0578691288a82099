"""What a preview shows, as Rich renderables: highlighted text with controls made visible, and metadata."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from oss_share_tui.core.preview import restore_expiry
from oss_share_tui.storage.preview_fetch import ObjectHead, Preview
from oss_share_tui.tui.safe_text import visible
from oss_share_tui.tui.widgets.columns import human_size, local_time

TAB_SIZE = 4
THEME = "ansi_dark"
"""Syntax colours from the terminal's own palette, so they suit light and dark themes alike."""


def inert_lines(text: str) -> str:
    """Text safe to draw: tabs expanded, and every control, escape, bidi or invisible character (CR included)
    shown as a control picture or `\\u…` escape, as names are; line breaks stay line breaks."""
    return "\n".join(visible(line.expandtabs(TAB_SIZE)) for line in text.split("\n"))


def _lexer(key: str):  # noqa: ANN202 - a Pygments lexer or None
    """A Pygments lexer from the file name alone (None when unknown); never guesses from content."""
    from pygments.lexers import get_lexer_for_filename
    from pygments.util import ClassNotFound

    name = key.rsplit("/", 1)[-1]
    try:
        # Keep the text exactly as it is: no stripped or added newlines, tabs already expanded.
        return get_lexer_for_filename(name, stripnl=False, ensurenl=False, stripall=False)
    except ClassNotFound:
        return None


def lexer_for(key: str) -> str:
    """The Pygments lexer name used for `key` ("text" when unknown)."""
    lexer = _lexer(key)
    return lexer.aliases[0] if lexer is not None and lexer.aliases else "text"


YIELD_EVERY = 200
"""Tokens (or lines) handled between two offers of the GIL to the event loop."""


def highlighted_lines(key: str, text: str) -> list[Text]:
    """The text, made inert, coloured by the key's extension (foreground colours only, so the panel's
    background shows through), one Text per line. Nothing in it is read as markup.

    Call it from the worker: it offers the GIL to the event loop every few hundred tokens, as the listing's
    parser does (a 64 KiB file is ~20,000 tokens of pure Python, 0.1-0.3 s here).
    """
    import time

    from rich.syntax import Syntax

    safe = inert_lines(text)
    lexer = _lexer(key)
    if lexer is None:
        plain = []
        for count, line in enumerate(safe.split("\n")):
            plain.append(Text(line, no_wrap=True, end=""))
            if count % YIELD_EVERY == 0:
                time.sleep(0)
        return plain
    theme = Syntax.get_theme(THEME)
    styles: dict[object, Style | None] = {}
    lines = [Text(no_wrap=True, end="")]
    for count, (token_type, value) in enumerate(lexer.get_tokens(safe)):
        style = styles.get(token_type, False)
        if style is False:
            found = theme.get_style_for_token(token_type)
            style = styles[token_type] = (
                Style(color=found.color, bold=found.bold, italic=found.italic) if found.color else None)
        first, *rest = value.split("\n")
        if first:
            lines[-1].append(first, style)
        for piece in rest:
            lines.append(Text(no_wrap=True, end=""))
            if piece:
                lines[-1].append(piece, style)
        if count % YIELD_EVERY == 0:
            time.sleep(0)
    if "\n".join(line.plain for line in lines) != safe:  # a lexer that changed the text: show it plain
        return [Text(line, no_wrap=True, end="") for line in safe.split("\n")]
    return lines


def head_rows(head: ObjectHead) -> list[tuple[str, str]]:
    """The metadata fields: type, size, ETag, storage class, last modified, restore, user metadata."""
    rows = [
        ("Content type", head.content_type or "—"),
        ("Size", f"{human_size(head.size)} ({head.size:,} bytes)"),
        ("ETag", head.etag or "—"),
        ("Storage class", head.storage_class or "—"),
        ("Last modified", local_time(head.last_modified) or "—"),
    ]
    if head.object_type:
        rows.append(("Object type", head.object_type))
    if head.version_id:
        rows.append(("Version", head.version_id))
    if head.restore:
        expiry = restore_expiry(head.restore)
        rows.append(("Restore", f"restored until {expiry}" if expiry else head.restore))
    rows.extend((f"x-oss-meta-{name}", value) for name, value in sorted(head.metadata.items()))
    return rows


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in rows:
        table.add_row(Text(visible(name)), Text(visible(value)))
    return table


def metadata_view(preview: Preview) -> RenderableType:
    """The note (why only metadata is shown, when there is a reason) above the metadata table."""
    parts: list[RenderableType] = []
    if preview.note:
        parts.append(Text(visible(preview.note), style="bold"))
        parts.append(Text(""))
    if preview.head is not None:
        parts.append(_table(head_rows(preview.head)))
    return Group(*parts)


def summary(preview: Preview) -> str:
    """One line under the title: what is shown and what it cost."""
    bits: list[str] = []
    head = preview.head
    if preview.kind == "image" and preview.image is not None:
        received = preview.received_size or (preview.image.width, preview.image.height)
        bits.append(f"image {received[0]}×{received[1]} px")
        if preview.source:
            bits.append(preview.source)
    elif preview.kind == "text":
        bits.append(f"text · {preview.encoding or 'utf-8'}")
        if preview.truncated:
            bits.append("first 64 KiB")
    else:
        bits.append("metadata only")
    if head is not None:
        bits.append(human_size(head.size))
    bits.append(f"{human_size(preview.transferred)} fetched")
    return " · ".join(bits)
