"""Share-form section: how the browser treats the file (as stored, inline, attachment) and under what name.

For a batch the name is a template (`{name}`, `{stem}`, `{ext}`, `{n}`), shown with a live example from two of
the marked objects; one literal name for many links needs an explicit tick.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from oss_share_tui.core.disposition import (
    DEFAULT_TEMPLATE,
    DownloadAs,
    check_template,
    content_disposition,
    expand_name,
    is_literal,
)
from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.tui.safe_text import visible
from oss_share_tui.tui.widgets.choice_set import ChoiceSet
from oss_share_tui.tui.widgets.form_section import BoxCheckbox, FormSection, put


class DownloadSection(FormSection):
    """The download mode, and the file name (one object) or the name template (a batch)."""

    def __init__(self, key: str, *, batch_keys: Sequence[str] = (), id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.key = key
        self.batch_keys = list(batch_keys)

    @property
    def is_batch(self) -> bool:
        return len(self.batch_keys) > 1

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label("Download as", classes="field-label")
            with ChoiceSet(id="disposition"):
                yield RadioButton("as stored", value=True, id="disposition-default")
                yield RadioButton("inline", id="disposition-inline")
                yield RadioButton("attachment", id="disposition-attachment")
        with Horizontal(classes="field-row"):
            if self.is_batch:
                yield Label("Name template", classes="field-label")
                yield Input(DEFAULT_TEMPLATE, placeholder="{name}, {stem}, {ext}, {n} or a literal name",
                            id="filename", compact=True, disabled=True)
            else:
                # Control characters in a key would reach the terminal through the Input: made visible.
                basename = visible(self.key.rsplit("/", 1)[-1])
                yield Label("File name", classes="field-label")
                yield Input(basename, placeholder="file name", id="filename", compact=True, disabled=True)
        if self.is_batch:
            yield BoxCheckbox(f"the same name for all {len(self.batch_keys)} links", id="same-name",
                              compact=True, disabled=True)
            yield Static("", id="filename-example", classes="note", markup=False)
        yield Static("", id="filename-error", classes="field-error", markup=False)

    @property
    def mode(self) -> str:
        """`inline`, `attachment`, or "" (as stored)."""
        pressed = self.query_one("#disposition", ChoiceSet).pressed_button
        mode = (pressed.id or "").removeprefix("disposition-") if pressed is not None else ""
        return mode if mode in ("inline", "attachment") else ""

    def disposition(self) -> str | None:
        """One object: the response-content-disposition value, or None as stored (InvalidInput when bad)."""
        if not self.mode:
            return None
        name = self.query_one("#filename", Input).value if self.mode == "attachment" else ""
        return content_disposition(self.mode, name or None)

    def download(self) -> DownloadAs | None:
        """A batch: how each link is named, or None as stored (InvalidInput when bad or unconfirmed)."""
        if not self.mode:
            return None
        if self.mode == "inline":
            return DownloadAs("inline")
        template = check_template(self.query_one("#filename", Input).value)
        if is_literal(template) and not self.query_one("#same-name", BoxCheckbox).value:
            raise InvalidInput(
                f"{template!r} has no {{name}}: every link would download under that one name; "
                f"tick 'the same name for all' or use {{name}}, {{stem}}, {{ext}}, {{n}}",
                field="filename",
            )
        for n, key in enumerate(self.batch_keys[:2], start=1):
            content_disposition("attachment", expand_name(template, key, n))
        return DownloadAs("attachment", template)

    def show(self) -> None:
        """The live example of the names (a batch)."""
        if not self.is_batch:
            return
        count = len(self.batch_keys)
        note = self.query_one("#filename-example", Static)
        template = self.query_one("#filename", Input).value
        if self.mode != "attachment":
            text = "inline: each link under its own name" if self.mode == "inline" else ""
        else:
            try:
                names = [expand_name(template, key, n) for n, key in enumerate(self.batch_keys[:2], start=1)]
            except InvalidInput:
                names = []
            if not names:
                text = "placeholders: {name} {stem} {ext} {n}"
            elif is_literal(template):
                text = f"all {count} links download as {visible(names[0])}"
            else:
                text = "e.g. " + ", ".join(visible(name) for name in names) + (", …" if count > 2 else "")
        put(note, text, shown=bool(text))

    @on(RadioSet.Changed, "#disposition")
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        """The name field is enabled the moment a mode that uses it is chosen."""
        attachment = event.pressed.id == "disposition-attachment"
        self.query_one("#filename", Input).disabled = not attachment
        for box in self.query("#same-name").results(BoxCheckbox):
            box.disabled = not attachment
