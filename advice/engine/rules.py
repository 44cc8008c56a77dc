"""The engine's rules. Each rule is a function of a resolved `Context` returning findings.

Rule ids (the `Reason.rule` values):

- `curated_guidance`: a curated guideline statement matches the scenario (rule 1).
- `guidance_disagreement`: a matching guideline LactRx does not follow says something else
  (informational, also a warning).
- `curated_dose_floor`: the dose is above every curated dose range; the most restrictive
  guidance below it is a floor (hours extended by the half-life when known).
- `radioactive`: radiopharmaceuticals, activity-dependent interruption and the activity table
  (rule 2); without an administered activity the most restrictive row applies (the activity is
  never guessed); I-131 therapy means stopping for this child.
- `cytotoxic`: cytotoxic chemotherapy, `wean` for the course (rule 3).
- `milk_supply`: the drug lowers milk supply (rule 4).
- `low_transfer`: little reaches the baby: minimal absorption for the route, poor infant oral
  absorption, very large molecule (rule 5).
- `measured_rid`: RID from measured milk levels, scaled to this dose (rule 6).
- `infant_effects`: serious infant effects are reported although the RID is low.
- `pk_estimate`: RID estimated from PK parameters when no milk data exist (rule 7).
- `infant_age`: neonate or preterm infant and a drug that accumulates or depresses the CNS
  (rule 8): CNS depressants -> use_alternative; accumulating drugs must have an RID below the
  lowered threshold (informational when they do).
- `single_dose_interrupt`: a single dose is too high at first; pause until the milk level falls
  (rule 9).
- `regular_dosing`: an interruption was indicated but the regimen is chronic; timing feeds does
  not help at steady state, so prefer an alternative (rule 9).
- `long_interval`: a regular regimen whose dosing interval is longer than 5 half-lives (weekly,
  monthly): each dose behaves like a single dose, so a pause after each dose is meaningful and
  `regular_dosing` does not apply (informational).
- `insufficient_data`: too little data (rule 10); cites the monograph's own lactation sources
  (warns when there are none).
- `cytotoxic_floor`: curated guidance called a cytotoxic drug compatible; LactRx never does.
- `interrupt_duration`: an interruption was indicated without a duration; 5 half-lives are used
  when a half-life is known (informational).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from advice.engine import pk
from advice.engine.thresholds import INSUFFICIENT_PAUSE_MAX_H, REGULATORY_AVOID, Thresholds
from advice.engine.types import (
    ActivityRow,
    Category,
    DrugProfile,
    Evidence,
    Guidance,
    PkValue,
    Regimen,
    RidSource,
    Route,
    strictness,
)
from drugs.vocabulary import PROTEIN_KINDS

# Routes for which the bioavailability is complete by definition (IV) or assumed complete.
_SYSTEMIC_F100_ROUTES = frozenset({Route.IV, Route.IM, Route.SC, Route.INTRADERMAL})
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
_SUPPLY_LOCAL_ROUTES = frozenset(
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
ROUTE_WORDS: dict[Route, str] = {
    Route.ORAL: "oral",
    Route.SUBLINGUAL: "sublingual",
    Route.BUCCAL: "buccal",
    Route.IV: "intravenous",
    Route.IM: "intramuscular",
    Route.SC: "subcutaneous",
    Route.INTRADERMAL: "intradermal",
    Route.INHALED: "inhaled",
    Route.NASAL: "nasal",
    Route.TOPICAL: "topical (skin)",
    Route.TOPICAL_BREAST: "breast or nipple",
    Route.OPHTHALMIC: "eye",
    Route.OTIC: "ear",
    Route.VAGINAL: "vaginal",
    Route.RECTAL: "rectal",
    Route.LOCAL: "local (infiltration, nerve block, dental)",
    Route.EPIDURAL: "epidural",
    Route.INTRATHECAL: "intrathecal",
    Route.INTRA_ARTICULAR: "intra-articular",
    Route.INTRAUTERINE: "intrauterine",
    Route.TRANSDERMAL: "transdermal",
    Route.PERCUTANEOUS: "percutaneous",
}
_RID_CITES = ("who-rid-10", "ausprescriber-drugs-bf")

CNS_MONITORING = (
    "Watch the baby for unusual drowsiness, poor feeding, limpness or slow or difficult "
    "breathing; seek urgent care if the baby is hard to wake."
)
SUPPLY_MONITORING = "Watch milk supply, the baby's weight gain and the number of wet nappies."
NTI_MONITORING = (
    "Narrow therapeutic index: if the baby has symptoms, an infant blood level can be checked."
)


@dataclass(frozen=True, slots=True)
class Context:
    """A scenario with every default resolved (see core.resolve_context)."""

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
    """What a rule found. category None: informational."""

    rule: str
    category: Category | None
    text: str
    citation_keys: tuple[str, ...] = ()
    evidence: Evidence | None = None
    interrupt_hours: float | None = None
    warnings: tuple[str, ...] = ()
    monitoring: tuple[str, ...] = ()
    # A guidance entry that decided, so later rules can check what it covers.
    guidance: Guidance | None = None


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


def guidance_hours(g: Guidance) -> float | None:
    """The interruption a guidance entry asks for; the upper value when a range is given."""
    return g.interrupt_hours_max if g.interrupt_hours_max is not None else g.interrupt_hours_min


def _verdict_phrase(
    category: Category, hours: float | None, *, at_least: bool = False, avoid: bool = False
) -> str:
    if category is Category.COMPATIBLE:
        return "breastfeeding can continue"
    if category is Category.USE_ALTERNATIVE and avoid:
        return "do not use while breastfeeding; use an alternative"
    if category is Category.USE_ALTERNATIVE:
        return "prefer an alternative (or use only with infant monitoring)"
    if category is Category.INTERRUPT:
        if not hours:
            return "pause feeding"
        return (
            f"pause breastfeeding for {'at least ' if at_least else ''}{hours:g} h after the dose"
        )
    return "breastfeeding is contraindicated for the course of treatment"


def open_top_band(g: Guidance | None) -> bool:
    """An open-ended top band ("above X MBq / mg: at least N h"): the guideline gives a minimum
    pause and no upper value, for an activity or dose range with no upper bound."""
    if g is None or g.verdict is not Category.INTERRUPT:
        return False
    if g.interrupt_hours_max is not None or g.interrupt_hours_min is None:
        return False
    open_activity = g.has_activity_condition and g.activity_max_mbq is None
    open_dose = g.dose_min_mg is not None and g.dose_max_mg is None
    return open_activity or open_dose


def _guideline_name(g: Guidance) -> str:
    return f"{g.guideline} ({g.guideline_version})" if g.guideline_version else g.guideline


def is_perioperative_guidance(g: Guidance) -> bool:
    """ABM Clinical Protocol #15 (2017), analgesia and anaesthesia for the breastfeeding mother."""
    return "protocol #15" in g.guideline.lower() or "abm-15-2017" in g.citation_keys


def _guidance_text(g: Guidance, *, avoid: bool = False) -> str:
    hours = guidance_hours(g)
    phrase = _verdict_phrase(g.verdict, hours, at_least=open_top_band(g), avoid=avoid)
    if g.verdict is Category.COMPATIBLE and is_perioperative_guidance(g):
        phrase = (
            "breastfeed as soon as the mother is awake and alert after the procedure; there is "
            "no need to pump and discard milk"
        )
    text = f"{_guideline_name(g)}: {phrase}."
    if (
        g.verdict is Category.INTERRUPT
        and g.interrupt_hours_min is not None
        and g.interrupt_hours_max is not None
        and g.interrupt_hours_min != g.interrupt_hours_max
    ):
        text += (
            f" The guideline gives {g.interrupt_hours_min:g}-{g.interrupt_hours_max:g} h; "
            "LactRx uses the upper value."
        )
    if g.rationale:
        text += f" {g.rationale}"
    return text


def _age_matches(g: Guidance, ctx: Context) -> bool:
    lo, hi = g.infant_age_min_days, g.infant_age_max_days
    if lo is None and hi is None:
        return True
    age = ctx.infant_age_days
    if age is None:
        # Unknown age means the documented default: a term infant older than 2 months.
        return hi is None or hi >= ctx.thresholds.neonate_age_days
    return (lo is None or age >= lo) and (hi is None or age <= hi)


def guidance_matches(
    g: Guidance, ctx: Context, *, ignore_dose: bool = False, ignore_activity: bool = False
) -> bool:
    if g.regimen is not None and g.regimen is not ctx.regimen:
        return False
    if g.routes and ctx.route not in g.routes:
        return False
    if not ignore_dose and (g.dose_min_mg is not None or g.dose_max_mg is not None):
        d = ctx.dose_mg
        if d is None:
            return False
        if (g.dose_min_mg is not None and d < g.dose_min_mg) or (
            g.dose_max_mg is not None and d > g.dose_max_mg
        ):
            return False
    if not ignore_dose and (g.dose_per_day_min_mg is not None or g.dose_per_day_max_mg is not None):
        daily = ctx.daily_dose_mg
        if daily is None:
            return False
        if (g.dose_per_day_min_mg is not None and daily < g.dose_per_day_min_mg) or (
            g.dose_per_day_max_mg is not None and daily > g.dose_per_day_max_mg
        ):
            return False
    if not _age_matches(g, ctx):
        return False
    if g.preterm is not None and g.preterm != ctx.preterm:
        return False
    if not ignore_activity and g.has_activity_condition:
        a = ctx.activity_mbq
        if a is None:
            return False
        if (g.activity_min_mbq is not None and a < g.activity_min_mbq) or (
            g.activity_max_mbq is not None and a >= g.activity_max_mbq
        ):
            return False
    return True


def _pick(entries: Iterable[Guidance]) -> Guidance | None:
    """The most restrictive entry; ties go to the longer interruption."""
    return max(
        entries,
        key=lambda g: (strictness(g.verdict), guidance_hours(g) or 0.0),
        default=None,
    )


@dataclass(frozen=True, slots=True)
class CuratedResult:
    decision: Finding | None
    disagreements: tuple[Finding, ...]
    floor: Finding | None
    # Every matching followed entry other than the decision: equally strict ones decide with it
    # (category set), less strict ones are informational (category None).
    also: tuple[Finding, ...] = ()
    followed: tuple[Guidance, ...] = ()  # every matching followed entry, the decision first

    @property
    def addresses_infant(self) -> bool:
        """True when any matching followed entry explicitly addresses this infant (an infant
        age range or a preterm condition; matching means the condition covers this infant)."""
        return any(g.has_infant_condition for g in self.followed)


def _guidance_finding(
    g: Guidance, category: Category | None, prefix: str = "", *, avoid: bool = False
) -> Finding:
    return Finding(
        rule="curated_guidance",
        category=category,
        text=prefix + _guidance_text(g, avoid=avoid),
        citation_keys=g.citation_keys,
        evidence=Evidence.CURATED,
        interrupt_hours=guidance_hours(g) if g.verdict is Category.INTERRUPT else None,
        guidance=g,
    )


def rule_curated_guidance(ctx: Context) -> CuratedResult:
    """Rule 1: curated guidance matching the scenario decides; only followed entries decide.

    The most restrictive matching followed entry decides (ties: the longer interruption, then an
    activity row, then an entry that addresses infant age or prematurity). Every other matching
    followed entry is listed too, with its citation: equally strict entries decide alongside it.
    """
    matching = [g for g in ctx.drug.guidance if guidance_matches(g, ctx)]
    followed = [g for g in matching if g.followed]

    def rank(g: Guidance) -> tuple[int, float]:
        return strictness(g.verdict), guidance_hours(g) or 0.0

    # Ties: an activity row (so the activity table marks the row applied), then an entry that
    # addresses infant age or prematurity, then an open top band ("at least N h").
    chosen = max(
        followed,
        key=lambda g: (
            *rank(g),
            g.has_activity_condition,
            g.has_infant_condition,
            open_top_band(g),
        ),
        default=None,
    )
    decision = None
    also: list[Finding] = []
    if chosen is not None:
        avoid = ctx.regulatory_avoid_key is not None
        decision = _guidance_finding(chosen, chosen.verdict, avoid=avoid)
        for g in followed:
            if g is chosen:
                continue
            if rank(g) == rank(chosen):
                also.append(_guidance_finding(g, g.verdict, "Also: ", avoid=avoid))
            else:
                also.append(_guidance_finding(g, None, "Also matching, less strict: "))
        followed = [chosen, *(g for g in followed if g is not chosen)]
    disagreements = []
    for g in matching:
        if g.followed:
            continue
        follows = f" LactRx follows {chosen.guideline}." if chosen else ""
        text = (
            f"Sources disagree: {_guideline_name(g)} says "
            f"{_verdict_phrase(g.verdict, guidance_hours(g))}. {g.rationale}".rstrip()
            + follows
        )
        disagreements.append(
            Finding(
                rule="guidance_disagreement",
                category=None,
                text=text,
                citation_keys=g.citation_keys,
                warnings=(text,),
            )
        )
    floor = None if chosen is not None else _dose_floor(ctx)
    return CuratedResult(decision, tuple(disagreements), floor, tuple(also), tuple(followed))


def _dose_floor(ctx: Context) -> Finding | None:
    """Above every curated dose range, the most restrictive entry below is a floor."""
    dose = ctx.dose_mg
    if dose is None:
        return None
    below = [
        g
        for g in ctx.drug.guidance
        if g.followed
        and g.dose_max_mg is not None
        and dose > g.dose_max_mg
        and guidance_matches(g, ctx, ignore_dose=True)
    ]
    daily = ctx.daily_dose_mg
    if daily is not None:
        below.extend(
            g
            for g in ctx.drug.guidance
            if g.followed
            and g.dose_per_day_max_mg is not None
            and daily > g.dose_per_day_max_mg
            and guidance_matches(g, ctx, ignore_dose=True)
        )
    g = _pick(below)
    if g is None:
        return None
    if g.dose_max_mg is None or dose <= g.dose_max_mg:
        # Above a per-day range only: the same verdict, stated per day (no pause arithmetic).
        if g.dose_per_day_max_mg is None or daily is None:
            return None
        hours = guidance_hours(g) if g.verdict is Category.INTERRUPT else None
        return Finding(
            rule="curated_dose_floor",
            category=g.verdict,
            text=(
                f"The daily dose ({daily:g} mg/day) is above the range covered by "
                f"{g.guideline} (up to {g.dose_per_day_max_mg:g} mg/day), which says "
                f"{_verdict_phrase(g.verdict, hours)}; a higher daily dose is treated at least "
                "as strictly."
            ),
            citation_keys=g.citation_keys,
            evidence=Evidence.CURATED,
            interrupt_hours=hours,
            guidance=g,
        )
    hours = guidance_hours(g) if g.verdict is Category.INTERRUPT else None
    text = (
        f"The dose ({dose:g} mg) is above the range covered by {g.guideline} "
        f"(up to {g.dose_max_mg:g} mg), which says {_verdict_phrase(g.verdict, hours)}; "
        "a higher dose is treated at least as strictly."
    )
    warnings: tuple[str, ...] = ()
    t_half = ctx.drug.half_life_h
    if hours is not None:
        if t_half is not None and g.dose_max_mg > 0:
            extra = pk.hours_to_fall(t_half.value, dose, g.dose_max_mg)
            hours = pk.practical_hours(hours + extra)
            text += (
                f" The pause is lengthened by t1/2 x log2(dose ratio) = {extra:.1f} h, "
                f"to {hours:g} h."
            )
        else:
            warnings = ("The pause may need to be longer at this dose; the half-life is unknown.",)
    return Finding(
        rule="curated_dose_floor",
        category=g.verdict,
        text=text,
        citation_keys=g.citation_keys,
        evidence=Evidence.CURATED,
        interrupt_hours=hours,
        warnings=warnings,
        guidance=g,
    )


@dataclass(frozen=True, slots=True)
class RadioResult:
    finding: Finding
    decides: bool  # True when no curated entry matched and this finding decides
    table: tuple[ActivityRow, ...]


def _row(g: Guidance, applies: bool) -> ActivityRow:
    return ActivityRow(
        activity_min_mbq=g.activity_min_mbq,
        activity_max_mbq=g.activity_max_mbq,
        category=g.verdict,
        interrupt_hours=guidance_hours(g) if g.verdict is Category.INTERRUPT else None,
        guideline=g.guideline,
        guideline_version=g.guideline_version,
        citation_keys=g.citation_keys,
        applies=applies,
    )


def _strictest_row(rows: Iterable[Guidance]) -> Guidance | None:
    """The most restrictive activity row; ties go to the longer pause, then to an open top band
    ("at least N h")."""
    return max(
        rows,
        key=lambda g: (strictness(g.verdict), guidance_hours(g) or 0.0, open_top_band(g)),
        default=None,
    )


def _row_for_activity(
    rows: list[Guidance], a: float, d: DrugProfile
) -> tuple[Guidance | None, float | None, str]:
    """The activity row for activity `a` (MBq), its pause and a note on how it was chosen."""
    inside = [
        g
        for g in rows
        if (g.activity_min_mbq is None or a >= g.activity_min_mbq)
        and (g.activity_max_mbq is None or a < g.activity_max_mbq)
    ]
    if inside:
        g = _strictest_row(inside)
        hours = guidance_hours(g) if g is not None and g.verdict is Category.INTERRUPT else None
        return g, hours, ""
    above = [g for g in rows if g.activity_min_mbq is not None and g.activity_min_mbq > a]
    if above:
        # Below the lowest row or in a gap: use the next row up (conservative).
        g = min(above, key=lambda g: g.activity_min_mbq or 0.0)
        hours = guidance_hours(g) if g.verdict is Category.INTERRUPT else None
        return g, hours, " The activity is not covered by a row; the next higher row is applied."
    g = _strictest_row(rows)
    if g is None:
        return None, None, ""
    hours = guidance_hours(g) if g.verdict is Category.INTERRUPT else None
    extra = " The activity is above the tabulated ranges; the strictest row is applied."
    if (
        g.verdict is Category.INTERRUPT
        and g.activity_max_mbq is not None
        and d.physical_half_life_h is not None
    ):
        more = pk.hours_to_fall(d.physical_half_life_h, a, g.activity_max_mbq)
        hours = pk.practical_hours((hours or 0.0) + more)
        extra += f" The pause is lengthened by the physical half-life, to {hours:g} h."
    return g, hours, extra


def _would_be(category: Category, hours: float | None, at_least: bool) -> str:
    if category is Category.INTERRUPT and hours:
        return f"the pause would be {'at least ' if at_least else ''}{hours:g} h"
    if category is Category.COMPATIBLE:
        return "no pause would be needed"
    if category is Category.WEAN:
        return "breastfeeding would have to stop"
    return "an alternative would be preferred"


def rule_radioactive(ctx: Context, curated: CuratedResult) -> RadioResult:
    """Rule 2: activity-dependent interruption; always returns the activity table.

    Without an administered activity LactRx does not guess it: the most restrictive row of the
    activity table applies (never under-advise radiation), and the reason says what the typical
    activity would give and asks for the activity.
    """
    d = ctx.drug
    rows = sorted(
        (
            g
            for g in d.guidance
            if g.followed
            and g.has_activity_condition
            and guidance_matches(g, ctx, ignore_dose=True, ignore_activity=True)
        ),
        key=lambda g: (g.activity_min_mbq or 0.0, g.activity_max_mbq or math.inf),
    )
    a = ctx.activity_mbq
    if a is None:
        activity_text = "No administered activity was given"
    else:
        activity_text = f"Administered activity {a:g} MBq"
    isotope = d.isotope or d.name
    cites: tuple[str, ...] = ("ausprescriber-radiopharm",)

    chosen: Guidance | None = None
    category: Category
    hours: float | None = None
    evidence = Evidence.CURATED
    lead = ""
    extra = ""
    warnings: tuple[str, ...] = ()
    decision = curated.decision
    strictest = _strictest_row(rows) if a is None else None
    if (
        decision is not None
        and a is None
        and strictest is not None
        and (strictness(strictest.verdict), guidance_hours(strictest) or 0.0)
        > (strictness(decision.category or Category.COMPATIBLE), decision.interrupt_hours or 0.0)
    ):
        # Activity-independent guidance matched, but a higher activity needs more: the activity
        # table decides when the activity is unknown.
        decision = None
    decides = decision is None
    if decision is not None:
        chosen = decision.guidance
        category = decision.category or Category.INTERRUPT
        hours = decision.interrupt_hours
    elif rows and a is None:
        chosen = strictest
        lead = (
            "; LactRx does not assume one and applies the most restrictive row of the activity "
            "table"
        )
        typical = d.typical_activity_mbq
        if typical is not None and typical > 0:
            t_row, t_hours, _ = _row_for_activity(rows, typical, d)
            if t_row is not None:
                extra += (
                    f" At the typical {typical:g} MBq "
                    f"{_would_be(t_row.verdict, t_hours, open_top_band(t_row))}."
                )
        extra += " Ask for the administered activity (MBq) for a specific answer."
        warnings = (
            "Administered activity not given: the most restrictive row of the activity table "
            "was applied. Enter the activity (MBq) for a specific answer.",
        )
    elif rows and a is not None:
        chosen, hours, extra = _row_for_activity(rows, a, d)
    if chosen is not None and decision is None:
        category = chosen.verdict
        if hours is None and category is Category.INTERRUPT:
            hours = guidance_hours(chosen)
        cites = (*cites, *chosen.citation_keys)
    elif chosen is None and decision is None:
        if d.physical_half_life_h is not None:
            n = ctx.thresholds.radioactive_half_lives
            hours = pk.practical_hours(n * d.physical_half_life_h)
            category = Category.INTERRUPT
            evidence = Evidence.ESTIMATED
            extra = (
                f" No curated activity guidance: pause for {n:g} physical half-lives "
                f"({n:g} x {d.physical_half_life_h:g} h, rounded to {hours:g} h)."
            )
        else:
            category = Category.USE_ALTERNATIVE
            evidence = Evidence.INSUFFICIENT
            extra = (
                " No activity guidance and no physical half-life: ask nuclear medicine or "
                "radiation safety before the study."
            )

    at_least = open_top_band(chosen) and hours == guidance_hours(chosen) if chosen else False
    phrase = _verdict_phrase(category, hours, at_least=at_least)
    text = f"{d.name} is radioactive ({isotope}). {activity_text}{lead}: {phrase}.{extra}"
    if category is Category.WEAN and d.radioiodine:
        text += (
            " Radioiodine (I-131): breastfeeding must stop for this child; it can resume with "
            "a future child."
        )
    table = tuple(_row(g, g is chosen) for g in rows)
    finding = Finding(
        rule="radioactive",
        category=category,
        text=text,
        citation_keys=cites,
        evidence=evidence,
        interrupt_hours=hours if category is Category.INTERRUPT else None,
        warnings=warnings,
        guidance=chosen,
    )
    return RadioResult(finding, decides, table)


def rule_regulatory_avoid(ctx: Context) -> Finding | None:
    """A regulator recommends against the drug in breastfeeding (codeine, tramadol: FDA Drug
    Safety Communication, 20 April 2017): `use_alternative` at every infant age, dose, route and
    regimen; never "use with monitoring", never a pause."""
    key = ctx.regulatory_avoid_key
    if key is None:
        return None
    d = ctx.drug
    alts = [a.name for a in d.alternatives]
    use = f"Use {', '.join(alts)} or another analgesic instead" if alts else "Use another analgesic"
    return Finding(
        rule="regulatory_avoid",
        category=Category.USE_ALTERNATIVE,
        text=(
            f"The FDA (Drug Safety Communication, 20 April 2017) recommends against {d.name} "
            "while breastfeeding: some mothers convert it very quickly into its active opioid "
            "(ultra-rapid CYP2D6 metabolisers), and breastfed infants have had serious breathing "
            "problems and deaths. This applies at every infant age, dose and route, and a pause "
            f"in feeding does not make it safe. {use}."
        ),
        citation_keys=(key,),
        evidence=Evidence.CURATED,
        monitoring=(CNS_MONITORING,),
    )


def rule_cytotoxic(ctx: Context) -> Finding | None:
    """Rule 3: cytotoxic chemotherapy means weaning for the course (LactRx policy, DESIGN)."""
    if not ctx.drug.cytotoxic:
        return None
    if ctx.local_low_absorption:
        return Finding(
            rule="cytotoxic",
            category=None,
            text=(
                f"{ctx.drug.name} is cytotoxic, but after {ctx.route_word} use little is "
                "absorbed into the mother's blood (monograph), so the weaning rule for "
                "systemic chemotherapy does not apply. Keep it away from the breast and nipple "
                "and from the baby's skin."
            ),
            citation_keys=monograph_keys(ctx.drug),
        )
    return Finding(
        rule="cytotoxic",
        category=Category.WEAN,
        text=(
            f"{ctx.drug.name} is cytotoxic: breastfeeding is contraindicated for the course of "
            "treatment (and a drug-specific washout after the last dose), unless curated "
            "guidance for this exact situation says otherwise."
        ),
        evidence=Evidence.CURATED,
    )


def rule_milk_supply(ctx: Context) -> Finding | None:
    """Rule 4: drugs that lower milk supply -> use_alternative, naming the alternatives."""
    d = ctx.drug
    effects = [e for e in d.lactation_effects if e.effect == "decreases_supply"]
    if not (d.reduces_milk_supply or effects):
        return None
    detail = " ".join(e.description for e in effects if e.description)
    text = f"{d.name} can lower milk supply."
    if detail:
        text += f" {detail}"
    local = ctx.route in _SUPPLY_LOCAL_ROUTES or ctx.local_low_absorption
    if local:
        text += (
            f" That effect is known from use that reaches the whole body; after "
            f"{ctx.route_word} use much less reaches the mother's blood, so it is noted here "
            "rather than deciding. Watch milk supply."
        )
    else:
        text += f" Prefer {ctx.alternative_names()}."
    return Finding(
        rule="milk_supply",
        category=None if local else Category.USE_ALTERNATIVE,
        text=text,
        citation_keys=tuple(k for e in effects for k in e.citation_keys),
        monitoring=(SUPPLY_MONITORING,),
    )


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


def rule_low_transfer(ctx: Context) -> list[Finding]:
    """Rule 5: little reaches the baby -> supports compatible (evidence estimated).

    Biologics above the molecular-weight line count only after the first week (colostrum
    passes IgG); unknown age uses the documented default (term infant older than 2 months).
    """
    d = ctx.drug
    why: list[str] = []
    cites: list[str] = []
    notes: list[Finding] = []
    if ctx.route in d.minimal_absorption_routes:
        why.append(f"little is absorbed into the mother's blood after {ctx.route_word} use")
        cites.extend(("ausprescriber-drugs-bf", *monograph_keys(d)))
    if d.poor_infant_oral_absorption:
        why.append("it is hardly absorbed from the baby's gut")
        cites.extend(("ausprescriber-drugs-bf", *monograph_keys(d)))
    mw = d.mw_da
    if mw is not None and mw.value > ctx.thresholds.large_molecule_da:
        age = ctx.infant_age_days
        if (
            d.kind in PROTEIN_KINDS
            and age is not None
            and age <= ctx.thresholds.antibody_min_infant_age_days
        ):
            notes.append(
                Finding(
                    rule="low_transfer",
                    category=None,
                    text=(
                        "Large protein, but in the first week antibodies can pass into "
                        "colostrum; the large-molecule rule is not applied for this infant."
                    ),
                )
            )
        else:
            why.append(
                f"the molecule is very large ({mw.value:g} Da > "
                f"{ctx.thresholds.large_molecule_da:g} Da) and passes poorly into milk"
            )
            cites.extend(("ausprescriber-drugs-bf", *mw.citation_keys))
    if not why:
        return notes
    return [
        *notes,
        Finding(
            rule="low_transfer",
            category=Category.COMPATIBLE,
            text=f"Little {d.name} reaches the baby: " + "; ".join(why) + ".",
            citation_keys=tuple(dict.fromkeys(cites)),
            evidence=Evidence.ESTIMATED,
        ),
    ]


def _serious_effects(ctx: Context) -> list[str]:
    out = []
    for e in ctx.drug.infant_effects:
        if e.severity != "serious":
            continue
        group = e.age_group
        young = ctx.infant_age_days is not None and ctx.infant_age_days < (
            ctx.thresholds.neonate_age_days
        )
        if group == "neonate" and young and ctx.single_usual_dose_term:
            continue  # one usual dose with low exposure: monitored (see rule_infant_age)
        if (
            group in {"any", "infant"}
            or (group == "neonate" and young)
            or (group == "preterm" and ctx.preterm)
        ):
            out.append(e.description)
    return out


def _decide_exposure(
    ctx: Context,
    *,
    rule: str,
    evidence: Evidence,
    rid_total: float,
    rid_peak: float | None,
    basis: str,
    cites: tuple[str, ...],
) -> tuple[list[Finding], Category, float | None]:
    """Shared by rules 6 and 7: compare the RID with the threshold in force; rule 9 if single.

    The decision uses the RID of the whole exposure (for one dose, the total the baby would take
    in equals the steady-state RID under linear PK). Only when that is too high does a single
    dose get a pause, long enough for the peak milk level to fall to the acceptable level.
    """
    thr = ctx.rid_threshold_pct
    thr_text = f"{thr:g} %" + (
        " (lowered for a newborn or preterm infant; LactRx policy)" if ctx.newborn_caution else ""
    )
    findings: list[Finding] = []
    single = ctx.per_dose
    rid = rid_total
    cites = (*cites, *_RID_CITES)
    label = "RID"
    if ctx.regimen is Regimen.SINGLE:
        label = "RID for the whole exposure from this single dose"
    elif single:
        label = "RID for the whole exposure from each dose"
    upper = ctx.thresholds.rid_upper_unverified_pct
    if rid < thr:
        category = Category.COMPATIBLE
        text = f"{basis} {label} {rid:.2g} % is below the {thr_text} threshold."
        serious = _serious_effects(ctx)
        findings.append(Finding(rule, category, text, cites, evidence))
        if serious:
            findings.append(
                Finding(
                    rule="infant_effects",
                    category=Category.USE_ALTERNATIVE,
                    text=(
                        "Although little reaches the milk, serious effects in breastfed infants "
                        "are reported: " + "; ".join(e.rstrip(". ") for e in serious) + ". Prefer "
                        f"{ctx.alternative_names()}, or use with close infant monitoring."
                    ),
                    citation_keys=tuple(
                        k
                        for e in ctx.drug.infant_effects
                        if e.severity == "serious"
                        for k in e.citation_keys
                    ),
                )
            )
            category = Category.USE_ALTERNATIVE
        return findings, category, None
    text = f"{basis} {label} {rid:.2g} % is at or above the {thr_text} threshold."
    if upper is not None and rid >= upper:
        text += f" It is also above the {upper:g} % line (a common literature line, unverified)."
    t_half = ctx.drug.half_life_h
    if single and t_half is not None:
        peak = max(rid_peak if rid_peak is not None else rid, rid)
        exact = pk.hours_to_fall(t_half.value, peak, thr)
        hours = pk.practical_hours(exact)
        findings.append(Finding(rule, None, text, cites, evidence))
        findings.append(
            Finding(
                rule="single_dose_interrupt",
                category=Category.INTERRUPT,
                text=(
                    f"At its peak the milk level corresponds to an RID of {peak:.3g} %; it falls "
                    f"with the half-life ({t_half.value:g} h) to the acceptable level in "
                    f"t1/2 x log2({peak:.3g} / {thr:g}) = {exact:.1f} h, rounded up to "
                    f"{hours:g} h. Pause breastfeeding for {hours:g} h (express and discard to "
                    "keep the supply), then resume."
                ),
                citation_keys=(*t_half.citation_keys, "ausprescriber-drugs-bf"),
                evidence=evidence,
                interrupt_hours=hours,
            )
        )
        return findings, Category.INTERRUPT, hours
    if single:
        text += " The half-life is unknown, so no safe pause can be computed."
    text += f" Prefer {ctx.alternative_names()}."
    findings.append(Finding(rule, Category.USE_ALTERNATIVE, text, cites, evidence))
    return findings, Category.USE_ALTERNATIVE, None


def _pk_number(v: PkValue | None, unit: str) -> dict[str, object]:
    if v is None:
        return number(None, unit, "missing")
    return number(v.value, unit, "profile", v.citation_keys, verified=v.verified)


def pk_numbers(d: DrugProfile) -> dict[str, object]:
    return {
        "half_life_h": _pk_number(d.half_life_h, "h"),
        "oral_bioavailability_pct": _pk_number(d.oral_bioavailability_pct, "%"),
        "vd_l_per_kg": _pk_number(d.vd_l_per_kg, "L/kg"),
        "mw_da": _pk_number(d.mw_da, "Da"),
        "mp_ratio": _pk_number(d.mp_ratio, "ratio"),
        "protein_binding_pct": _pk_number(d.protein_binding_pct, "%"),
    }


def rule_measured_rid(ctx: Context) -> Exposure | None:
    """Rule 6: measured milk levels scaled to this dose (the most conservative study wins).

    A reported RID is already dose-normalised, so it is used as is (linear PK) and the infant
    dose is scaled; a measured average concentration is scaled by the daily dose ratio.
    """
    d = ctx.drug
    daily = ctx.daily_dose_mg
    per_dose = ctx.dose_mg
    if daily is None or per_dose is None:
        return None
    intake = ctx.thresholds.milk_intake_l_per_kg_day
    maternal = pk.maternal_dose_mg_per_kg_day(daily, ctx.maternal_weight_kg)
    best: tuple[float, float, dict[str, object], tuple[str, ...]] | None = None
    for s in d.milk_studies:
        study_daily = None
        if s.maternal_dose_mg is not None:
            study_daily = s.maternal_dose_mg * (
                1.0 if s.regimen is Regimen.SINGLE else (s.doses_per_day or 1.0)
            )
        nums: dict[str, object] = {}
        rid_avg: float | None = None
        if s.milk_conc_avg_mg_per_l is not None and study_daily:
            conc = pk.scale_to_dose(s.milk_conc_avg_mg_per_l, study_daily, daily)
            infant = pk.infant_dose_mg_per_kg_day(conc, intake)
            rid_avg = pk.rid_pct(infant, maternal)
            nums["milk_conc_avg_mg_per_l"] = number(
                conc, "mg/L", "measured, scaled to this dose", s.citation_keys
            )
        elif s.rid_pct is not None:
            rid_avg = s.rid_pct
        elif s.milk_conc_peak_mg_per_l is not None and study_daily:
            # Only a peak level was measured: used as the average (an overestimate, so the
            # conservative choice) rather than ignoring the study.
            conc = pk.scale_to_dose(s.milk_conc_peak_mg_per_l, study_daily, daily)
            rid_avg = pk.rid_pct(pk.infant_dose_mg_per_kg_day(conc, intake), maternal)
            nums["milk_conc_avg_mg_per_l"] = number(
                conc,
                "mg/L",
                "measured peak used as the average (conservative), scaled to this dose",
                s.citation_keys,
            )
        if rid_avg is None:
            continue
        rid_dec = rid_avg
        if ctx.per_dose:
            if s.milk_conc_peak_mg_per_l is not None and s.maternal_dose_mg:
                c0 = pk.scale_to_dose(s.milk_conc_peak_mg_per_l, s.maternal_dose_mg, per_dose)
                rid_dec = pk.rid_pct(pk.infant_dose_mg_per_kg_day(c0, intake), maternal)
                nums["milk_conc_peak_mg_per_l"] = number(
                    c0, "mg/L", "measured peak, scaled to this dose", s.citation_keys
                )
            else:
                nums["milk_conc_peak_mg_per_l"] = number(
                    None, "mg/L", "not measured", note="the average-level RID is used as the peak"
                )
        if best is None or (rid_avg, rid_dec) > (best[0], best[1]):
            best = (rid_avg, rid_dec, nums, s.citation_keys)
    if best is None:
        return None
    rid_avg, rid_dec, nums, cites = best
    infant = rid_avg / 100.0 * maternal
    n = sum(1 for s in d.milk_studies)
    basis = f"Measured milk levels ({n} stud{'y' if n == 1 else 'ies'}, the highest used):"
    findings, category, hours = _decide_exposure(
        ctx,
        rule="measured_rid",
        evidence=Evidence.MEASURED,
        rid_total=rid_avg,
        rid_peak=rid_dec,
        basis=basis,
        cites=cites,
    )
    numbers: dict[str, object] = {
        **nums,
        "maternal_dose_mg_per_kg_day": number(maternal, "mg/kg/day", "scenario"),
        "infant_dose_mg_per_kg_day": number(infant, "mg/kg/day", "measured", cites),
        "rid_pct": number(rid_avg, "%", "measured", cites),
        "acceptable_milk_conc_mg_per_l": number(
            ctx.rid_threshold_pct / 100.0 * maternal / intake,
            "mg/L",
            "threshold",
            _RID_CITES,
            note="RID threshold x maternal dose / intake",
        ),
    }
    if ctx.per_dose:
        numbers["rid_peak_pct"] = number(rid_dec, "%", "measured", cites)
    return Exposure(
        findings=tuple(findings),
        category=category,
        evidence=Evidence.MEASURED,
        rid_pct=rid_avg,
        rid_source=RidSource.MEASURED,
        infant_dose_mg_per_kg_day=infant,
        interrupt_hours=hours,
        numbers=numbers,
    )


def rule_pk_estimate(ctx: Context) -> Exposure | None:
    """Rule 7: RID from M/P x average maternal plasma concentration (no milk data)."""
    d = ctx.drug
    mp, t_half, vd = d.mp_ratio, d.half_life_h, d.vd_l_per_kg
    daily, per_dose = ctx.daily_dose_mg, ctx.dose_mg
    if mp is None or t_half is None or vd is None or daily is None or per_dose is None:
        return None
    used: list[tuple[str, PkValue]] = [("M/P ratio", mp), ("half-life", t_half), ("Vd", vd)]
    notes: list[str] = []
    upper_bound = ctx.route in LOCAL_ROUTES
    if ctx.route in _SYSTEMIC_F100_ROUTES:
        f_pct = 100.0
        f_source = f"assumed 100 % for {ctx.route_word} use"
    elif ctx.route is Route.ORAL and d.oral_bioavailability_pct is not None:
        f_pct = d.oral_bioavailability_pct.value
        f_source = "profile"
        used.append(("oral bioavailability", d.oral_bioavailability_pct))
    elif upper_bound:
        f_pct = 100.0
        f_source = (
            f"upper bound: the fraction absorbed after {ctx.route_word} use is not known, so "
            "all of the dose is assumed to reach the mother's blood"
        )
        notes.append(
            f"The fraction of the dose absorbed after {ctx.route_word} use is not known: the "
            "estimate assumes all of it (an upper bound) and can only show that exposure is low."
        )
    else:
        f_pct = 100.0
        f_source = "assumed 100 % (unknown; the conservative choice)"
        notes.append(f"Bioavailability for {ctx.route_word} use is unknown; 100 % assumed.")
    f = f_pct / 100.0
    w = ctx.maternal_weight_kg
    intake = ctx.thresholds.milk_intake_l_per_kg_day
    cavg = pk.average_plasma_conc_mg_per_l(
        f_fraction=f,
        daily_dose_mg=daily,
        vd_l_per_kg=vd.value,
        maternal_weight_kg=w,
        half_life_h=t_half.value,
    )
    milk = pk.milk_conc_mg_per_l(mp.value, cavg)
    infant = pk.infant_dose_mg_per_kg_day(milk, intake)
    maternal = pk.maternal_dose_mg_per_kg_day(daily, w)
    rid = pk.rid_pct(infant, maternal)
    c0 = pk.peak_plasma_single_dose_mg_per_l(
        f_fraction=f, dose_mg=per_dose, vd_l_per_kg=vd.value, maternal_weight_kg=w
    )
    milk0 = pk.milk_conc_mg_per_l(mp.value, c0)
    rid_peak = pk.rid_pct(pk.infant_dose_mg_per_kg_day(milk0, intake), maternal)
    cites = tuple(k for _, v in used for k in v.citation_keys)
    n_studies = len(d.milk_studies)
    data_note = (
        "no milk data"
        if not n_studies
        else f"the {n_studies} milk stud{'y' if n_studies == 1 else 'ies'} listed "
        f"give{'s' if n_studies == 1 else ''} no level "
        "that can be scaled to this dose"
    )
    bound_note = (
        f" an upper bound for {ctx.route_word} use (all of the dose assumed absorbed)"
        if upper_bound
        else ""
    )
    basis = (
        f"Estimated from pharmacokinetics ({data_note}):{bound_note} M/P x F x dose rate / "
        "(Vd x weight x ln2 / t1/2), infant intake 0.15 L/kg/day;"
    )
    findings, category, hours = _decide_exposure(
        ctx,
        rule="pk_estimate",
        evidence=Evidence.ESTIMATED,
        rid_total=rid,
        rid_peak=rid_peak,
        basis=basis,
        cites=cites,
    )
    unverified = [name for name, v in used if not v.verified]
    warnings = tuple(notes)
    if unverified:
        warnings += ("Unverified values used in the estimate: " + ", ".join(unverified) + ".",)
    acceptable = ctx.rid_threshold_pct / 100.0 * maternal / intake
    numbers: dict[str, object] = {
        "oral_bioavailability_used_pct": number(f_pct, "%", f_source),
        "clearance_l_per_h": number(
            pk.clearance_l_per_h(vd.value, w, t_half.value), "L/h", "estimated"
        ),
        "plasma_conc_avg_mg_per_l": number(cavg, "mg/L", "estimated"),
        "milk_conc_avg_mg_per_l": number(milk, "mg/L", "estimated"),
        "maternal_dose_mg_per_kg_day": number(maternal, "mg/kg/day", "scenario"),
        "infant_dose_mg_per_kg_day": number(infant, "mg/kg/day", "estimated"),
        "rid_pct": number(rid, "%", "estimated"),
        "acceptable_milk_conc_mg_per_l": number(
            acceptable,
            "mg/L",
            "threshold",
            _RID_CITES,
            note="RID threshold x maternal dose / intake",
        ),
    }
    if ctx.per_dose:
        numbers["plasma_c0_mg_per_l"] = number(c0, "mg/L", "estimated", note="F x dose / Vd")
        numbers["milk_conc_peak_mg_per_l"] = number(milk0, "mg/L", "estimated")
        numbers["rid_peak_pct"] = number(rid_peak, "%", "estimated")
    return Exposure(
        findings=tuple(findings),
        category=category,
        evidence=Evidence.ESTIMATED,
        rid_pct=rid,
        rid_source=RidSource.ESTIMATED,
        infant_dose_mg_per_kg_day=infant,
        interrupt_hours=hours,
        numbers=numbers,
        warnings=warnings,
        upper_bound=upper_bound,
    )


def rule_infant_age(
    ctx: Context, *, rid_pct: float | None, exposure_ok: bool, curated_note: str = ""
) -> Finding | None:
    """Rule 8: a neonate (< 60 days) or preterm infant and a drug that accumulates or
    depresses the CNS.

    CNS depressants: `use_alternative` (most reported reactions in breastfed newborns involved
    CNS-active drugs) unless curated guidance addressing newborns matched. Drugs that only
    accumulate (long half-life, active metabolites): the RID must be below the lowered
    threshold (LactRx policy); when it is (`exposure_ok`) the finding is informational,
    otherwise, or when no RID is known, `use_alternative`.
    """
    if not ctx.newborn_caution:
        return None
    who = []
    if ctx.infant_age_days is not None and ctx.infant_age_days < ctx.thresholds.neonate_age_days:
        who.append(f"{ctx.infant_age_days} day{'' if ctx.infant_age_days == 1 else 's'} old")
    if ctx.preterm:
        who.append("preterm")
    lowered = f"{ctx.thresholds.rid_neonatal_pct:g} % (LactRx policy)"
    why = list(ctx.accumulation_reasons)
    why_text = why[0] if len(why) == 1 else ", ".join(why[:-1]) + " and " + why[-1]
    text = (
        f"The infant is {' and '.join(who)}, and {ctx.drug.name} "
        + why_text
        + ". Newborn and preterm infants clear drugs slowly and had most reported reactions, "
        "about half with CNS-active drugs."
    )
    category: Category | None = Category.USE_ALTERNATIVE
    if (
        ctx.drug.cns_depressant
        and exposure_ok
        and rid_pct is not None
        and (ctx.single_usual_dose_term)
    ):
        text += (
            f" This is one dose of at most the usual dose, and the RID ({rid_pct:.2g} %) is below "
            f"the threshold lowered to {lowered}: breastfeeding can continue with close "
            "watching of the baby for drowsiness and breathing (LactRx policy; repeated doses "
            "would need an alternative)."
        )
        category = None
    elif ctx.drug.cns_depressant:
        text += f" {ctx.prefer_alternatives()}."
    elif exposure_ok and rid_pct is not None:
        text += f" The RID ({rid_pct:.2g} %) is below the threshold lowered to {lowered}."
        category = None
    else:
        known = f"The RID ({rid_pct:.2g} %) is not" if rid_pct is not None else "No RID is known"
        text += f" {known} below the threshold lowered to {lowered}. {ctx.prefer_alternatives()}."
    if curated_note and category is not None:
        text += f" {curated_note}"
    return Finding(
        rule="infant_age",
        category=category,
        text=text,
        citation_keys=("anderson-2003",),
        monitoring=(CNS_MONITORING,) if ctx.drug.cns_depressant else (),
    )


def study_summary(d: DrugProfile) -> str:
    """The monograph's milk studies in one sentence (dose text and number of mothers)."""
    parts = []
    for s in d.milk_studies:
        text = (s.description or "dose not stated").rstrip(". ")
        if s.n_mothers:
            text += f" ({s.n_mothers} mother{'' if s.n_mothers == 1 else 's'})"
        parts.append(text)
    return "; ".join(parts)


def rule_milk_studies(ctx: Context) -> Finding | None:
    """Milk studies that give no level LactRx can scale to the dose are still reported
    (informational): "no milk data" is said only when the monograph lists no milk study."""
    d = ctx.drug
    if not d.milk_studies:
        return None
    n = len(d.milk_studies)
    return Finding(
        rule="milk_studies",
        category=None,
        text=(
            f"The monograph lists {n} milk stud{'y' if n == 1 else 'ies'} without a milk level "
            f"or RID that can be scaled to this dose: {study_summary(d)}."
        ),
        citation_keys=tuple(dict.fromkeys(k for s in d.milk_studies for k in s.citation_keys)),
    )


def _single_dose_pause_hours(ctx: Context) -> float | None:
    """Insufficient data, one dose: the pause that clears ~97 % of it (5 half-lives), when that
    is short (5 half-lives <= 12 h), the dose is not above the usual maximum and no milk study
    exists
    (a qualitative study, often "not detected", never turns into a pause). LactRx policy."""
    d = ctx.drug
    t = d.half_life_h
    if ctx.regimen is not Regimen.SINGLE or t is None or ctx.dose_mg is None:
        return None
    if d.milk_studies:
        # Qualitative milk studies exist (often "not detected"): no pause is invented.
        return None
    if d.max_dose_mg is not None and ctx.dose_mg > d.max_dose_mg:
        return None
    if 5 * t.value > INSUFFICIENT_PAUSE_MAX_H:
        # A long pause is a real harm to breastfeeding: not invented without data.
        return None
    return pk.practical_hours(5 * t.value)


def rule_insufficient_data(ctx: Context) -> Finding:
    """Rule 10: too little data -> never compatible by default.

    Scales with dose, regimen and route: one dose (at most the usual maximum, half-life known,
    5 half-lives at most 12 h) gets a pause of 5 half-lives (~97 % cleared; LactRx policy
    following Australian Prescriber); regular or higher doses get `use_alternative`, and the
    reason says how the dose compares with the usual one and what the route means.
    """
    missing = []
    d = ctx.drug
    if not d.milk_studies:
        missing.append("no milk-level studies")
    else:
        n = len(d.milk_studies)
        missing.append(
            f"{n} milk stud{'y' if n == 1 else 'ies'} but no level that can be scaled to this dose"
        )
    for label, v in (("M/P ratio", d.mp_ratio), ("half-life", d.half_life_h)):
        if v is None:
            missing.append(f"no {label}")
    if d.vd_l_per_kg is None:
        missing.append("no volume of distribution")
    if ctx.dose_mg is None:
        missing.append("no dose (and no typical dose)")
    keys = lactation_keys(d)
    warnings: tuple[str, ...] = ()
    if not keys:
        warnings = (
            f"No lactation-specific source: the monograph of {d.name} cites none; check "
            "LactMed or a drug information service.",
        )
    text = (
        f"Too little is known about {d.name} in breastfeeding ("
        + ", ".join(missing or ["data incomplete"])
        + ")."
    )
    usual = d.max_dose_mg
    if usual is not None and ctx.dose_mg is not None and ctx.dose_mg > usual:
        text += (
            f" The dose ({ctx.dose_mg:g} mg) is above the usual maximum dose "
            f"({usual:g} mg), so more can reach the milk."
        )
    if ctx.route in LOCAL_ROUTES and not ctx.local_low_absorption:
        text += (
            f" After {ctx.route_word} use less usually reaches the mother's blood than after "
            "a dose by mouth or injection, but the monograph gives no figure."
        )
    hours = _single_dose_pause_hours(ctx)
    t = d.half_life_h
    category = Category.USE_ALTERNATIVE
    if hours is not None and t is not None:
        category = Category.INTERRUPT
        text += (
            f" For one dose, about 5 half-lives (5 x {t.value:g} h, rounded to {hours:g} h) "
            "clear about 97 % of it: feed just before the dose, then pause breastfeeding for "
            f"{hours:g} h (express to keep the supply) - LactRx policy when nothing measured in "
            f"milk is known. For regular use, {ctx.prefer_alternatives().lower()}."
        )
        keys = (*keys, *t.citation_keys, "ausprescriber-drugs-bf")
    else:
        text += f" {ctx.prefer_alternatives()}, especially for a newborn or preterm infant."
    return Finding(
        rule="insufficient_data",
        category=category,
        text=text,
        citation_keys=tuple(dict.fromkeys(keys)),
        evidence=Evidence.INSUFFICIENT,
        warnings=warnings,
        interrupt_hours=hours if category is Category.INTERRUPT else None,
    )


def monitoring_for(ctx: Context) -> tuple[str, ...]:
    """What to watch for in the baby, from the profile's infant effects and flags."""
    d = ctx.drug
    out: list[str] = []
    for e in d.infant_effects:
        if e.severity in {"mild", "moderate", "serious"}:
            out.append(f"Watch for: {e.description}")
    if d.cns_depressant:
        out.append(CNS_MONITORING)
    if d.narrow_therapeutic_index:
        out.append(NTI_MONITORING)
    return tuple(out)


INTERRUPTION_COSTS = (
    "Milk supply can fall during a pause; express at the usual feeding times to keep it.",
    "Engorgement, plugged ducts and mastitis if milk is not removed.",
    "The baby may refuse the bottle, or the breast afterwards.",
    "Interruptions raise the risk of early weaning.",
    "Pumping and discarding milk is a real burden for the parent.",
)
