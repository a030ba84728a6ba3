"""The code's layout keeps its promises: the importer's parser is plain
Python, and nothing in the product imports a management command."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports made absolute."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("name", ["parse.py", "shapes.py", "files.py"])
def test_the_importers_parser_imports_nothing_from_django(name):
    imports = imported_modules(ROOT / "articles" / "importer" / name)
    assert not {m for m in imports if m.split(".")[0] in {"django", "accounts"}}
    assert not {m for m in imports if m.startswith("articles.models")}


def test_nothing_imports_a_management_command():
    offenders = [
        str(path.relative_to(ROOT))
        for top in ("articles", "accounts", "newsroom")
        for path in (ROOT / top).rglob("*.py")
        if "management" not in path.parts
        and any(".management.commands" in m for m in imported_modules(path))
    ]
    assert offenders == []


def test_the_import_finder_sees_relative_imports():
    """The checks above can fail: the finder resolves `from ..x import y`."""
    imports = imported_modules(ROOT / "articles" / "importer" / "plan.py")
    assert "articles.importer.parse" in imports
    assert "articles.models" in imports
