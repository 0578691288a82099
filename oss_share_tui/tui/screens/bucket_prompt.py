"""`BucketPromptScreen`: asks for a bucket name when ListBuckets is denied (common for RAM users)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.refs import validate_bucket_name


class BucketName(Validator):
    """The OSS bucket-name rules, with core's message."""

    def validate(self, value: str) -> ValidationResult:
        """Valid when core's `validate_bucket_name` accepts it."""
        try:
            validate_bucket_name(value.strip())
        except InvalidInput as exc:
            return self.failure(str(exc))
        return self.success()


class BucketPromptScreen(ModalScreen[str | None]):
    """A small modal: type a bucket name, Enter opens it, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="bucket-prompt.cancel"),
    ]

    def compose(self) -> ComposeResult:
        """An explanation, the input and a line for its error."""
        with Vertical(id="bucket-prompt-box"):
            yield Label("Listing buckets is not allowed for this AccessKey.", id="bucket-prompt-title")
            yield Label("Type the name of a bucket you can read:")
            yield Input(
                placeholder="bucket-name",
                id="bucket-name",
                validators=[BucketName()],
                validate_on=["submitted"],
            )
            yield Label("", id="bucket-prompt-error")

    def on_mount(self) -> None:
        """Focus the input."""
        self.query_one("#bucket-name", Input).focus()

    @on(Input.Submitted, "#bucket-name")
    def _submitted(self, event: Input.Submitted) -> None:
        """Open the bucket, or show why the name is not valid."""
        error = self.query_one("#bucket-prompt-error", Label)
        if event.validation_result is not None and not event.validation_result.is_valid:
            error.update(" ".join(event.validation_result.failure_descriptions))
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without a bucket."""
        self.dismiss(None)
