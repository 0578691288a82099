"""Command palette: "Go to bucket …" from the buckets in memory, and every action of the current screen."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from oss_share_tui.tui.safe_text import visible

if TYPE_CHECKING:
    from oss_share_tui.tui.app import OssShareApp

MOVEMENT_ACTIONS = frozenset(
    {"cursor_up", "cursor_down", "page_up", "page_down", "first", "last", "scroll_up", "scroll_down",
     "scroll_left", "scroll_right", "scroll_home", "scroll_end", "page_left", "page_right", "command_palette"}
)
"""Moving and scrolling: keys to press, not commands to look up (they crowded the palette's first screen)."""


def is_movement(action: str) -> bool:
    """True for cursor and scroll actions (with or without a namespace or arguments)."""
    name = action.rsplit(".", 1)[-1].split("(", 1)[0]
    return name in MOVEMENT_ACTIONS or name.startswith("scroll")


class OssCommands(Provider):
    """Buckets already listed, plus the screen's bindings as commands (hidden where they don't apply)."""

    app: OssShareApp

    def _commands(self) -> Iterator[tuple[str, str, object]]:
        """(title, help, callback) for everything on offer here."""
        for bucket in self.app.known_buckets():
            title = f"Go to bucket {visible(bucket.name)}"
            yield title, f"{bucket.region or 'region unknown'}", partial(self.app.go_to_bucket, bucket)
        seen: set[tuple[int, str]] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.system or not binding.description or not active.enabled or is_movement(binding.action):
                continue
            if binding.id is None:
                continue  # Textual's own focus and copy keys (ours all have ids): keys, not things to look up
            ident = (id(active.node), binding.action)
            if ident in seen:
                continue
            seen.add(ident)
            key = self.app.get_key_display(binding)
            callback = partial(self.app.run_action, binding.action, active.node)
            yield binding.description, f"key: {key}", callback

    async def discover(self) -> Hits:
        """Everything, before anything is typed."""
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        """Fuzzy-match titles."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)  # type: ignore[arg-type]
