"""Test-only helpers, kept out of the shipped package: headless Pilot runs (`pilot.settle`) and a private
tmux terminal (`tmux_term.TmuxTerminal`), used by the tests, `scripts/screenshots.py` and the benchmarks."""
