"""The end of every `--help`: a few examples and the exit codes, in one format for every command."""

from __future__ import annotations

from collections.abc import Sequence

EXIT_CODES = (
    "exit codes:\n"
    "  0  ok\n"
    "  1  an error from OSS or the network (or a link that failed --check)\n"
    "  2  bad usage or invalid input\n"
    "  3  missing or unusable credentials or config"
)


def epilog(examples: Sequence[tuple[str, str]], note: str = "") -> str:
    """`examples:` (each a command and what it does), an optional note, then the exit codes."""
    lines = ["examples:"]
    for command, what in examples:
        lines.append(f"  {command}")
        lines.append(f"      {what}")
    text = "\n".join(lines)
    if note:
        text += "\n\n" + note
    return text + "\n\n" + EXIT_CODES
