"""Dependencies flow one way: core ← units ← resolutions ← study / programs ← reporting ← demo ←
tooling. The shipped modules of the domain apps import neither demo nor tooling, demo imports
no tooling, and the tooling imports no private name (``_x``) of another module. Tests are
left out: every app's tests build on ``tooling/testing.py``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import trienkhai

SOURCE = Path(trienkhai.__file__).parent
DOMAIN_APPS = ["core", "units", "resolutions", "study", "programs", "reporting"]


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


def offending(app: str, forbidden: tuple[str, ...], source: Path = SOURCE) -> list[str]:
    return [
        f"{path.relative_to(source)}: {module}"
        for path in shipped_modules(app, source)
        for module, _names in imports(path, source)
        if module.startswith(forbidden)
    ]


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_apps_import_neither_demo_nor_tooling(app):
    assert offending(app, ("trienkhai.demo", "trienkhai.tooling")) == []


def test_demo_imports_no_tooling():
    assert offending("demo", ("trienkhai.tooling",)) == []


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


def test_the_checks_see_imports(tmp_path):
    """Not vacuous: a relative import of demo from a domain app's module is caught, one from
    its tests is not."""
    fake = tmp_path / "trienkhai"
    (fake / "study" / "tests").mkdir(parents=True)
    (fake / "study" / "bad.py").write_text("from ..demo import bulk\nimport trienkhai.tooling\n")
    (fake / "study" / "tests" / "fine.py").write_text("from trienkhai.demo import bulk\n")
    assert offending("study", ("trienkhai.demo", "trienkhai.tooling"), fake) == [
        "study/bad.py: trienkhai.demo",
        "study/bad.py: trienkhai.tooling",
    ]
