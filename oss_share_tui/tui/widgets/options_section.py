"""Share-form section: requester pays, keep `/` in the key, and the signature version."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, RadioButton, Static

from oss_share_tui.tui.widgets.choice_set import ChoiceSet
from oss_share_tui.tui.widgets.form_section import BoxCheckbox, FormSection


class SigningOptions(FormSection):
    """Two checkboxes and the V4/V1 choice."""

    def __init__(self, sign_version: str, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._v1 = sign_version.lower() == "v1"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label("Options", classes="field-label")
            yield BoxCheckbox("Requester pays", id="requester-pays", compact=True)
            yield BoxCheckbox("Keep / in the key", id="slash-safe", compact=True)
        with Horizontal(classes="field-row"):
            yield Label("Signature", classes="field-label")
            with ChoiceSet(id="sign-version"):
                yield RadioButton("V4", value=not self._v1, id="sign-v4")
                yield RadioButton("V1", value=self._v1, id="sign-v1")
        yield Static("", id="options-error", classes="field-error", markup=False)

    @property
    def sign_version(self) -> str:
        """`v4` or `v1`, as chosen."""
        pressed = self.query_one("#sign-version", ChoiceSet).pressed_button
        return "v1" if pressed is not None and pressed.id == "sign-v1" else "v4"

    @property
    def requester_pays(self) -> bool:
        return self.query_one("#requester-pays", BoxCheckbox).value

    @property
    def slash_safe(self) -> bool:
        return self.query_one("#slash-safe", BoxCheckbox).value
