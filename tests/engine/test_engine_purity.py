"""The engine stays framework-free: no Django, DRF or Celery import anywhere in it."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "advice" / "engine"
VOCABULARY = ROOT / "drugs" / "vocabulary.py"
FORBIDDEN = {"django", "rest_framework", "celery"}
# The one module of the project outside the engine that the engine may import: data flows one
# way (drugs -> advice), and the vocabulary is pure.
ALLOWED_PROJECT = {"drugs.vocabulary"}


def _imported_roots(tree: ast.AST) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            args = node.args
            if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                roots.add(args[0].value.split(".")[0])
    return roots


def test_engine_files_exist() -> None:
    names = {f.name for f in ENGINE.glob("*.py")}
    assert {"__init__.py", "types.py", "pk.py", "rules.py", "thresholds.py"} <= names


def test_engine_imports_no_framework() -> None:
    offenders = {}
    for path in sorted(ENGINE.rglob("*.py")):
        bad = _imported_roots(ast.parse(path.read_text(encoding="utf-8"))) & FORBIDDEN
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


def _imported_modules(tree: ast.AST) -> set[str]:
    """Absolute module names imported (relative imports stay inside the package)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def _foreign(modules: set[str]) -> set[str]:
    """Modules that are neither the standard library, the engine nor the allowed vocabulary."""
    return {
        m
        for m in modules
        if m.split(".")[0] not in sys.stdlib_module_names
        and m != "advice.engine"
        and not m.startswith("advice.engine.")
        and m not in ALLOWED_PROJECT
    }


def test_engine_imports_only_stdlib_itself_and_the_vocabulary() -> None:
    offenders = {}
    for path in sorted(ENGINE.rglob("*.py")):
        bad = _foreign(_imported_modules(ast.parse(path.read_text(encoding="utf-8"))))
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


def test_vocabulary_imports_only_the_standard_library() -> None:
    modules = _imported_modules(ast.parse(VOCABULARY.read_text(encoding="utf-8")))
    assert {m for m in modules if m.split(".")[0] not in sys.stdlib_module_names} == set()


def test_import_check_catches_other_project_modules() -> None:
    src = "from drugs.models import Drug\nimport advice.services\n"
    src += "from drugs.vocabulary import Route\n"
    assert _foreign(_imported_modules(ast.parse(src))) == {"drugs.models", "advice.services"}


def test_detector_catches_framework_imports() -> None:
    src = "import django.conf\nfrom rest_framework import views\n__import__('celery')\n"
    assert _imported_roots(ast.parse(src)) >= FORBIDDEN


def test_engine_reads_no_clock() -> None:
    """Deterministic: no datetime.now/today, time.time or random inside the engine."""
    for path in sorted(ENGINE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert node.attr not in {"now", "utcnow", "time"}, (path.name, node.attr)
        assert "random" not in _imported_roots(tree), path.name
