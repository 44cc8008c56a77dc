"""Drug page, adjusted verdict, unknown drugs and scenario validation."""

import datetime

import pytest
from django.utils import timezone

from drugs.models import Drug
from tests.web.web_helpers import age_sensitive_drug, single_dose_interrupt, text

pytestmark = pytest.mark.django_db


def test_drug_page_shows_default_verdict_and_monograph(client, seeded):
    response = client.get("/drugs/sertraline/")
    assert response.status_code == 200
    page = text(response)
    assert "Sertraline" in page
    assert "Zoloft" in page  # brands
    assert 'data-verdict="' in response.content.decode()
    assert "term infant over 2 months (assumed)" in page
    for heading in (
        "Adjust for this patient",
        "Why",
        "The arithmetic, with this patient's numbers",
        "The numbers",
        "Key facts",
        "Pharmacokinetics",
        "Milk-level studies",
        "Effects in breastfed infants",
        "Effects on lactation and milk supply",
        "Guidance",
        "References",
        "Last reviewed",
    ):
        assert heading in page, heading
    # Rule ids and versions only inside the technical-details disclosure.
    assert "Rules that fired" in page
    assert "engine 1." in page or "engine " in page


def test_drug_page_marks_unverified_values_and_links_sources(client, seeded):
    data = Drug.objects.get(slug="sertraline").published_data
    response = client.get("/drugs/sertraline/")
    html = response.content.decode()
    if any(not v["verified"] for v in data["pk"]):
        assert 'class="badge unverified"' in html
    for citation in data["citations"]:
        if citation.get("link"):
            assert citation["link"].replace("&", "&amp;") in html
        assert f'id="ref-{citation["key"]}"' in html


def test_adjusted_verdict_changes_with_infant_age(client, seeded):
    slug, default, newborn = age_sensitive_drug()
    before = client.get(f"/drugs/{slug}/")
    after = client.get(f"/drugs/{slug}/advice", {"infant_age_days": "10"})
    assert after.status_code == 200
    assert f'data-verdict="{default}"' in before.content.decode()
    assert f'data-verdict="{newborn}"' in after.content.decode()
    assert "infant 10 days old" in text(after)
    assert "verdict for your scenario" in text(after)


def test_single_dose_interrupt_shows_hours_resume_time_and_chart(client, seeded):
    slug, data, hours = single_dose_interrupt()
    response = client.get(f"/drugs/{slug}/advice", {**data, "dose_time": "2026-11-28T10:00"})
    assert response.status_code == 200
    page = text(response)
    assert "Interrupt breastfeeding" in page
    assert f"{hours:g} hour" in page
    resume = datetime.datetime(2026, 11, 28, 10, 0) + datetime.timedelta(hours=hours)
    assert f"Feeding can resume at {resume:%H:%M}" in page
    html = response.content.decode()
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert f"Resume at {hours:g} h" in html
    assert "Acceptable level" in html


def test_verdict_without_parameters_is_the_default(client, seeded):
    response = client.get("/drugs/sertraline/advice")
    assert response.status_code == 200
    assert "typical dose" in text(response) or "dose not given" in text(response)


@pytest.mark.parametrize(
    ("params", "label", "message"),
    [
        ({"dose_mg": "abc"}, "Dose (mg per dose)", "Enter a number."),
        ({"dose_mg": "-5"}, "Dose (mg per dose)", "The dose must be greater than 0 mg"),
        ({"infant_age_days": "1.5"}, "Infant age (days)", "Enter a whole number."),
        ({"infant_age_days": "-3"}, "Infant age (days)", "between 0 and 1096 days"),
        ({"regimen": "weekly"}, "Dosing", "Select a valid choice."),
        ({"route": "ear"}, "Route", "Select a valid choice."),
        ({"dose_time": "tomorrow"}, "Time of the dose", "Enter a valid date/time."),
        ({"maternal_weight_kg": "7"}, "Parent's weight (kg)", "between 30 and 250 kg"),
    ],
)
def test_invalid_scenario_is_400_naming_the_field(client, seeded, params, label, message):
    response = client.get("/drugs/sertraline/advice", params)
    assert response.status_code == 400
    page = text(response)
    assert "No verdict: please correct these fields." in page
    assert label in page
    assert message in page
    assert 'data-verdict="' not in response.content.decode()  # no verdict for bad input


def test_engine_validation_errors_reach_the_form(client, seeded):
    """An implausible dose (mg vs microgram) is refused by the engine with a field message."""
    response = client.get("/drugs/sertraline/advice", {"dose_mg": "50000"})
    assert response.status_code == 400
    assert "Dose (mg per dose)" in text(response)


def test_unknown_slug_is_404_with_suggestions(client, seeded):
    response = client.get("/drugs/sertralin/")
    assert response.status_code == 404
    page = text(response)
    assert "Drug not found" in page
    assert "No advice has been given." in page
    assert 'href="/drugs/sertraline/"' in response.content.decode()


def test_unknown_slug_on_every_drug_route_is_404(client, seeded):
    for suffix in ("advice", "summary", "handout", "handout.pdf"):
        assert client.get(f"/drugs/no-such-drug/{suffix}").status_code == 404


def test_stale_monograph_shows_banner(client, seeded):
    drug = Drug.objects.get(slug="sertraline")
    data = dict(drug.published_data)
    data["last_reviewed"] = "2020-01-01"
    Drug.objects.filter(pk=drug.pk).update(published_data=data)
    page = text(client.get("/drugs/sertraline/"))
    assert "Not reviewed in over 24 months." in page


def test_fresh_monograph_has_no_stale_banner(client, seeded):
    drug = Drug.objects.get(slug="sertraline")
    data = dict(drug.published_data)
    data["last_reviewed"] = timezone.localdate().isoformat()
    Drug.objects.filter(pk=drug.pk).update(published_data=data, stale=False)
    assert "Not reviewed in over 24 months." not in text(client.get("/drugs/sertraline/"))


def test_guidance_disagreement_shows_which_one_is_followed(client, seeded):
    with_disagreement = [
        d.slug
        for d in Drug.objects.filter(published_data__isnull=False)
        if any(not g.get("followed", True) for g in d.published_data.get("guidance", []))
    ]
    assert with_disagreement, "seed has no guidance disagreement"
    page = text(client.get(f"/drugs/{with_disagreement[0]}/"))
    assert "The sources disagree." in page
    assert "not followed" in page
    assert "followed" in page


def test_alternatives_are_listed_with_their_verdicts(client, seeded):
    with_alts = [
        d.slug
        for d in Drug.objects.filter(published_data__isnull=False)
        if d.published_data.get("alternatives")
    ]
    assert with_alts
    response = client.get(f"/drugs/{with_alts[0]}/")
    html = response.content.decode()
    alt = Drug.objects.get(slug=with_alts[0]).published_data["alternatives"][0]
    assert f'href="/drugs/{alt["slug"]}/"' in html


# source: LactMed methotrexate (revised 2023-12-15): the 24-h pause is for a low *weekly* dose;
# dosing more often than weekly is an antineoplastic course (breastfeeding contraindicated).
@pytest.mark.parametrize(
    ("per_day", "verdict", "wording", "lang"),
    [
        ("0.142857", "interrupt", "one dose every 7 days", "en"),
        ("0.142857", "interrupt", "una dosis cada 7 días", "es"),
        ("1", "wean", "\u00d71/day", "en"),
    ],
)
def test_weekly_and_daily_methotrexate_pages_differ(
    client, seeded, per_day, verdict, wording, lang
):
    response = client.get(
        "/drugs/methotrexate/advice",
        {"dose_mg": "15", "regimen": "chronic", "doses_per_day": per_day, "lang": lang},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert response.status_code == 200
    assert f'data-verdict="{verdict}"' in response.content.decode()
    page = text(response)
    assert wording in page
    assert "0.143/day" not in page and "\u00d70.14" not in page  # weekly never reads "x0.143/day"
