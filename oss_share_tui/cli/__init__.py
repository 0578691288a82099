"""The `oss-share` command line: `entry` dispatches, `common` holds what commands share, one module a command.

`main` is re-exported lazily so that `import oss_share_tui.cli` stays light and nothing here imports back.
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    """Run `oss-share` with `argv` (default sys.argv[1:]); return the exit status."""
    from oss_share_tui.cli.entry import main as entry_main

    return entry_main(argv)
