"""Settings people expect to persist (the theme), in a small JSON file under the XDG config dir."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from oss_share_tui.core.atomic import atomic_write

SETTINGS_FILENAME = "settings.json"
ENV_SETTINGS = "OSS_SHARE_SETTINGS"
"""A path that overrides the default location (tests, several setups side by side)."""


@dataclass(frozen=True)
class Settings:
    """What the TUI remembers between runs."""

    theme: str = ""
    """The Textual theme chosen in the palette; "" means the app's default."""


def default_settings_path() -> Path:
    """`$XDG_CONFIG_HOME/oss-share/settings.json` (platformdirs' user config dir on other systems)."""
    override = os.environ.get(ENV_SETTINGS)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("oss-share", appauthor=False)) / SETTINGS_FILENAME


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings; defaults when the file is missing, unreadable or not what we wrote."""
    path = path or default_settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    theme = data.get("theme", "")
    return Settings(theme=theme if isinstance(theme, str) else "")


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically (the directory is created as needed); errors are raised as OSError."""
    path = path or default_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(asdict(settings), indent=2) + "\n")


def with_theme(settings: Settings, theme: str) -> Settings:
    """A copy with `theme` set."""
    return replace(settings, theme=theme)
