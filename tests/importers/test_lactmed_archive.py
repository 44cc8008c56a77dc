"""import_lactmed on archive-shaped input (issue #14): NCBI's lactmed_NBK501922.tar.gz holds one
BITS ``book-part`` per ``.nxml`` member, with a DOCTYPE, HTML entities, the record id in
``book-part-id``, a revised date, keywords with synonyms, CAS and UNII, and bibr xrefs.

The fixtures in ``tests/importers/lactmed_archive`` are synthetic records in that shape; a helper
packs them into a ``.tar.gz`` like NCBI's (a top-level folder, one member per record).
"""

import datetime as dt
import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command

from drugs.importers import lactmed
from drugs.importers.errors import ImportFileError
from drugs.models import Citation, Drug, Status

# Imports into the curated seed (sertraline and friends are already published).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

ARCHIVE_FIXTURES = Path(__file__).resolve().parent / "lactmed_archive"
SERTRALINE_UNII = "QUC7NX6WMB"


def make_archive(path: Path, members: dict[str, bytes] | None = None) -> Path:
    """A gzipped tar shaped like NCBI's: ``lactmed/<record>.nxml`` members (plus non-XML)."""
    if members is None:
        members = {p.name: p.read_bytes() for p in sorted(ARCHIVE_FIXTURES.glob("*.nxml"))}
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {"license.txt": b"LactMed is public domain.\n", **members}.items():
            info = tarfile.TarInfo(f"lactmed_NBK501922/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def fixture(name: str, **replace: str) -> bytes:
    text = (ARCHIVE_FIXTURES / name).read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text.encode()


def run(path: Path) -> str:
    out = io.StringIO()
    call_command("import_lactmed", str(path), "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_archive_members_parse_with_ids_dates_keywords_sections_and_citations(tmp_path):
    archive = make_archive(tmp_path / "lactmed_NBK501922.tar.gz")
    records = {r.title: r for r in lactmed.load_records(archive)}
    assert set(records) == {
        "Sertraline",
        "Sertraline Lookalike Combination",
        "Synthetic Agent Alpha",
    }
    s = records["Sertraline"]
    assert s.nbk_id == "NBK990001" and s.lm_id == ""  # book-part-id (pmcid), not the book's id
    assert s.url == "https://www.ncbi.nlm.nih.gov/books/NBK990001/"
    assert s.revision_date == dt.date(2025, 3, 15)  # pub-history date-type="revised"
    assert (s.cas, s.unii) == ("79617-96-2", SERTRALINE_UNII)
    assert s.synonyms == ["Zoloft", "Sertralina"]
    assert s.keywords == ["Antidepressive Agents"]  # untyped keywords are kept, never matched
    assert list(s.sections) == [
        "Summary of Use during Lactation",
        "Drug Levels",
        "Effects in Breastfed Infants",
        "Effects on Lactation and Breastmilk",
        "Alternate Drugs to Consider",
    ]
    summary = s.sections["Summary of Use during Lactation"]
    assert summary.startswith("Synthetic test text \u2014 not LactMed.")  # &nbsp; &mdash;
    assert "Milk levels are low.[1] Infants were followed.[2]" in summary  # bibr xrefs
    assert "milk 0.02\u20130.04 mg/L.[1]" in s.sections["Drug Levels"]
    assert [r["label"] for r in s.references] == ["1.", "2."]
    assert s.references[0]["pmid"] == "1"


def test_the_archive_is_streamed_one_member_at_a_time(tmp_path, monkeypatch):
    archive = make_archive(tmp_path / "lactmed_NBK501922.tar.gz")
    modes: list[str] = []
    real_open = tarfile.open

    def spy(*args, **kwargs):
        modes.append(kwargs.get("mode", args[1] if len(args) > 1 else "r"))
        return real_open(*args, **kwargs)

    monkeypatch.setattr(lactmed.archive.tarfile, "open", spy)
    sources = lactmed.iter_sources(archive)
    first = next(sources)  # a generator: the first member arrives before the rest are read
    assert first[0] == "lactmed_NBK501922.tar.gz:lactmed_NBK501922/lookalike.nxml"
    assert modes == ["r|*"]  # stream mode: no seeking, no member index, no full unpack
    assert len(list(sources)) == 2
    seen: list[tuple[int, int]] = []
    lactmed.load_records(archive, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][1] == archive.stat().st_size  # progress in compressed bytes


def test_doctype_is_not_fetched_and_entity_declarations_are_refused(tmp_path):
    # The DOCTYPE names a DTD on the network; parsing works offline and never loads it.
    records = lactmed.parse_document(fixture("sertraline.nxml"), source="s.nxml", first_index=1)
    assert records[0].title == "Sertraline"
    evil = fixture(
        "sertraline.nxml",
        **{'BITS-book2-1.dtd">': 'BITS-book2-1.dtd" [<!ENTITY x SYSTEM "file:///etc/passwd">]>'},
    )
    with pytest.raises(ValueError, match="entity declarations"):
        lactmed.parse_document(evil, source="evil.nxml", first_index=1)


def test_import_attaches_by_name_and_fills_in_the_canonical_citation(tmp_path):
    before = Citation.objects.get(key="sertraline:lactmed")
    assert before.url == "https://www.ncbi.nlm.nih.gov/books/n/lactmed/LM328/"
    archive = make_archive(tmp_path / "a.tar.gz", {"sertraline.nxml": fixture("sertraline.nxml")})
    assert "1 records: 0 created, 1 updated" in run(archive)
    drug = Drug.objects.get(slug="sertraline")
    assert drug.status == Status.DRAFT  # import pending review; published data untouched
    assert drug.source_text["lactmed"]["nbk_id"] == "NBK990001"
    assert drug.source_text["lactmed"]["unii"] == SERTRALINE_UNII
    c = Citation.objects.get(key="sertraline:lactmed")
    assert c.url == "https://www.ncbi.nlm.nih.gov/books/NBK990001/"
    assert (c.nbk_id, c.needs_confirmation) == ("NBK990001", False)
    assert c.title == (
        "Drugs and Lactation Database (LactMed\u00ae) [Internet]. Bethesda (MD): National Institute"
        " of Child Health and Human Development; 2006-. Sertraline. [Updated 2025 Mar 15]."
    )


def test_a_record_link_to_confirm_is_replaced_by_the_record_on_import(tmp_path):
    flagged = Citation.objects.filter(needs_confirmation=True, key="naproxen:lactmed").get()
    drug = Drug.objects.get(slug="naproxen")
    title = drug.name.title()
    member = fixture(
        "newdrug.nxml",
        **{"Synthetic Agent Alpha": title, "<kwd>50-00-0</kwd><kwd>UNII-1HG84L3525</kwd>": ""},
    )
    run(make_archive(tmp_path / "b.tar.gz", {"x.nxml": member}))
    c = Citation.objects.get(key=f"{drug.slug}:lactmed")
    assert c.pk == flagged.pk  # the seeded citation itself, now with the record link
    assert (c.url, c.nbk_id, c.needs_confirmation) == (
        "https://www.ncbi.nlm.nih.gov/books/NBK990003/",
        "NBK990003",
        False,
    )


def test_cas_alone_never_attaches_a_record_to_a_monograph(tmp_path):
    """The reported bug: another title with sertraline's CAS was attached to sertraline."""
    archive = make_archive(tmp_path / "c.tar.gz", {"l.nxml": fixture("lookalike.nxml")})
    output = run(archive)
    assert "1 records: 1 created, 0 updated" in output
    sertraline = Drug.objects.get(slug="sertraline")
    assert "lactmed" not in (sertraline.source_text or {})  # untouched
    new = Drug.objects.get(name="Sertraline Lookalike Combination")
    assert new.status == Status.DRAFT and new.cas_number == "79617-96-2"
    assert "shares CAS 79617-96-2 with sertraline, no name matches" in output


def test_a_name_match_with_a_different_cas_is_refused(tmp_path):
    member = fixture("sertraline.nxml", **{"<kwd>79617-96-2</kwd>": "<kwd>50-00-0</kwd>"})
    with pytest.raises(ImportFileError, match="CAS 50-00-0 differs from the monograph's"):
        lactmed.load_records(make_archive(tmp_path / "d.tar.gz", {"s.nxml": member}))
    assert "lactmed" not in (Drug.objects.get(slug="sertraline").source_text or {})


def test_unii_matches_a_renamed_record_to_the_monograph_imported_before(tmp_path):
    run(make_archive(tmp_path / "e.tar.gz", {"s.nxml": fixture("sertraline.nxml")}))
    renamed = fixture(
        "sertraline.nxml",
        **{
            "<title>Sertraline</title>": "<title>Sertraline Hydrochloride (renamed)</title>",
            "NBK990001": "NBK990009",
            "<year>2025</year></date>\n   </pub-history>": "<year>2026</year></date>\n"
            "   </pub-history>",
            "<kwd>Zoloft</kwd><kwd>Sertralina</kwd>": "<kwd>Renamed synthetic</kwd>",
        },
    )
    records = lactmed.load_records(make_archive(tmp_path / "f.tar.gz", {"s.nxml": renamed}))
    drug_id, how = lactmed.Resolver().resolve(records[0])
    assert (drug_id, how) == (Drug.objects.get(slug="sertraline").pk, "UNII")
