"""Small helpers shared by the web and browser tests."""

import re

from advice.engine import ScenarioError
from advice.services import advice_for
from drugs.selectors import published_drugs

# Drugs whose verdict may change with the infant's age (CNS depressants, long half-lives);
# the tests pick the first one where it does in the current seed, so re-curation of one
# monograph does not break them.
AGE_SENSITIVE = ("zolpidem", "lorazepam", "oxazepam", "quetiapine", "mirtazapine", "naproxen")


def text(response) -> str:
    """Visible text of an HTML response, whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body).replace("&#x27;", "'").replace("&quot;", '"')


def age_sensitive_drug() -> tuple[str, str, str]:
    """(slug, default category, category for a 10-day-old) for a drug where they differ."""
    for slug in AGE_SENSITIVE:
        drug = published_drugs().filter(slug=slug).first()
        if drug is None:
            continue
        try:
            default = advice_for(drug=drug).verdict.category.value
            newborn = advice_for(drug=drug, data={"infant_age_days": 10}).verdict.category.value
        except ScenarioError:
            continue
        if default != newborn:
            return slug, default, newborn
    raise AssertionError("no age-sensitive drug in the seed")


def single_dose_interrupt() -> tuple[str, dict[str, str], float]:
    """(slug, scenario, hours) for a single dose whose verdict is interrupt with a chart."""
    from advice.web import charts

    for drug in published_drugs().order_by("slug"):
        dose = (drug.published_data or {}).get("typical_dose", {}).get("dose_mg")
        if not dose:
            continue
        data = {"regimen": "single", "dose_mg": str(dose)}
        try:
            verdict = advice_for(drug=drug, data=data).verdict
        except ScenarioError:
            continue
        if verdict.category.value == "interrupt" and charts.milk_curve(verdict):
            return drug.slug, data, verdict.interrupt_hours
    raise AssertionError("no single-dose interrupt with a chart in the seed")
