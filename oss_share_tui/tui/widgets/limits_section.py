"""Share-form section: who may use the link and how fast: traffic limit, source IP / subnet / VPC limits."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Collapsible, Input, Label, Select, Static

from oss_share_tui.core.options import TRAFFIC_MAX, TRAFFIC_MIN, traffic_in_unit
from oss_share_tui.core.units import format_traffic
from oss_share_tui.tui.widgets.form_section import FormSection, put

SOURCE_LIMITS: tuple[tuple[str, str, str], ...] = (
    ("x-oss-ac-source-ip", "Source IP", "e.g. 203.0.113.7"),
    ("x-oss-ac-subnet-mask", "Subnet mask", "prefix length, e.g. 24"),
    ("x-oss-ac-vpc-id", "VPC id", "e.g. vpc-t4nlw426y44rd3iq4****"),
)
"""The x-oss-ac-* text fields (forward-allow is a choice): (query key, label, placeholder)."""
FORWARD = "x-oss-ac-forward-allow"


def param_id(key: str) -> str:
    """A kebab-case DOM id for a query parameter key."""
    return "param-" + key.removeprefix("x-oss-").removeprefix("response-")


class TrafficRow(FormSection):
    """The traffic limit, typed in KB/s or MB/s, with its value in bit/s and the allowed range."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label("Traffic limit", classes="field-label")
            yield Input(placeholder="no limit", id="traffic-value", classes="narrow", compact=True)
            yield Select([("KB/s", "KB/s"), ("MB/s", "MB/s")], value="KB/s", allow_blank=False,
                         id="traffic-unit", compact=True)
        yield Static("", id="traffic-bits", classes="note", markup=False)
        yield Static("", id="traffic-error", classes="field-error", markup=False)

    def bits(self) -> int | None:
        """bit/s, or None for no limit; InvalidInput speaks the unit typed."""
        text = self.text("#traffic-value")
        return traffic_in_unit(text, self.select("#traffic-unit") or "KB/s") if text else None

    def show(self, bits: int | None) -> None:
        """The limit in bit/s, and the range OSS accepts."""
        allowed = f"allowed {format_traffic(TRAFFIC_MIN)} to {format_traffic(TRAFFIC_MAX)}"
        text = allowed if bits is None else f"= {bits:,} bit/s · {allowed}"
        put(self.query_one("#traffic-bits", Static), text)


class SourceLimits(FormSection):
    """x-oss-ac-* limits, collapsed; rows mounted on first expand (or at once when prefilled)."""

    def __init__(self, *, eager: bool = False, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._eager = eager

    def compose(self) -> ComposeResult:
        with Collapsible(title="Source limits (x-oss-ac-*)", collapsed=not self._eager, id="source-limits"):
            if self._eager:
                yield from self._rows()
            yield Static("", id="source-error", classes="field-error", markup=False)

    def _rows(self) -> list[Horizontal]:
        rows = [
            Horizontal(Label(label, classes="field-label"),
                       Input(placeholder=placeholder, id=param_id(key), compact=True), classes="field-row")
            for key, label, placeholder in SOURCE_LIMITS
        ]
        forward = Select([("allow", "true"), ("deny", "false")], prompt="not set", id=param_id(FORWARD),
                         compact=True)
        rows.append(Horizontal(Label("Forward", classes="field-label"), forward, classes="field-row"))
        return rows

    @on(Collapsible.Expanded, "#source-limits")
    def _mount_rows(self) -> None:
        """Mount the rows the first time the section opens."""
        if not self.query(f"#{param_id(SOURCE_LIMITS[0][0])}"):
            self.query_one(Collapsible.Contents).mount_all(self._rows(), before=0)

    def params(self) -> list[str]:
        """`KEY:VALUE` for each limit given."""
        out = [f"{key}:{self.text('#' + param_id(key))}" for key, _, _ in SOURCE_LIMITS
               if self.text("#" + param_id(key))]
        forward = self.select("#" + param_id(FORWARD))
        if forward:
            out.append(f"{FORWARD}:{forward}")
        return out
