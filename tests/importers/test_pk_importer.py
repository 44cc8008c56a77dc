"""import_pk: PK values with their sources into drafts; bad lines named, nothing written."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from drugs.importers.common import IMPORT_USERNAME
from drugs.models import Citation, Drug, ImportJob, PKValue, Status
from tests.reliability.db_checksum import db_state
from tests.samples.generate import make_lactmed_xml

# Imports into the curated seed (sertraline and friends are already published).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

HEADER = "drug,parameter,value,low,high,unit,citation_key,url,pmid,doi,verified,note\n"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_pk", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text(HEADER + "".join(line + "\n" for line in lines))
    return path


@pytest.fixture
def synthetic_draft(tmp_path) -> Drug:
    """A draft made by the LactMed importer (a synthetic agent: test values are not clinical)."""
    (tmp_path / "one.xml").write_text(make_lactmed_xml(1))
    call_command("import_lactmed", str(tmp_path / "one.xml"), "--no-progress", stdout=io.StringIO())
    return Drug.objects.get(name="Synthetic Agent 00001")


def test_sample_with_seed_values_changes_nothing(samples):
    state = db_state()
    output = run(str(samples / "pk" / "pk_values.csv"))
    assert "5 lines: 0 created, 0 updated, 5 unchanged" in output
    counts, checksum = db_state()
    assert checksum == state[1]
    counts.pop("drugs_importjob")
    state[0].pop("drugs_importjob")
    assert counts == state[0]
    assert Drug.objects.get(slug="metoprolol").status == Status.PUBLISHED


def test_creates_values_with_sources_in_a_draft_and_is_idempotent(synthetic_draft, tmp_path):
    csv = write_csv(
        tmp_path / "pk.csv",
        "Synthetic Agent 00001,half_life_h,90,60,120,min,,,12345678,,true,test value",
        f"{synthetic_draft.slug},vd,1200,,,mL/kg,,https://example.org/pk,,,false,",
        "synthetic agent 00001,protein_binding,0.4,,,fraction,obach2008,,,,true,",
        "Synthetic Agent 00001,mp_ratio,0.5,,,,,,,10.1000/XYZ.1,true,",
    )
    assert "4 lines: 4 created, 0 updated, 0 unchanged" in run(str(csv))
    values = {v.parameter: v for v in synthetic_draft.pk_values.select_related("citation")}
    half_life = values["half_life_h"]
    assert (half_life.value, half_life.low, half_life.high) == (1.5, 1.0, 2.0)  # minutes -> h
    assert half_life.citation.key == "pmid:12345678"
    assert half_life.citation.kind == "pubmed" and half_life.verified
    assert values["vd_l_per_kg"].value == 1.2
    assert values["vd_l_per_kg"].citation.url == "https://example.org/pk"
    assert not values["vd_l_per_kg"].verified
    assert values["protein_binding_pct"].value == 40.0
    assert values["protein_binding_pct"].citation.key == "obach2008"
    assert values["mp_ratio"].citation.key == "doi:10.1000/xyz.1"
    assert half_life.history.latest().history_user.username == IMPORT_USERNAME
    synthetic_draft.refresh_from_db()
    assert synthetic_draft.status == Status.DRAFT

    counts, checksum = db_state()
    assert "4 lines: 0 created, 0 updated, 4 unchanged" in run(str(csv))
    counts_after, checksum_after = db_state()
    assert checksum_after == checksum
    assert counts_after["drugs_pkvalue"] == counts["drugs_pkvalue"]
    assert counts_after["drugs_citation"] == counts["drugs_citation"]


def test_changed_value_moves_published_working_copy_to_draft_only(tmp_path):
    drug = Drug.objects.get(slug="metoprolol")
    snapshot = drug.published_data
    csv = write_csv(
        tmp_path / "pk.csv",
        "metoprolol,half_life_h,3.6,3.0,4.2,h,obach2008,,,,true,test range (not clinical)",
    )
    assert "1 updated" in run(str(csv))
    drug.refresh_from_db()
    assert drug.published_data == snapshot
    assert drug.status == Status.DRAFT
    assert drug.last_edited_by.username == IMPORT_USERNAME
    value = drug.pk_values.get(parameter="half_life_h")
    assert (value.low, value.high) == (3.0, 4.2)
    assert PKValue.objects.filter(drug=drug, parameter="half_life_h").count() == 1


def test_bad_lines_are_named_and_nothing_is_written(samples):
    counts, checksum = db_state()
    with pytest.raises(CommandError) as excinfo:
        run(str(samples / "pk" / "pk_bad_lines.csv"))
    message = str(excinfo.value)
    assert "Nothing was imported" in message
    assert "pk_bad_lines.csv line 3 (citalopram): bioavailability 150 is outside 0-100 %" in message
    assert "line 4 (paroxetine): unknown parameter 'clearance_ml_min_kg'" in message
    assert "line 5 (notadrugamine): unknown drug 'notadrugamine'" in message
    assert "line 2" not in message
    assert db_state() == (counts, checksum)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("sertraline,half_life_h,-2,,,h,obach2008,,,,true,", "half_life_h -2 must be positive"),
        ("sertraline,half_life_h,2,3,1,h,obach2008,,,,true,", "low 3 is above high 1"),
        ("sertraline,half_life_h,5,1,3,h,obach2008,,,,true,", "outside its range"),
        ("sertraline,half_life_h,2,,,kg,obach2008,,,,true,", "unit 'kg' not accepted"),
        ("sertraline,half_life_h,abc,,,h,obach2008,,,,true,", "value 'abc' is not a number"),
        ("sertraline,half_life_h,nan,,,h,obach2008,,,,true,", "not a finite number"),
        ("sertraline,half_life_h,2,,,h,,,,,true,", "a verified value needs a citation"),
        ("sertraline,half_life_h,2,,,h,nokey,,,,true,", "unknown citation_key 'nokey'"),
        ("sertraline,half_life_h,2,,,h,,,12a,,false,", "pmid '12a' is not a number"),
        ("sertraline,half_life_h,2,,,h,,ftp://x,,,false,", "not a valid http(s) URL"),
        ("sertraline,half_life_h,2,,,h,obach2008,,,,maybe,", "verified 'maybe'"),
        ("sertraline,half_life_h,2,,,h,obach2008,,,,true,,extra", "more cells than columns"),
    ],
)
def test_each_bad_value_is_reported_with_its_line(tmp_path, line, message):
    csv = write_csv(tmp_path / "pk.csv", "citalopram,half_life_h,33,,,h,obach2008,,,,true,", line)
    with pytest.raises(CommandError, match="line 3") as excinfo:
        run(str(csv))
    assert message in str(excinfo.value)


def test_duplicate_lines_and_bad_header(tmp_path):
    csv = write_csv(
        tmp_path / "pk.csv",
        "sertraline,half_life_h,20,,,h,obach2008,,,,true,",
        "Sertraline,half-life,21,,,h,obach2008,,,,true,",
    )
    with pytest.raises(CommandError, match=r"line 3 \(sertraline\): duplicates line 2"):
        run(str(csv))
    (tmp_path / "h.csv").write_text("drug,param,value\nsertraline,half_life_h,2\n")
    with pytest.raises(CommandError, match=r"missing column.*parameter.*unknown column.*param"):
        run(str(tmp_path / "h.csv"))


def test_quoted_newlines_keep_physical_line_numbers(tmp_path):
    (tmp_path / "pk.csv").write_text(
        HEADER
        + 'citalopram,half_life_h,33,,,h,obach2008,,,,true,"two\nlines"\n'
        + "sertraline,half_life_h,-1,,,h,obach2008,,,,true,\n"
    )
    with pytest.raises(CommandError, match=r"line 4 \(sertraline\)"):
        run(str(tmp_path / "pk.csv"))


def test_async_pk_import_with_eager_tasks(synthetic_draft, tmp_path, eager_celery):
    csv = write_csv(
        tmp_path / "pk.csv",
        "Synthetic Agent 00001,half_life_h,2,,,h,obach2008,,,,false,",
        "Synthetic Agent 00001,mw_da,300,,,g/mol,obach2008,,,,false,",
    )
    output = run(str(csv), "--async", "--batch-size", "1")
    job = ImportJob.objects.filter(kind="pk").latest("pk")
    assert f"Import job {job.pk} enqueued" in output
    assert (job.status, job.processed, job.total, job.created) == ("done", 2, 2, 2)
    assert synthetic_draft.pk_values.count() == 2
    assert Citation.objects.filter(key="obach2008").count() == 1
