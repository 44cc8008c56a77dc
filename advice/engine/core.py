"""`advise()` and `advise_regimen()`: resolve the scenario, walk the declared precedence, build
the verdict.

The precedence is data in `advice.engine.rules` (which rule decides, what counts after it, the
floors and overrides applied last); `advice.engine.assembly` applies it and
`advice.engine.verdict` turns the decision into a `Verdict`. In short: curated guidance with a
citation decides; else a radiopharmaceutical's activity table; else a cytotoxic drug is `wean`;
else the most restrictive of the exposure rules (little reaches the baby, measured milk levels,
a PK estimate, too little data), the newborn/preterm rule, milk supply and the curated dose
floor. Last, a regulator's statement against the drug (codeine, tramadol) overrides, a cytotoxic
drug is never compatible, and a pause under regular dosing becomes `use_alternative` unless the
dosing interval is longer than 5 half-lives.

Defaults, echoed in `Verdict.inputs` with `defaulted: true`: dose, route, regimen and doses per
day from the profile's typical values; maternal weight 70 kg; infant age unknown means the
drug page's default, a term infant older than 2 months (with a warning that a newborn or
preterm infant may get a stricter answer); infant weight from age (WHO medians, pk.py). The
administered activity of a radiopharmaceutical is never defaulted: without it the most
restrictive activity row applies and the reason says what the typical activity would give.
"""

from __future__ import annotations

from collections.abc import Sequence

from advice.engine.assembly import decide
from advice.engine.context import Context, most_restrictive
from advice.engine.resolve import resolve_context
from advice.engine.thresholds import DEFAULT, Thresholds
from advice.engine.types import (
    AlternativeVerdict,
    Category,
    DrugProfile,
    Evidence,
    RegimenVerdict,
    Scenario,
    Verdict,
    strictness,
)
from advice.engine.validation import ScenarioError, validate_scenario
from advice.engine.verdict import build_verdict

ENGINE_VERSION = "1.4.0"

_EVIDENCE_RANK = {
    Evidence.CURATED: 0,
    Evidence.MEASURED: 1,
    Evidence.ESTIMATED: 2,
    Evidence.INSUFFICIENT: 3,
}


def _alternatives(ctx: Context, s: Scenario) -> tuple[tuple[AlternativeVerdict, ...], list[str]]:
    out: list[AlternativeVerdict] = []
    warnings: list[str] = []
    same_infant = Scenario(
        maternal_weight_kg=s.maternal_weight_kg,
        infant_age_days=s.infant_age_days,
        preterm=s.preterm,
        infant_weight_kg=s.infant_weight_kg,
        today=s.today,
    )
    for ref in ctx.drug.alternatives:
        category, evidence, rid = Category.USE_ALTERNATIVE, Evidence.INSUFFICIENT, None
        if ref.profile is None:
            warnings.append(f"Alternative {ref.name} has no monograph; its verdict is unknown.")
        else:
            try:
                validate_scenario(ref.profile, same_infant)
                v = _advise(ref.profile, same_infant, ctx.thresholds, with_alternatives=False)
                category, evidence, rid = v.category, v.evidence, v.rid_pct
            except ScenarioError as exc:  # pragma: no cover - same infant was validated
                warnings.append(f"Alternative {ref.name} could not be assessed: {exc}")
        out.append(
            AlternativeVerdict(
                ref.slug, ref.name, ref.indication, ref.reason, category, evidence, rid
            )
        )
    out.sort(key=lambda a: (strictness(a.category), _EVIDENCE_RANK[a.evidence]))
    return tuple(out), warnings


def advise(drug: DrugProfile, scenario: Scenario, *, thresholds: Thresholds = DEFAULT) -> Verdict:
    """The verdict for one drug and one scenario. Raises ScenarioError on invalid input."""
    validate_scenario(drug, scenario)
    return _advise(drug, scenario, thresholds, with_alternatives=True)


def _advise(
    drug: DrugProfile, s: Scenario, thresholds: Thresholds, *, with_alternatives: bool
) -> Verdict:
    ctx = resolve_context(drug, s, thresholds)
    decision = decide(ctx)
    alternatives: tuple[AlternativeVerdict, ...] = ()
    alternative_warnings: list[str] = []
    if with_alternatives:
        alternatives, alternative_warnings = _alternatives(ctx, s)
    return build_verdict(
        ctx,
        s,
        decision,
        alternatives=alternatives,
        alternative_warnings=alternative_warnings,
        engine_version=ENGINE_VERSION,
    )


def advise_regimen(
    items: Sequence[tuple[DrugProfile, Scenario]], *, thresholds: Thresholds = DEFAULT
) -> RegimenVerdict:
    """Each drug's verdict, the most restrictive combined verdict and interaction warnings."""
    if not items:
        raise ScenarioError({"items": "Give at least one drug."})
    errors: dict[str, str] = {}
    for i, (drug, scenario) in enumerate(items):
        try:
            validate_scenario(drug, scenario)
        except ScenarioError as exc:
            errors.update({f"items[{i}].{k}": v for k, v in exc.errors.items()})
    if errors:
        raise ScenarioError(errors)
    verdicts = tuple(_advise(d, s, thresholds, with_alternatives=True) for d, s in items)
    combined = most_restrictive(v.category for v in verdicts)
    hours = [v.interrupt_hours for v in verdicts if v.interrupt_hours is not None]
    combined_hours = max(hours) if hours and combined is Category.INTERRUPT else None

    drugs = [d for d, _ in items]
    warnings: list[str] = []
    cns = [d.name for d in drugs if d.cns_depressant]
    if len(cns) >= 2:
        warnings.append(
            "Additive infant sedation: " + ", ".join(cns) + " all depress the central nervous "
            "system. Watch the baby for drowsiness, poor feeding and slow breathing."
        )
    sero = [d.name for d in drugs if d.serotonergic]
    if len(sero) >= 2:
        warnings.append(
            "Serotonergic combination (" + ", ".join(sero) + "): risk of serotonin toxicity in "
            "the mother; watch the baby for irritability, poor feeding and tremor."
        )
    supply = [
        d.name
        for d in drugs
        if d.reduces_milk_supply or any(e.effect == "decreases_supply" for e in d.lactation_effects)
    ]
    if len(supply) >= 2:
        warnings.append(
            "Several drugs can lower milk supply (" + ", ".join(supply) + "); the effect may add "
            "up. Watch milk supply and the baby's weight gain."
        )
    slugs = [d.slug for d in drugs]
    dupes = sorted({x for x in slugs if slugs.count(x) > 1})
    if dupes:
        warnings.append("The same drug appears more than once: " + ", ".join(dupes) + ".")
    infants = {(s.infant_age_days, s.preterm, s.infant_weight_kg) for _, s in items}
    if len(infants) > 1:
        warnings.append("The drugs describe different infants; check the infant details.")
    return RegimenVerdict(
        items=verdicts,
        combined=combined,
        combined_interrupt_hours=combined_hours,
        warnings=tuple(warnings),
        engine_version=ENGINE_VERSION,
    )
