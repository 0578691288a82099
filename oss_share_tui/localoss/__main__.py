"""`python -m oss_share_tui.localoss`: the same as `oss-share serve`."""

from __future__ import annotations

import sys

from oss_share_tui.localoss.serve import main

if __name__ == "__main__":
    sys.exit(main())
