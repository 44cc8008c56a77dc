"""The import contract: data flows one way (drugs -> advice), the engine stays pure, and each
interface (web pages, JSON API, CDS Hooks, handouts) lives in its own room.

Every import is read from the source with `ast`, at any depth (an import inside a function is a
run-time dependency too), so a new module is covered without being listed here.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("advice", "drugs", "lactmed")

# The interfaces of `advice`; none imports another, except through the allowances below.
INTERFACES = ("advice.web", "advice.api", "advice.cds", "advice.handouts")
# (importer, imported) pairs that are part of the design, with the reason.
ALLOWED = {
    # The CDS endpoints are JSON endpoints: one error shape and one bounded parser for both.
    ("advice.cds", "advice.api.base"),
    # The handout pages of the web interface render the handout content.
    ("advice.web", "advice.handouts"),
}


def _module(path: Path, root: Path = ROOT) -> str:
    dotted = ".".join(path.relative_to(root).with_suffix("").parts)
    return dotted.removesuffix(".__init__")


def _imports(path: Path, tops: tuple[str, ...] = PROJECT, root: Path = ROOT) -> set[str]:
    """Modules of the packages `tops` that `path` imports, fully qualified (relative imports
    resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module(path, root)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in tops}


def _sources() -> dict[str, set[str]]:
    graph = {}
    for top in PROJECT:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            graph[_module(path)] = _imports(path)
    return graph


GRAPH = _sources()


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _violations(
    importer: str,
    forbidden: tuple[str, ...],
    allowed: tuple[str, ...] = (),
    graph: dict[str, set[str]] = GRAPH,
) -> list[str]:
    bad = []
    for module, imported in graph.items():
        if not _within(module, importer):
            continue
        for name in sorted(imported):
            if any(_within(name, f) for f in forbidden) and not any(
                _within(name, a) for a in allowed
            ):
                bad.append(f"{module} imports {name}")
    return bad


def test_the_graph_is_read():
    # A contract over an empty graph would pass for the wrong reason.
    assert "drugs.models" in GRAPH["drugs.selectors"]
    assert "advice.services" in GRAPH["advice.api.views"]
    assert any(_within(m, "advice.engine") for m in GRAPH)
    assert "drugs.vocabulary" in GRAPH["drugs.models"]


def test_drugs_imports_nothing_of_advice():
    assert _violations("drugs", ("advice",)) == []


def test_the_project_package_imports_no_app():
    # Settings and the URL conf name the apps by string; the rest of `lactmed` is plumbing.
    assert _violations("lactmed", ("drugs", "advice")) == []


# The engine's own purity (standard library, itself and drugs.vocabulary only; no framework,
# no clock) is checked by tests/engine/test_engine_purity.py.


# Pure modules of `drugs` (no Django, no ORM): the vocabulary and the snapshot schema (with its
# record machinery), which the engine, the seed builder (run without Django) and every reader
# share.
PURE_MODULES = ("drugs/vocabulary.py", "drugs/records.py", "drugs/snapshot.py")


@pytest.mark.parametrize("path", PURE_MODULES)
def test_the_shared_schema_modules_are_pure(path):
    source = ROOT / path
    assert _imports(source, ("django", "rest_framework", "celery")) == set()
    assert {
        name
        for name in _imports(source)
        if not _within(name, "drugs.vocabulary") and not _within(name, "drugs.records")
    } == set()


PURE_IMPORT_STEPS = (
    "drugs/importers/errors.py",
    "drugs/importers/lactmed/records.py",
    "drugs/importers/lactmed/archive.py",
    "drugs/importers/lactmed/parser.py",
)


@pytest.mark.parametrize("path", PURE_IMPORT_STEPS)
def test_the_importer_reads_and_parses_without_django(path):
    # Reading an archive and parsing records touch neither Django nor the models; matching and
    # writing are the only steps that do.
    source = ROOT / path
    assert _imports(source, ("django", "rest_framework", "celery")) == set()
    assert {name for name in _imports(source) if not _within(name, "drugs.importers")} == set()


def test_services_import_no_interface():
    for shared in ("advice.services", "advice.text", "advice.publish_checks"):
        assert _violations(shared, INTERFACES) == []


@pytest.mark.parametrize("room", INTERFACES)
def test_each_interface_keeps_to_its_room(room):
    others = tuple(r for r in INTERFACES if r != room)
    allowed = tuple(target for (importer, target) in ALLOWED if importer == room)
    assert _violations(room, others, allowed) == []


def test_the_contract_catches_a_violation(tmp_path):
    # The checker itself: an import inside a function, or a relative one, is still seen.
    (tmp_path / "drugs").mkdir()
    bad = tmp_path / "drugs" / "late.py"
    bad.write_text(
        "def f():\n    from advice.services import advice_for\n    from . import models\n",
        encoding="utf-8",
    )
    imported = _imports(bad, root=tmp_path)
    assert imported >= {"advice.services", "drugs", "drugs.models"}
    graph = {"drugs.late": imported, "advice.web.views": {"advice.api.views"}}
    assert _violations("drugs", ("advice",), graph=graph) == [
        "drugs.late imports advice.services",
        "drugs.late imports advice.services.advice_for",
    ]
    assert _violations("advice.web", ("advice.api",), graph=graph) == [
        "advice.web.views imports advice.api.views"
    ]
