"""manage.py coverage_report: each listed name resolved by the one resolver, with totals."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from drugs.management.commands.coverage_report import read_names

LISTS = Path(settings.BASE_DIR) / "fixtures" / "coverage"

# The lists are measured against the curated seed.
pytestmark = pytest.mark.usefixtures("seeded")


def report(*args: str) -> str:
    out = io.StringIO()
    call_command("coverage_report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_each_name_is_covered_flagged_or_not_found_with_totals(tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text(
        "# a header naming the source\n"
        "sertraline\n"
        "Zoloft  # a brand counts: it is one of sertraline's own names\n"
        "\n"
        "sertralin\n"
        "SSRI\n"
        "xylotrombine\n"
        "sertraline\n",
        encoding="utf-8",
    )
    text = report(str(names))
    assert f"== {names}: 5 names\n" in text
    assert "covered: 2 (40.0 %)\n" in text
    # A misspelling resolves, but to a name that is not the one listed: flagged, not covered.
    assert "resolved to another drug: 1 (20.0 %)\n  sertralin -> sertraline  [Showing" in text
    assert "not found: 2 (40.0 %)\n" in text
    assert "  SSRI  [class; suggests " in text  # a class lists members: no single answer
    assert "  xylotrombine  [not found" in text


@pytest.mark.django_db
def test_a_combination_by_its_generic_names_is_covered(tmp_path: Path) -> None:
    names = tmp_path / "combos.txt"
    names.write_text("hydrocodone/acetaminophen\nlosartan/hctz\n", encoding="utf-8")
    text = report(str(names))
    assert "covered: 2 (100.0 %)\n" in text


@pytest.mark.django_db
def test_the_projects_required_list_is_fully_covered() -> None:
    text = report(str(LISTS / "lactrx_required.txt"), "--list", "5")
    total = len(read_names(LISTS / "lactrx_required.txt"))
    assert total > 300
    assert f"covered: {total} (100.0 %)\n" in text
    assert "not found: 0 (0.0 %)" in text


def test_every_committed_list_names_its_source() -> None:
    lists = sorted(LISTS.glob("*.txt"))
    assert lists
    for path in lists:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# Source: "), path.name
        assert read_names(path), path.name


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        report(str(tmp_path / "absent.txt"))
