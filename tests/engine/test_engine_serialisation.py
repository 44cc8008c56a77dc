"""Verdict.to_dict and RegimenVerdict.to_dict give stable, JSON-serialisable structures."""

from __future__ import annotations

import datetime
import json

from advice.engine import ENGINE_VERSION, Regimen, Scenario, advise, advise_regimen
from tests.engine import profiles as p

VERDICT_KEYS = {
    "category",
    "interrupt_hours",
    "resume_at",
    "rid_pct",
    "rid_source",
    "infant_dose_mg_per_kg_day",
    "evidence",
    "reasons",
    "citations",
    "alternatives",
    "monitoring",
    "interruption_costs",
    "warnings",
    "inputs",
    "numbers",
    "drug_slug",
    "drug_name",
    "engine_version",
    "activity_table",
    "rules",
}


def test_verdict_round_trip() -> None:
    t = datetime.datetime(2026, 5, 1, 14, 0, tzinfo=datetime.UTC)
    v = advise(
        p.pertechnetate(),
        Scenario(activity_mbq=500, dose_time=t, today=datetime.date(2026, 6, 1)),
    )
    d = v.to_dict()
    assert set(d) == VERDICT_KEYS
    text = json.dumps(d, sort_keys=True)
    back = json.loads(text)
    assert back == d
    assert back["category"] == "interrupt"
    assert back["resume_at"] == "2026-05-02T02:00:00+00:00"
    assert back["engine_version"] == ENGINE_VERSION
    assert back["activity_table"][1]["applies"] is True
    assert back["reasons"][0]["rule"] == "curated_guidance"
    assert back["inputs"]["dose_time"]["value"] == "2026-05-01T14:00:00+00:00"


def test_alternatives_and_numbers_serialise() -> None:
    v = advise(p.novel_drug(), Scenario(infant_age_days=30))
    d = json.loads(json.dumps(v.to_dict()))
    assert d["alternatives"][0]["category"] == "compatible"
    assert d["evidence"] == "insufficient"
    assert d["numbers"]["half_life_h"]["value"] == 10.0


def test_to_dict_is_deterministic() -> None:
    s = Scenario(dose_mg=2000, regimen=Regimen.SINGLE, infant_age_days=40)
    a = json.dumps(advise(p.metronidazole(), s).to_dict())
    b = json.dumps(advise(p.metronidazole(), s).to_dict())
    assert a == b


def test_regimen_verdict_serialises() -> None:
    r = advise_regimen([(p.codeine(), Scenario()), (p.oxycodone(), Scenario())])
    d = json.loads(json.dumps(r.to_dict()))
    assert set(d) == {"items", "combined", "combined_interrupt_hours", "warnings", "engine_version"}
    assert d["combined"] == "use_alternative"
    assert len(d["items"]) == 2
