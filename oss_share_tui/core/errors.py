"""Exit codes and the error types that carry them, shared by the CLI and the TUI."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes of `oss-share` (DESIGN.md, Commands)."""

    OK = 0
    OSS_ERROR = 1
    """An error from OSS or the network."""
    USAGE = 2
    """Bad usage or invalid input."""
    CONFIG = 3
    """Missing or unusable credentials or config."""


class OssShareError(Exception):
    """Base of every error we expect and explain; `str(err)` is the one-line message a user sees."""

    exit_status: ExitStatus = ExitStatus.OSS_ERROR


class InvalidInput(OssShareError, ValueError):
    """A value the user gave is invalid (exit 2). `field` names the option or form field."""

    exit_status = ExitStatus.USAGE

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ConfigError(OssShareError):
    """Credentials or config are missing or unusable (exit 3)."""

    exit_status = ExitStatus.CONFIG


class RemoteError(OssShareError):
    """OSS answered with an error, or the network failed (exit 1).

    `code` is the OSS error code (e.g. NoSuchKey) or "NetworkError"; `hint` says what to do; `ec` is OSS's
    finer error code (`<EC>` or `x-oss-ec`, e.g. 0026-00000001), what OSS support asks for.
    """

    exit_status = ExitStatus.OSS_ERROR

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        status: int = 0,
        request_id: str = "",
        hint: str = "",
        ec: str = "",
        detail: str = "",
    ) -> None:
        super().__init__(message)
        self.detail = detail
        """The raw text behind the message (an exception's own words), for a details view only."""
        self.code = code
        self.status = status
        self.request_id = request_id
        self.hint = hint
        self.ec = ec

    def one_line(self) -> str:
        """The error as one line: code, message, EC code and hint."""
        parts = [f"{self.code}: {self}" if self.code else str(self)]
        if self.ec:
            parts[0] += f" (EC {self.ec})"
        if self.hint:
            parts.append(self.hint)
        return " — ".join(parts)
