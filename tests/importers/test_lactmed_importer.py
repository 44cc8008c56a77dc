"""import_lactmed: parsing the BITS samples, drafts with attributed text, published monographs
untouched, idempotent re-runs, and malformed input refused with nothing written."""

import datetime as dt
import io
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from drugs import selectors
from drugs.importers import lactmed
from drugs.importers.common import IMPORT_USERNAME, ImportResult
from drugs.importers.errors import ImportFileError
from drugs.models import Citation, Drug, DrugName, ImportJob, Kind, Status
from tests.reliability.db_checksum import curated_checksum, db_state
from tests.samples.generate import (
    SAMPLE_RECORDS,
    book_part_wrapper_xml,
    make_lactmed_archive,
    make_lactmed_xml,
)

# Imports into the curated seed (sertraline and friends are already published).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_lactmed", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def records_in(path: Path) -> list[lactmed.LactMedRecord]:
    found: list[lactmed.LactMedRecord] = []
    for name, data in lactmed.iter_sources(path):
        found += lactmed.parse_document(data, source=name, first_index=len(found) + 1)
    return found


# --- Parsing ------------------------------------------------------------------------------


def test_parses_titles_ids_dates_cas_sections_and_references(samples):
    records = {r.title: r for r in records_in(samples / "lactmed")}
    assert set(records) == {r["title"] for r in SAMPLE_RECORDS}

    sertraline = records["Sertraline"]
    assert sertraline.lm_id == "LM328"
    assert sertraline.revision_date == dt.date(2024, 2, 15)  # pub-history date
    assert sertraline.cas == "79617-96-2"  # kwd-group
    assert list(sertraline.sections) == ["Summary of Use during Lactation", "Drug Levels"]
    assert "Maternal Levels. In a pooled analysis" in sertraline.sections["Drug Levels"]
    assert sertraline.classes == ["Antidepressive Agents", "Serotonin Uptake Inhibitors"]

    gallium = records["Gallium Citrate Ga 67"]  # sections nested under "Drug Levels and Effects"
    assert (gallium.lm_id, gallium.nbk_id) == ("LM665", "NBK501557")
    assert gallium.cas == "41183-64-6"  # from the "Substance Identification" text
    assert gallium.revision_date is None
    assert len(gallium.sections) == 4
    assert "after Ga 67 citrate.[1-4]" in gallium.sections["Summary of Use during Lactation"]
    assert gallium.references[0]["label"] == "1"
    assert gallium.references[0]["text"].startswith("Mattsson S, Johansson L")
    assert gallium.url == "https://www.ncbi.nlm.nih.gov/books/NBK501557/"

    indium = records["Indium In 111 White Blood Cells"]
    assert indium.revision_date == dt.date(2023, 10, 15)  # "Last Revision:" text
    assert indium.pmid == "30000625"
    assert indium.url == "https://www.ncbi.nlm.nih.gov/books/n/lactmed/LM672/"

    i131 = records["Iodohippurate Sodium I 131"]
    assert (i131.nbk_id, i131.pmid, i131.revision_date) == (
        "NBK501564",
        "30000624",
        dt.date(2024, 11, 15),
    )
    i123 = records["Iodohippurate Sodium I 123"]
    assert i123.url == "https://pubmed.ncbi.nlm.nih.gov/30000619/"


def test_directory_and_archive_give_the_same_records(samples):
    by_dir = {r.title: r.sha256 for r in records_in(samples / "lactmed")}
    by_tar = {r.title: r.sha256 for r in records_in(samples / "lactmed_sample.tar.gz")}
    assert by_dir == by_tar


def test_parser_is_namespace_agnostic():
    plain = book_part_wrapper_xml(SAMPLE_RECORDS[0])
    namespaced = plain.replace(
        "<book-part-wrapper ", '<book-part-wrapper xmlns="http://example.org/bits-test" ', 1
    )
    prefixed = plain.replace("<book-part ", '<b:book-part xmlns:b="urn:x" ', 1).replace(
        "</book-part>", "</b:book-part>"
    )
    hashes = {
        lactmed.parse_document(xml.encode(), source="x.nxml", first_index=1)[0].sha256
        for xml in (plain, namespaced)
    }
    assert len(hashes) == 1
    # A prefixed book-part is still found by its local name.
    (record,) = lactmed.parse_document(prefixed.encode(), source="x.nxml", first_index=1)
    assert record.title == "Sertraline"


def test_html_entities_parse_and_entity_declarations_are_refused():
    xml = book_part_wrapper_xml(SAMPLE_RECORDS[0]).replace("Sertraline<", "Sertraline&nbsp;<", 1)
    (record,) = lactmed.parse_document(xml.encode(), source="a.nxml", first_index=1)
    assert record.title == "Sertraline"
    bomb = xml.replace(
        "<book-part-wrapper", '<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<book-part-wrapper', 1
    )
    with pytest.raises(ValueError, match=r"record 7 \(b.nxml 'Sertraline'\).*entity"):
        lactmed.parse_document(bomb.encode(), source="b.nxml", first_index=7)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("<title>Sertraline</title>", "<title></title>"), "no title"),
        (("Summary of Use during Lactation", "Other Heading"), None),
        (("<kwd>79617-96-2</kwd>", "<kwd>79617-96-3</kwd>"), "check digit"),
        (("<month>02</month>", "<month>13</month>"), "unreadable date"),
        (("<year>2024</year>", "<year>2099</year>"), "in the future"),
    ],
)
def test_invalid_records_are_named(change, message):
    xml = book_part_wrapper_xml(SAMPLE_RECORDS[0]).replace(*change)
    if message is None:  # no known section left -> refused, the unknown one is named
        xml = xml.replace("<title>Drug Levels</title>", "<title>Something Else</title>")
        message = "no known LactMed section"
    with pytest.raises(ValueError, match=rf"record 3 \(s.nxml.*{message}"):
        lactmed.parse_document(xml.encode(), source="s.nxml", first_index=3)


# --- Import -------------------------------------------------------------------------------


def test_import_creates_drafts_with_attributed_text(samples):
    output = run(str(samples / "lactmed"))
    assert "6 records: 3 created, 3 updated, 0 unchanged" in output

    i131 = Drug.objects.get(name="Iodohippurate Sodium I 131")
    assert i131.status == Status.DRAFT
    assert i131.published_data is None
    assert i131.kind == Kind.RADIOPHARMACEUTICAL
    assert i131.summary == ""  # LactMed text is source material, never our summary
    assert i131.lactmed_revision_date == dt.date(2024, 11, 15)
    source = i131.source_text["lactmed"]
    assert source["attribution"] == (
        "LactMed, NICHD/NLM, public domain; LactMed is a registered trademark of HHS"
    )
    assert (source["nbk_id"], source["pmid"], source["revision_date"]) == (
        "NBK501564",
        "30000624",
        "2024-11-15",
    )
    assert source["sections"]["Summary of Use during Lactation"].startswith(
        "Information in this record refers to the use of iodohippurate sodium I 131"
    )
    assert len(source["sha256"]) == 64
    assert DrugName.objects.filter(drug=i131, kind="generic").count() == 1

    citation = Citation.objects.get(key=f"{i131.slug}:lactmed")
    assert citation.kind == "lactmed"
    assert citation.url == "https://www.ncbi.nlm.nih.gov/books/NBK501564/"
    assert citation.pmid == "30000624"
    assert citation.revision_date == dt.date(2024, 11, 15)

    # Attributed to the import account: a curator, not a reviewer.
    last = i131.history.latest()
    assert last.history_user.username == IMPORT_USERNAME
    groups = set(last.history_user.groups.values_list("name", flat=True))
    assert groups == {"curator"}
    assert not last.history_user.has_usable_password()

    job = ImportJob.objects.get(kind="lactmed")
    assert (job.status, job.processed, job.total, job.created, job.updated) == (
        "done",
        6,
        6,
        3,
        3,
    )
    # Not visible to clinicians: drafts never published.
    assert not selectors.published_drugs().filter(pk=i131.pk).exists()


def test_published_monograph_is_not_changed_for_clinicians(samples):
    before = Drug.objects.get(slug="sertraline")
    assert before.status == Status.PUBLISHED
    snapshot = before.published_data
    visible_before = set(selectors.published_drugs().values_list("slug", flat=True))

    run(str(samples / "lactmed"))

    after = Drug.objects.get(slug="sertraline")
    assert after.published_data == snapshot  # what clinicians, the API and the engine read
    assert after.published_revision == before.published_revision
    assert after.status == Status.DRAFT  # working copy: import pending review
    assert after.approved_by is None
    assert after.last_edited_by.username == IMPORT_USERNAME
    assert after.source_text["lactmed"]["lm_id"] == "LM328"
    assert after.source_text.get("seed_sha256") == before.source_text.get("seed_sha256")
    assert after.history.latest().history_change_reason.endswith("import pending review")
    assert set(selectors.published_drugs().values_list("slug", flat=True)) == visible_before
    citation = Citation.objects.get(key="sertraline:lactmed")
    assert citation.url == "https://www.ncbi.nlm.nih.gov/books/n/lactmed/LM328/"


def test_reimport_creates_no_duplicates_and_changes_nothing(samples):
    run(str(samples / "lactmed"))
    counts, checksum = db_state()
    output = run(str(samples / "lactmed_sample.tar.gz"))  # same records, shipped as a tarball
    assert "6 records: 0 created, 0 updated, 6 unchanged" in output
    counts_after, checksum_after = db_state()
    assert checksum_after == checksum
    counts_after.pop("drugs_importjob")
    counts.pop("drugs_importjob")
    assert counts_after == counts
    assert Drug.objects.filter(name__startswith="Iodohippurate Sodium").count() == 3


def test_changed_record_updates_its_draft_and_older_revision_is_skipped(samples, tmp_path):
    run(str(samples / "lactmed"))
    record = dict(SAMPLE_RECORDS[3], revision=("2025", "01", "10"))
    record["sections"] = {
        "Summary of Use during Lactation": [
            *SAMPLE_RECORDS[3]["sections"]["Summary of Use during Lactation"]
        ],
        "Effects in Breastfed Infants": [lactmed_not_found()],
    }
    (tmp_path / "new.nxml").write_text(book_part_wrapper_xml(record))
    assert "1 updated" in run(str(tmp_path / "new.nxml"))
    drug = Drug.objects.get(name="Iodohippurate Sodium I 131")
    assert drug.lactmed_revision_date == dt.date(2025, 1, 10)
    assert "Effects in Breastfed Infants" in drug.source_text["lactmed"]["sections"]

    older = dict(SAMPLE_RECORDS[3], revision=("2020", "01", "01"))
    (tmp_path / "new.nxml").write_text(book_part_wrapper_xml(older))
    output = run(str(tmp_path / "new.nxml"))
    assert "1 skipped" in output and "older than the revision 2025-01-10" in output
    drug.refresh_from_db()
    assert drug.lactmed_revision_date == dt.date(2025, 1, 10)


def lactmed_not_found() -> str:
    return "Relevant published information was not found as of the revision date."


def test_records_match_by_synonym_and_ambiguity_is_refused(samples, tmp_path):
    target = Drug.objects.create(name="OIH I-131 test", slug="oih-i131-test", status="draft")
    DrugName.objects.create(drug=target, name="Iodohippurate Sodium I 131", kind="synonym")
    shutil.copy(samples / "lactmed" / "iodohippurate_sodium_i131.nxml", tmp_path / "a.nxml")
    run(str(tmp_path / "a.nxml"))
    target.refresh_from_db()
    assert target.source_text["lactmed"]["nbk_id"] == "NBK501564"
    assert not Drug.objects.filter(name="Iodohippurate Sodium I 131").exists()

    other = Drug.objects.create(name="Look-alike", slug="look-alike", status="draft")
    DrugName.objects.create(drug=other, name="Iodohippurate Sodium I 123", kind="synonym")
    third = Drug.objects.create(name="Look-alike 2", slug="look-alike-2", status="draft")
    DrugName.objects.create(drug=third, name="iodohippurate sodium i-123", kind="synonym")
    shutil.copy(samples / "lactmed" / "iodohippurate_sodium_i123.nxml", tmp_path / "b.nxml")
    with pytest.raises(CommandError, match=r"several monographs.*look-alike, look-alike-2"):
        run(str(tmp_path / "b.nxml"))


def test_duplicate_records_in_one_import_are_refused(samples, tmp_path):
    for name in ("one.nxml", "two.nxml"):
        shutil.copy(samples / "lactmed" / "iodohippurate_sodium_i125.nxml", tmp_path / name)
    counts, checksum = db_state()
    with pytest.raises(CommandError, match=r"record 2 \(two.nxml.*duplicates record 1"):
        run(str(tmp_path))
    assert db_state() == (counts, checksum)


def test_malformed_record_is_named_and_nothing_is_written(samples):
    counts, checksum = db_state()
    with pytest.raises(CommandError) as excinfo:
        run(str(samples / "lactmed_malformed"))
    message = str(excinfo.value)
    assert "Nothing was imported" in message
    assert "iodohippurate_sodium_i123.nxml 'Iodohippurate Sodium I 123'" in message
    assert "not well-formed" in message
    assert db_state() == (counts, checksum)


def test_truncated_archive_is_named_and_nothing_is_written(samples):
    counts, checksum = db_state()
    with pytest.raises(CommandError) as excinfo:
        run(str(samples / "lactmed_truncated.tar.gz"))
    message = str(excinfo.value)
    assert "lactmed_truncated.tar.gz" in message and "truncated" in message
    assert "last complete member: lactmed/" in message
    assert db_state() == (counts, checksum)


def test_archive_cut_in_its_gzip_trailer_is_refused(samples, tmp_path):
    data = (samples / "lactmed_sample.tar.gz").read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(data[:-4])  # the records are intact; the gzip size field is missing
    with pytest.raises(ImportFileError, match=r"cut\.tar\.gz: archive is truncated or corrupt"):
        lactmed.load_records(cut)


def test_archive_member_with_bad_xml_is_named(tmp_path):
    archive = tmp_path / "lactmed_NBK501922.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for i, text in enumerate([book_part_wrapper_xml(SAMPLE_RECORDS[5]), "<book-part-wrapper>"]):
            data = text.encode()
            info = tarfile.TarInfo(f"lactmed/r{i}.nxml")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(ImportFileError, match=r"record 2 \(lactmed_NBK501922.tar.gz:lactmed/r1"):
        lactmed.load_records(archive)


def test_multi_record_xml_file_and_generated_archive(tmp_path):
    (tmp_path / "book.xml").write_text(make_lactmed_xml(12))
    assert "12 records: 12 created" in run(str(tmp_path / "book.xml"))
    archive = make_lactmed_archive(tmp_path / "lactmed_NBK501922.tar.gz", 15)
    # Records 1-12 are already imported (same content): only 13-15 are new.
    assert "15 records: 3 created, 0 updated, 12 unchanged" in run(str(archive))
    drug = Drug.objects.get(name="Synthetic Agent 00010")
    assert drug.source_text["lactmed"]["tables"]["Summary of Use during Lactation"]
    assert drug.status == Status.DRAFT


def test_dry_run_validates_only(samples):
    counts, checksum = db_state()
    assert "6 records valid" in run(str(samples / "lactmed"), "--dry-run")
    assert db_state() == (counts, checksum)


def test_missing_path_and_unsupported_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.nxml"))
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(CommandError, match=r"expected a \.nxml/\.xml file"):
        run(str(tmp_path / "notes.txt"))


def test_write_errors_roll_back_the_whole_import(samples, monkeypatch):
    counts, checksum = db_state()
    calls = {"n": 0}
    original = lactmed.writes._write_one

    def failing(record, result, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise ValueError("simulated database refusal")
        return original(record, result, **kwargs)

    monkeypatch.setattr(lactmed.writes, "_write_one", failing)
    with pytest.raises(CommandError, match=r"record 4 .*simulated database refusal"):
        run(str(samples / "lactmed"))
    assert db_state() == (counts, checksum)


def test_import_result_summary_lists_warnings():
    result = ImportResult(total=2, created=1, unchanged=1, warnings=["record 2: no revision date"])
    assert result.summary("records").endswith("1 warning(s):\nrecord 2: no revision date")


def test_record_older_than_the_seed_revision_does_not_touch_the_monograph(tmp_path):
    drug = Drug.objects.get(slug="sertraline")  # seed holds LactMed revision 2024-02-15
    older = dict(SAMPLE_RECORDS[0], revision=("2019", "05", "01"))
    (tmp_path / "old.nxml").write_text(book_part_wrapper_xml(older))
    checksum = curated_checksum()
    assert "1 skipped" in run(str(tmp_path / "old.nxml"))
    assert curated_checksum() == checksum
    drug.refresh_from_db()
    assert drug.status == Status.PUBLISHED


def test_url_is_downloaded_to_a_temporary_file(samples, monkeypatch):
    """The URL branch, offline: urlopen is replaced by the sample archive's bytes."""
    from drugs.importers import common

    payload = (samples / "lactmed_sample.tar.gz").read_bytes()
    seen = {}

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()

    def fake_urlopen(request, timeout):
        seen["url"] = request.full_url
        return Response(payload)

    monkeypatch.setattr(common.urllib.request, "urlopen", fake_urlopen)
    url = "https://ftp.ncbi.nlm.nih.gov/pub/litarch/90/6c/lactmed_NBK501922.tar.gz"
    assert "6 records: 3 created, 3 updated" in run(url)
    assert seen["url"] == url
    assert ImportJob.objects.get(kind="lactmed").source == url
    with pytest.raises(ImportFileError, match="only http"):
        common.download("file:///etc/passwd")


def test_progress_bar_is_shown_on_the_command_line(samples):
    err = io.StringIO()
    call_command("import_lactmed", str(samples / "lactmed"), stdout=io.StringIO(), stderr=err)
    assert "lactmed validate [" in err.getvalue()
    assert "lactmed import [##############################] 6/6 (100%)" in err.getvalue()


def test_import_jobs_are_visible_to_curators_in_the_admin(samples, client, curator):
    run(str(samples / "lactmed"))
    client.force_login(curator)
    response = client.get("/admin/drugs/importjob/")
    assert response.status_code == 200
    assert "lactmed" in response.content.decode()
    job = ImportJob.objects.get(kind="lactmed")
    assert client.get(f"/admin/drugs/importjob/{job.pk}/change/").status_code == 200


def test_import_account_that_became_a_reviewer_is_refused(samples):
    from django.contrib.auth.models import Group

    from drugs.importers.common import import_user

    user = import_user()
    user.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    counts, checksum = db_state()
    with pytest.raises(CommandError, match="must not be a reviewer"):
        run(str(samples / "lactmed"))
    assert db_state() == (counts, checksum)
