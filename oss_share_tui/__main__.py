"""`python -m oss_share_tui` runs the `oss-share` command."""

from __future__ import annotations

import sys

from oss_share_tui.cli import main

sys.exit(main())
