"""A scenario with every default resolved (`Context`) and what rules return (`Finding`,
`Exposure`), with the route sets the rules share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from advice.engine.phrases import ROUTE_WORDS
from advice.engine.thresholds import REGULATORY_AVOID, Thresholds
from advice.engine.types import (
    Category,
    DrugProfile,
    Evidence,
    Guidance,
    Regimen,
    RidSource,
    Route,
    RuleId,
    strictness,
)

# Routes for which the bioavailability is complete by definition (IV) or assumed complete.
SYSTEMIC_F100_ROUTES = frozenset({Route.IV, Route.IM, Route.SC, Route.INTRADERMAL})


# Routes given for a local or regional effect (neuraxial, infiltration, joint, uterus, skin,
# breast, eye, ear, nose, lungs, vagina): the fraction that reaches the mother's blood is not
# known in the monographs, so a PK estimate assuming all of the dose is absorbed is only an upper
# bound. It can show that exposure is low; it cannot, on its own, decide against the drug.
LOCAL_ROUTES = frozenset(
    {
        Route.EPIDURAL,
        Route.INTRATHECAL,
        Route.LOCAL,
        Route.INTRA_ARTICULAR,
        Route.INTRAUTERINE,
        Route.TOPICAL,
        Route.TOPICAL_BREAST,
        Route.OPHTHALMIC,
        Route.OTIC,
        Route.NASAL,
        Route.INHALED,
        Route.VAGINAL,
    }
)


# Routes after which a drug's effect on milk supply (known from systemic use) is not assumed:
# local use with little reaching the mother's blood. Vaginal and intrauterine hormones are
# systemic by design (contraceptive rings, systems), so they are not in this set.
SUPPLY_LOCAL_ROUTES = frozenset(
    {
        Route.EPIDURAL,
        Route.INTRATHECAL,
        Route.LOCAL,
        Route.INTRA_ARTICULAR,
        Route.TOPICAL,
        Route.OPHTHALMIC,
        Route.OTIC,
        Route.NASAL,
        Route.INHALED,
    }
)


@dataclass(frozen=True, slots=True)
class Context:
    """A scenario with every default resolved (see resolve.resolve_context)."""

    drug: DrugProfile
    thresholds: Thresholds
    dose_mg: float | None
    regimen: Regimen
    doses_per_day: float
    route: Route
    maternal_weight_kg: float
    infant_age_days: int | None
    preterm: bool
    infant_weight_kg: float | None
    activity_mbq: float | None  # None: not given (never guessed for a radiopharmaceutical)
    # The verdict decided so far, for the late rules (overrides, floors, notes; see rules.py).
    decided: Category | None = None
    decided_hours: float | None = None
    # Analyses several rules share (curated matches, exposure...), computed once (facts.py).
    memo: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def dosing_interval_h(self) -> float | None:
        """Hours between doses under a regular regimen (None for a single dose)."""
        if self.regimen is Regimen.SINGLE:
            return None
        return 24.0 / self.doses_per_day

    @property
    def long_interval(self) -> bool:
        """Regular dosing so far apart (interval > 5 half-lives) that each dose clears before
        the next: each dose behaves like a single dose (e.g. weekly low-dose methotrexate)."""
        interval, t_half = self.dosing_interval_h, self.drug.half_life_h
        if interval is None or t_half is None or t_half.value <= 0:
            return False
        return interval > self.thresholds.long_interval_half_lives * t_half.value

    @property
    def per_dose(self) -> bool:
        """Judge each dose as a single dose: a single dose, or a long-interval regimen."""
        return self.regimen is Regimen.SINGLE or self.long_interval

    @property
    def daily_dose_mg(self) -> float | None:
        """The dose per day; for one dose (or a long-interval regimen) the dose itself."""
        if self.dose_mg is None:
            return None
        return self.dose_mg * (1.0 if self.per_dose else self.doses_per_day)

    @property
    def infant_at_risk(self) -> bool:
        """Neonate (< 60 days) or preterm. Unknown age: the default older term infant."""
        young = (
            self.infant_age_days is not None
            and self.infant_age_days < self.thresholds.neonate_age_days
        )
        return young or self.preterm

    @property
    def accumulation_reasons(self) -> tuple[str, ...]:
        d = self.drug
        out: list[str] = []
        t = d.half_life_h
        if t is not None and t.value > self.thresholds.accumulation_half_life_h:
            out.append(
                f"has a long half-life ({t.value:g} h > "
                f"{self.thresholds.accumulation_half_life_h:g} h) and accumulates"
            )
        if d.active_metabolites:
            out.append("has active metabolites")
        if d.cns_depressant:
            out.append("depresses the central nervous system")
        return tuple(out)

    @property
    def newborn_caution(self) -> bool:
        return self.infant_at_risk and bool(self.accumulation_reasons)

    @property
    def rid_threshold_pct(self) -> float:
        if self.newborn_caution:
            return self.thresholds.rid_neonatal_pct
        return self.thresholds.rid_acceptable_pct

    @property
    def route_word(self) -> str:
        return ROUTE_WORDS.get(self.route, self.route.value)

    @property
    def local_low_absorption(self) -> bool:
        """The monograph says little is absorbed by this route (never for the breast or nipple,
        where the baby can swallow the drug directly unless the monograph lists that route)."""
        return self.route in self.drug.minimal_absorption_routes

    @property
    def single_usual_dose_term(self) -> bool:
        """One dose, no larger than the usual dose, for a term infant: the newborn CNS rule then
        weighs the measured or estimated exposure instead of deciding alone (LactRx policy:
        LactMed's advice for opioids is to limit the dose and duration, not to avoid one dose)."""
        usual = self.drug.typical_dose_mg or self.drug.max_dose_mg
        return (
            self.regimen is Regimen.SINGLE
            and not self.preterm
            and self.dose_mg is not None
            and usual is not None
            and self.dose_mg <= usual
        )

    @property
    def regulatory_avoid_key(self) -> str | None:
        """The citation key of a regulator's recommendation against this drug in breastfeeding
        (codeine, tramadol: FDA 2017), whatever the dose, route or infant age."""
        return REGULATORY_AVOID.get(self.drug.slug)

    def alternative_names(self) -> str:
        names = [a.name for a in self.drug.alternatives]
        return ", ".join(names) if names else "a better-studied alternative"

    def prefer_alternatives(self) -> str:
        """ "Prefer X, Y" or "Prefer a better-studied alternative" (never a doubled phrase)."""
        names = [a.name for a in self.drug.alternatives]
        if not names:
            return "Prefer a better-studied alternative"
        return "Prefer a better-studied alternative: " + ", ".join(names)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found. category None: informational.

    ``code`` names the message (`phrases.Say`; empty: the rule id) and ``params`` the values
    in ``text``; ``prefix`` the lead-in code of a finding kept for reference.
    """

    rule: RuleId
    category: Category | None
    text: str
    citation_keys: tuple[str, ...] = ()
    evidence: Evidence | None = None
    interrupt_hours: float | None = None
    warnings: tuple[str, ...] = ()
    monitoring: tuple[str, ...] = ()
    # A guidance entry that decided, so later rules can check what it covers.
    guidance: Guidance | None = None
    # Findings recorded right after this one, placed with it (e.g. the pause after an RID).
    also: tuple[Finding, ...] = ()
    code: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    prefix: str = ""

    @property
    def all(self) -> tuple[Finding, ...]:
        """This finding and the ones recorded with it."""
        return (self, *self.also)


@dataclass(frozen=True, slots=True)
class Exposure:
    """Result of the measured (rule 6) or PK (rule 7) evaluation, with the numbers behind it."""

    findings: tuple[Finding, ...]
    category: Category
    evidence: Evidence
    rid_pct: float | None
    rid_source: RidSource
    infant_dose_mg_per_kg_day: float | None
    interrupt_hours: float | None
    numbers: dict[str, object] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    # True when the estimate assumes all of a locally given dose is absorbed (LOCAL_ROUTES): it
    # can clear a drug, not decide against it.
    upper_bound: bool = False


def number(
    value: float | None,
    unit: str,
    source: str,
    citation_keys: Iterable[str] = (),
    note: str = "",
    verified: bool | None = None,
) -> dict[str, object]:
    """One entry of Verdict.numbers: a value, its unit and how it was obtained."""
    out: dict[str, object] = {
        "value": None if value is None else float(f"{value:.6g}"),  # 6 significant digits
        "unit": unit,
        "source": source,
        "citation_keys": list(citation_keys),
    }
    if verified is not None:
        out["verified"] = verified
    if note:
        out["note"] = note
    return out


def most_restrictive(categories: Iterable[Category]) -> Category:
    return max(categories, key=strictness, default=Category.COMPATIBLE)


def monograph_keys(d: DrugProfile) -> tuple[str, ...]:
    """Citation keys of the drug's own LactMed record(s): what a reviewer checks first."""
    return tuple(c.key for c in d.citations if c.kind == "lactmed")


def lactation_keys(d: DrugProfile) -> tuple[str, ...]:
    """The monograph's own lactation sources: its LactMed record(s), else every citation of the
    monograph's own (keys `<slug>:...`)."""
    keys = monograph_keys(d)
    if keys:
        return keys
    return tuple(c.key for c in d.citations if c.key.startswith(f"{d.slug}:"))
