"""The layer rules of DESIGN.md, enforced: imports point one way only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "oss_share_tui"


def _imports(path: Path) -> set[str]:
    """Absolute module names imported by one file (relative imports resolved against the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    package = parts if path.name == "__init__.py" else parts[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            for alias in node.names:
                found.add(f"{mod}.{alias.name}")
    return found


def _files(sub: str) -> list[Path]:
    return sorted((PKG / sub).rglob("*.py"))


def _top(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


STDLIB = set(sys.stdlib_module_names) | {"__future__"}


@pytest.mark.parametrize("path", _files("core"), ids=lambda p: p.name)
def test_core_is_pure_stdlib(path: Path) -> None:
    names = _imports(path)
    bad = {n for n in names if n.split(".")[0] not in STDLIB and not n.startswith("oss_share_tui.core")}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_only_storage_imports_oss2() -> None:
    offenders = [
        str(p.relative_to(PKG))
        for p in PKG.rglob("*.py")
        if "oss2" in _top(_imports(p)) and p.relative_to(PKG).parts[0] != "storage"
    ]
    assert offenders == []


def test_only_storage_imports_the_credentials_library() -> None:
    """alibabacloud-credentials (and its Tea HTTP layer) stays inside storage/, like oss2."""
    offenders = [
        str(p.relative_to(PKG))
        for p in PKG.rglob("*.py")
        if _top(_imports(p)) & {"alibabacloud_credentials", "Tea"}
        and p.relative_to(PKG).parts[0] != "storage"
    ]
    assert offenders == []


@pytest.mark.parametrize("path", _files("localoss"), ids=lambda p: p.name)
def test_localoss_imports_core_only(path: Path) -> None:
    names = _imports(path)
    assert "oss2" not in _top(names)
    ours = {n for n in names if n.startswith("oss_share_tui.")}
    bad = {n for n in ours if not (n.startswith("oss_share_tui.core") or n.startswith("oss_share_tui.localoss"))}
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("sub", ["core", "storage", "localoss"])
def test_lower_layers_never_import_textual_or_tui(sub: str) -> None:
    for p in _files(sub):
        names = _imports(p)
        assert "textual" not in _top(names), p
        assert not any(n.startswith("oss_share_tui.tui") or n == "oss_share_tui.cli" for n in names), p


def test_tui_never_imports_localoss() -> None:
    for p in _files("tui"):
        assert not any(n.startswith("oss_share_tui.localoss") for n in _imports(p)), p


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_importing_cli_pulls_in_neither_textual_nor_oss2() -> None:
    mods = _modules_after("import oss_share_tui.cli")
    assert "textual" not in mods
    assert "oss2" not in mods


@pytest.mark.parametrize(
    "argv",
    [
        ["inspect", "https://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=a&Expires=1&Signature=x"],
        ["sign", "oss://bucket/key", "-i", "id", "-k", "secret", "-e", "oss-cn-hangzhou.aliyuncs.com"],
        ["serve", "--help"],
    ],
    ids=["inspect", "sign", "serve"],
)
def test_cli_commands_never_import_textual(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from oss_share_tui import cli\n"
        f"try:\n    cli.main({argv!r})\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
