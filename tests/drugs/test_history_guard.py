"""No code path may bypass django-simple-history on curated models.

QuerySet.update(), bulk_update() and raw SQL writes skip model saves, so history would miss
the change. This walks the application code (not tests or migrations) and fails on them.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ("drugs", "advice", "lactmed")
CURATED = {
    "Drug",
    "DrugName",
    "PKValue",
    "MilkStudy",
    "InfantEffect",
    "LactationEffect",
    "Guidance",
    "Alternative",
    "Citation",
    "CombinationProduct",
}


def _python_files():
    for name in APP_DIRS:
        for path in (ROOT / name).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else None


def test_no_queryset_update_on_curated_models():
    offenders = []
    for path in _python_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in ("update", "bulk_update", "raw"):
                continue
            chain = ast.unparse(node.func.value)
            on_queryset = ".objects" in chain or "_set" in chain or chain.endswith(".history")
            curated = _root_name(node.func.value) in CURATED or node.func.attr == "bulk_update"
            if on_queryset and curated:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {chain}")
    assert offenders == []


def test_guard_catches_an_update_call(tmp_path):
    sample = "Drug.objects.filter(slug='x').update(summary='y')\n"
    tree = ast.parse(sample)
    call = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "update"
    )
    assert _root_name(call.func.value) == "Drug"
