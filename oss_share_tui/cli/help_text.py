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


INSPECT_EXIT_CODES = (
    "exit codes:\n"
    "  0  decoded (whatever the verdict on the signature)\n"
    "  2  not a signed OSS URL, or bad usage\n"
    "  3  an unusable config file or profile"
)
SERVER_EXIT_CODES = (
    "exit codes:\n"
    "  0  stopped (Ctrl-C)\n"
    "  1  could not start (e.g. the port is taken)\n"
    "  2  bad usage or invalid input"
)


def epilog(examples: Sequence[tuple[str, str]], note: str = "", codes: str = EXIT_CODES) -> str:
    """`examples:` (each a command and what it does), an optional note, then the exit codes."""
    lines = ["examples:"]
    for command, what in examples:
        lines.append(f"  {command}")
        lines.append(f"      {what}")
    text = "\n".join(lines)
    if note:
        text += "\n\n" + note
    return text + "\n\n" + codes
