"""What a preview shows, as Rich renderables: highlighted text with controls made visible, and metadata."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Span, Text

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


def lexer_for(key: str) -> str:
    """A Pygments lexer name from the file name alone ("text" when unknown); never guesses from content."""
    from pygments.lexers import get_lexer_for_filename
    from pygments.util import ClassNotFound

    name = key.rsplit("/", 1)[-1]
    try:
        lexer = get_lexer_for_filename(name)
    except ClassNotFound:
        return "text"
    return lexer.aliases[0] if lexer.aliases else "text"


def highlighted(key: str, text: str) -> Text:
    """The text, made inert, then syntax-highlighted by the key's extension. The result is plain styled
    text: nothing in it is read as markup. Costly for 64 KiB: call it from the worker."""
    from rich.syntax import Syntax

    safe = inert_lines(text)
    lexer = lexer_for(key)
    if lexer == "text":
        return Text(safe, no_wrap=True, end="")
    syntax = Syntax(safe, lexer, theme=THEME, tab_size=TAB_SIZE)
    result = syntax.highlight(safe)
    # Foreground colours only: the panel's own background shows through (a theme's would paint blocks).
    # Syntax adds a final newline, and a span may cover it: clip every span to the text itself.
    plain = Text(safe, no_wrap=True, end="")
    size = len(safe)
    plain.spans = [
        Span(s.start, min(s.end, size), Style(color=s.style.color, bold=s.style.bold, italic=s.style.italic))
        for s in result.spans
        if isinstance(s.style, Style) and s.style.color is not None and s.start < size
    ]
    return plain


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
