"""Curated text is in our own words (issue #14): no run of 10 or more consecutive words shared with
the verbatim LactMed text the project holds.

Verbatim LactMed text: ``fixtures/sources/lactmed/lactmed_record_excerpts.json`` (NLM pages,
public domain) and the real record text used by the importer samples
(``tests/samples/generate.py``). ``lactmed_facts.jsonl`` is not LactMed text but the data
assemblers' short paraphrases, so curated text may reuse it.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from tests.fixtures_build.test_build_seed import FIXTURES, ROOT

RUN = 10
WORD_RE = re.compile(r"[a-z0-9]+(?:[.'\u2019-][a-z0-9]+)*")


def words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v)


def sample_record_text() -> list[str]:
    """String constants of tests/samples/generate.py (read without importing Django)."""
    tree = ast.parse((ROOT / "tests" / "samples" / "generate.py").read_text(encoding="utf-8"))
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def lactmed_text() -> list[str]:
    texts: list[str] = []
    for path in sorted((FIXTURES / "sources" / "lactmed").glob("*.json")):
        texts += strings(json.loads(path.read_text(encoding="utf-8")))
    return texts + sample_record_text()


def ngrams(texts: Iterable[str], n: int = RUN) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for text in texts:
        w = words(text)
        grams.update(tuple(w[i : i + n]) for i in range(len(w) - n + 1))
    return grams


def shared_runs(text: str, grams: set[tuple[str, ...]], n: int = RUN) -> list[str]:
    w = words(text)
    return [" ".join(w[i : i + n]) for i in range(len(w) - n + 1) if tuple(w[i : i + n]) in grams]


def curated_text() -> Iterator[tuple[str, str]]:
    """(where, text) for summaries, guidance rationales and effect descriptions."""
    for path in sorted((FIXTURES / "curated").glob("*.json")):
        if path.name == "citations.json":
            continue
        for e in json.loads(path.read_text(encoding="utf-8")):
            where = f"{path.name}: {e['name']}"
            if e.get("summary"):
                yield f"{where}: summary", e["summary"]
            for g in e.get("guidance") or []:
                yield f"{where}: guidance {g.get('key')}", g.get("rationale") or ""
            for section in ("infant_effects", "lactation_effects"):
                for i, x in enumerate(e.get(section) or []):
                    yield f"{where}: {section}[{i}]", x.get("description") or ""


@pytest.fixture(scope="module")
def grams() -> set[tuple[str, ...]]:
    g = ngrams(lactmed_text())
    assert len(g) > 1000  # the excerpts and sample records were read
    return g


def test_no_curated_sentence_repeats_ten_words_of_lactmed(grams: set[tuple[str, ...]]) -> None:
    copied = {
        where: runs[0] for where, text in curated_text() if (runs := shared_runs(text, grams))
    }
    assert copied == {}


def test_the_check_finds_a_copied_run(grams: set[tuple[str, ...]]) -> None:
    excerpt = next(t for t in lactmed_text() if len(words(t)) > 40)
    copied = "Our note: " + " ".join(words(excerpt)[5:16]) + " (paraphrase it)."
    assert shared_runs(copied, grams)
    nine = " ".join(words(excerpt)[5:14])
    assert not shared_runs(f"x {nine} y", grams)


def test_the_two_reported_sentences_are_rewritten() -> None:
    texts = dict(curated_text())
    mino = next(t for w, t in texts.items() if "minocycline:lactmed-prolonged" in w)
    assert "as a theoretical precaution avoid prolonged or repeat courses" not in " ".join(
        words(mino)
    )
    pred = [t for w, t in texts.items() if "prednisolone: infant_effects" in w]
    assert pred and not any(
        "in breastfed infants with maternal use of any corticosteroid" in " ".join(words(t))
        for t in pred
    )
