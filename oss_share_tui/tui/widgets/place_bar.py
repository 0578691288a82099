"""`PlaceBar`: the header line with the current place (`oss://bucket/prefix/`) and the endpoint."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from oss_share_tui.tui.safe_text import visible


class PlaceBar(Static):
    """Shows where we are and which endpoint we talk to; keys appear as plain, visible text."""

    DEFAULT_CSS = """
    PlaceBar {
        height: 1;
        padding: 0 1;
        background: $primary;
        color: $text;
    }
    """

    place: reactive[str] = reactive("oss://")
    endpoint: reactive[str] = reactive("")
    credentials: reactive[str] = reactive("")
    """Where the keys come from (`~/.aliyun/config.json profile 'dev' (mode RamRoleArn)`); "" hides it."""
    demo: reactive[bool] = reactive(False)

    def render(self) -> Text:
        """`oss://bucket/prefix/` on the left, the endpoint (and DEMO) on the right.

        The place comes first: when the line is short, the credential source goes, then the endpoint is cut.
        """
        left = Text(visible(self.place), style="bold", no_wrap=True, overflow="ellipsis")
        width = self.content_region.width or 80
        room_right = max(0, width - left.cell_len - 2)
        right = Text(no_wrap=True)
        if self.demo:
            right.append(" DEMO ", style="reverse bold")
            right.append(" ")
        endpoint = Text(visible(self.endpoint), no_wrap=True)
        if self.credentials:
            source = Text(visible(self.credentials), style="dim", no_wrap=True)
            source.truncate(max(12, width // 3), overflow="ellipsis")
            if right.cell_len + source.cell_len + 3 + endpoint.cell_len <= room_right:
                right.append_text(source)
                right.append(" · ", style="dim")
        spare = room_right - right.cell_len
        if endpoint.cell_len > spare:
            endpoint.truncate(max(spare, min(endpoint.cell_len, 16)), overflow="ellipsis")
        right.append_text(endpoint)
        room = max(0, width - right.cell_len - 2)
        left.truncate(room, overflow="ellipsis")
        left.pad_right(room - left.cell_len + 2)
        return Text.assemble(left, right)
