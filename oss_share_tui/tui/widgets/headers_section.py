"""Share-form section: the response-* header overrides (besides Content-Disposition), collapsed by default."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Collapsible, Input, Label, Static

from oss_share_tui.tui.widgets.form_section import FormSection
from oss_share_tui.tui.widgets.limits_section import param_id

RESPONSE_HEADERS: tuple[tuple[str, str, str], ...] = (
    ("response-content-type", "Content-Type", "e.g. text/plain; charset=utf-8"),
    ("response-content-language", "Language", "e.g. zh-CN"),
    ("response-expires", "Expires", "e.g. Thu, 01 Jan 2030 00:00:00 GMT"),
    ("response-cache-control", "Cache-Control", "e.g. no-cache"),
    ("response-content-encoding", "Encoding", "e.g. gzip"),
)
"""(query key, label, placeholder)."""


class ResponseHeaders(FormSection):
    """Rarely used: rows mounted on first expand (or at once when prefilled), so the form opens quickly."""

    def __init__(self, *, eager: bool = False, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._eager = eager

    def compose(self) -> ComposeResult:
        with Collapsible(title="Response headers", collapsed=not self._eager, id="response-headers"):
            if self._eager:
                yield from self._rows()
            yield Static("", id="response-error", classes="field-error", markup=False)

    def _rows(self) -> list[Horizontal]:
        return [
            Horizontal(Label(label, classes="field-label"),
                       Input(placeholder=placeholder, id=param_id(key), compact=True), classes="field-row")
            for key, label, placeholder in RESPONSE_HEADERS
        ]

    @on(Collapsible.Expanded, "#response-headers")
    def _mount_rows(self) -> None:
        """Mount the rows the first time the section opens."""
        if not self.query(f"#{param_id(RESPONSE_HEADERS[0][0])}"):
            self.query_one(Collapsible.Contents).mount_all(self._rows(), before=0)

    def params(self) -> list[str]:
        """`KEY:VALUE` for each header given."""
        return [f"{key}:{self.text('#' + param_id(key))}" for key, _, _ in RESPONSE_HEADERS
                if self.text("#" + param_id(key))]
