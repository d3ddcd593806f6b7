"""Dependencies flow one way: core ← units ← resolutions ← study | programs ← reporting ← demo ←
tooling. The layers are import-linter's contract in ``pyproject.toml`` (run by ``.ci/run`` as
``lint-imports``, and here, so that the suite alone holds them too); this module adds what the
contract cannot say: the tooling imports no private name (``_x``) of another module."""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter.cli import lint_imports

import trienkhai

SOURCE = Path(trienkhai.__file__).parent


def shipped_modules(app: str, source: Path = SOURCE) -> list[Path]:
    return [
        path
        for path in sorted((source / app).rglob("*.py"))
        if "tests" not in path.relative_to(source).parts and path.name != "conftest.py"
    ]


def imports(path: Path, source: Path = SOURCE) -> list[tuple[str, list[str]]]:
    """(absolute module, names imported from it) for each import statement of ``path``."""
    package = ".".join(("trienkhai", *path.relative_to(source).parent.parts))
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            out.append((module, [alias.name for alias in node.names]))
    return out


def test_the_layers_contract_holds():
    """Every app imports only the layers below it (function-level imports included)."""
    config = Path(trienkhai.__file__).parents[2] / "pyproject.toml"
    assert lint_imports(config_filename=str(config), no_cache=True) == 0


def test_tooling_imports_no_private_name_of_another_module():
    private = [
        f"{path.relative_to(SOURCE)}: {module}.{name}"
        for path in shipped_modules("tooling")
        for module, names in imports(path)
        if module.startswith("trienkhai.")
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert private == []
