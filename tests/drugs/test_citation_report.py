"""manage.py citation_report: counts by kind and host, flagged sources, monographs to review."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from drugs.models import Citation, PKValue

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed" / "monographs.json"


def report(*args: str) -> str:
    out = io.StringIO()
    call_command("citation_report", *args, stdout=out)
    return out.getvalue()


def test_published_seed_has_no_disallowed_host_and_counts_the_flags() -> None:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    text = report("--seed", str(SEED), "--top", "400")
    flagged = sum(1 for c in seed["citations"] if c["needs_confirmation"])
    lactmed = sum(1 for c in seed["citations"] if c["kind"] == "lactmed")
    assert f"Citations: {len(seed['citations'])}\n" in text
    assert "Disallowed hosts: 0 (0 citations)" in text
    assert "Citations breaking the policy: 0" in text
    assert f"LactMed citations: {lactmed}; flagged 'record link to confirm': {flagged}" in text
    assert f"  {lactmed:5d}  lactmed" in text  # by kind
    unlinked = sum(
        1 for d in seed["drugs"] for p in d["pk"] if not p["verified"] and not p["citation"]
    )
    assert f"without a source link: {unlinked}" in text
    # brexanolone's PK came from Wikipedia copies: listed for a curator, with the reason.
    assert "  brexanolone: unverified PK value without a source link x4" in text


def test_a_mirror_is_named_with_its_host_and_its_monograph(tmp_path: Path) -> None:
    seed = {
        "citations": [
            {"key": "x:lactmed", "kind": "lactmed", "title": "X (LactMed text on drugs.com)",
             "url": "https://www.drugs.com/breastfeeding/x.html", "needs_confirmation": False},
            {"key": "y:lactmed", "kind": "lactmed",
             "title": "Drugs and Lactation Database (LactMed\u00ae) [Internet]. Bethesda (MD): "
             "National Institute of Child Health and Human Development; 2006-. Y.",
             "url": "https://www.ncbi.nlm.nih.gov/books/NBK501922/", "needs_confirmation": True},
        ],
        "drugs": [
            {"slug": "x", "citations": ["x:lactmed"], "pk": []},
            {"slug": "y", "citations": ["y:lactmed"],
             "pk": [{"parameter": "half_life_h", "verified": True, "citation": "obach2008"}]},
            {"slug": "z", "citations": [], "pk": []},
        ],
    }  # fmt: skip
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed), encoding="utf-8")
    text = report("--seed", str(path))
    assert "Disallowed hosts: 1 (1 citations)\n      1  drugs.com" in text
    assert "  x:lactmed: host 'drugs.com' is not an authoritative source" in text
    assert "flagged 'record link to confirm': 1" in text
    assert "Monographs a curator must look at: 2 of 3" in text
    assert "  x: citation breaks the policy x1" in text
    assert "  y: LactMed record link to confirm x1" in text
    assert "  z:" not in text


@pytest.mark.django_db
def test_database_report_reads_the_seeded_citations(seeded) -> None:
    text = report()
    flagged = Citation.objects.filter(needs_confirmation=True).count()
    assert flagged > 100  # the loader carried the flag from the seed
    assert Citation.objects.filter(nbk_id="NBK500986", key="ibuprofen:lactmed").exists()
    assert f"Citations: {Citation.objects.count()}\n" in text
    assert f"flagged 'record link to confirm': {flagged}" in text
    unlinked = PKValue.objects.filter(verified=False, citation__isnull=True).count()
    assert f"without a source link: {unlinked}" in text
    assert "Disallowed hosts: 0 (0 citations)" in text
