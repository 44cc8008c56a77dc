"""Drug profiles for the engine tests, with realistic numbers.

These are test inputs, not seed data: the values are typical literature figures, rounded, and
the citation entries name the source kind without inventing identifiers. The real monographs
live in fixtures/ and reach the engine through advice.services.
"""

from __future__ import annotations

import datetime

from advice.engine import (
    AlternativeRef,
    Category,
    Citation,
    DrugProfile,
    Guidance,
    InfantEffect,
    LactationEffect,
    MilkStudy,
    PkValue,
    Regimen,
    Route,
)

REVIEWED = datetime.date(2026, 1, 15)


def guidance(
    key: str,
    verdict: Category,
    *,
    guideline: str,
    version: str = "",
    hours: tuple[float | None, float | None] = (None, None),
    regimen: Regimen | None = None,
    routes: tuple[Route, ...] = (),
    dose: tuple[float | None, float | None] = (None, None),
    age: tuple[int | None, int | None] = (None, None),
    preterm: bool | None = None,
    activity: tuple[float | None, float | None] = (None, None),
    rationale: str = "",
    cites: tuple[str, ...] = (),
    followed: bool = True,
) -> Guidance:
    return Guidance(
        key=key,
        verdict=verdict,
        interrupt_hours_min=hours[0],
        interrupt_hours_max=hours[1],
        regimen=regimen,
        routes=routes,
        dose_min_mg=dose[0],
        dose_max_mg=dose[1],
        infant_age_min_days=age[0],
        infant_age_max_days=age[1],
        preterm=preterm,
        activity_min_mbq=activity[0],
        activity_max_mbq=activity[1],
        guideline=guideline,
        guideline_version=version,
        rationale=rationale,
        citation_keys=cites,
        followed=followed,
    )


def lactmed(slug: str, name: str) -> Citation:
    return Citation(key=f"{slug}:lactmed", kind="lactmed", title=f"LactMed: {name}")


def own_source(slug: str, short: str) -> Citation:
    """A monograph's own non-LactMed source (a reference book, a drug information service)."""
    return Citation(key=f"{slug}:{short}", kind="web", title=f"{short} on {slug}")


def sertraline() -> DrugProfile:
    return DrugProfile(
        slug="sertraline",
        name="Sertraline",
        kind="drug",
        classes=("SSRI", "antidepressant"),
        serotonergic=True,
        half_life_h=PkValue(26.0, 22.0, 36.0, ("obach2008",), verified=True),
        oral_bioavailability_pct=PkValue(44.0, verified=False),
        vd_l_per_kg=PkValue(20.0, verified=True, citation_keys=("obach2008",)),
        mw_da=PkValue(306.2, verified=True),
        protein_binding_pct=PkValue(98.5, verified=True),
        typical_dose_mg=50.0,
        typical_doses_per_day=1.0,
        max_dose_mg=200.0,
        milk_studies=(
            MilkStudy(
                maternal_dose_mg=100.0,
                regimen=Regimen.CHRONIC,
                doses_per_day=1.0,
                milk_conc_avg_mg_per_l=0.045,
                milk_conc_peak_mg_per_l=0.09,
                rid_pct=None,
                n_mothers=12,
                citation_keys=("sertraline:lactmed",),
            ),
        ),
        guidance=(
            guidance(
                "sertraline-lactmed",
                Category.COMPATIBLE,
                guideline="LactMed",
                version="2025",
                age=(0, None),
                rationale="Preferred antidepressant while breastfeeding, including newborns.",
                cites=("sertraline:lactmed",),
            ),
        ),
        citations=(lactmed("sertraline", "Sertraline"),),
        last_reviewed=REVIEWED,
        revision="r1",
    )


def ibuprofen() -> DrugProfile:
    return DrugProfile(
        slug="ibuprofen",
        name="Ibuprofen",
        kind="drug",
        classes=("NSAID",),
        half_life_h=PkValue(2.0, verified=True),
        oral_bioavailability_pct=PkValue(80.0, verified=True),
        vd_l_per_kg=PkValue(0.15, verified=True),
        mw_da=PkValue(206.3, verified=True),
        typical_dose_mg=400.0,
        typical_doses_per_day=3.0,
        max_dose_mg=800.0,
        milk_studies=(
            MilkStudy(400.0, Regimen.CHRONIC, 3.0, 0.18, 0.36, 0.6, 13, ("ibuprofen:lactmed",)),
        ),
        citations=(lactmed("ibuprofen", "Ibuprofen"),),
        last_reviewed=REVIEWED,
    )


def fluoxetine() -> DrugProfile:
    """Accumulates (long half-life, active metabolite norfluoxetine); RID up to ~7 %."""
    return DrugProfile(
        slug="fluoxetine",
        name="Fluoxetine",
        kind="drug",
        classes=("SSRI",),
        serotonergic=True,
        half_life_h=PkValue(72.0, 24.0, 144.0, verified=True),
        oral_bioavailability_pct=PkValue(72.0, verified=True),
        vd_l_per_kg=PkValue(35.0, verified=True),
        typical_dose_mg=20.0,
        typical_doses_per_day=1.0,
        max_dose_mg=80.0,
        active_metabolites=True,
        milk_studies=(
            MilkStudy(20.0, Regimen.CHRONIC, 1.0, None, None, 6.8, 10, ("fluoxetine:lactmed",)),
        ),
        infant_effects=(
            InfantEffect("colic, irritability, poor sleep", "mild", "any", ("fluoxetine:lactmed",)),
        ),
        alternatives=(
            AlternativeRef(
                "sertraline",
                "Sertraline",
                "depression",
                "lower infant levels, best studied",
                (),
                sertraline(),
            ),
        ),
        citations=(lactmed("fluoxetine", "Fluoxetine"),),
        last_reviewed=REVIEWED,
    )


def codeine() -> DrugProfile:
    return DrugProfile(
        slug="codeine",
        name="Codeine",
        kind="drug",
        classes=("opioid",),
        half_life_h=PkValue(3.0, verified=True),
        oral_bioavailability_pct=PkValue(90.0, 50.0, 90.0, verified=False),
        vd_l_per_kg=PkValue(3.5, verified=True),
        mw_da=PkValue(299.4, verified=True),
        typical_dose_mg=30.0,
        typical_doses_per_day=4.0,
        max_dose_mg=60.0,
        cns_depressant=True,
        active_metabolites=True,
        guidance=(
            guidance(
                "codeine-fda-2017",
                Category.USE_ALTERNATIVE,
                guideline="FDA Drug Safety Communication",
                version="2017-04-20",
                rationale=(
                    "Recommends against codeine while breastfeeding (CYP2D6 ultra-rapid "
                    "metabolism; infant deaths and breathing problems)."
                ),
                cites=("fda-dsc-codeine-tramadol-2017",),
            ),
            guidance(
                "codeine-mhra-2013",
                Category.WEAN,
                guideline="UK MHRA Drug Safety Update",
                version="2013",
                rationale="Contraindicated in breastfeeding women.",
                cites=("codeine:mhra",),
                followed=False,
            ),
        ),
        infant_effects=(
            InfantEffect(
                "sedation, apnoea; one infant death (ultra-rapid maternal metabolism)",
                "serious",
                "neonate",
                ("codeine:lactmed",),
            ),
        ),
        alternatives=(
            AlternativeRef("ibuprofen", "Ibuprofen", "pain", "non-opioid first", (), ibuprofen()),
        ),
        citations=(
            Citation(
                key="fda-dsc-codeine-tramadol-2017",
                kind="guideline",
                title="FDA Drug Safety Communication: codeine and tramadol",
                url=(
                    "https://www.fda.gov/drugs/drug-safety-and-availability/fda-drug-safety-"
                    "communication-fda-restricts-use-prescription-codeine-pain-and-cough-"
                    "medicines-and"
                ),
                publisher="US FDA",
                year=2017,
            ),
            Citation(key="codeine:mhra", kind="guideline", title="MHRA Drug Safety Update"),
            lactmed("codeine", "Codeine"),
        ),
        last_reviewed=REVIEWED,
    )


def oxycodone() -> DrugProfile:
    """CNS depressant with a curated short-course statement that does not address newborns."""
    return DrugProfile(
        slug="oxycodone",
        name="Oxycodone",
        kind="drug",
        classes=("opioid",),
        half_life_h=PkValue(3.5, verified=True),
        oral_bioavailability_pct=PkValue(75.0, verified=True),
        vd_l_per_kg=PkValue(2.6, verified=True),
        typical_dose_mg=5.0,
        typical_doses_per_day=4.0,
        max_dose_mg=20.0,
        cns_depressant=True,
        guidance=(
            guidance(
                "oxycodone-abm15",
                Category.COMPATIBLE,
                guideline="ABM Clinical Protocol #15",
                version="2017",
                rationale="Short courses at the lowest dose, watching the infant.",
                cites=("abm-15-2017",),
            ),
        ),
        alternatives=(
            AlternativeRef("ibuprofen", "Ibuprofen", "pain", "non-opioid first", (), ibuprofen()),
        ),
        citations=(Citation("abm-15-2017", "guideline", "ABM Clinical Protocol #15"),),
        last_reviewed=REVIEWED,
    )


TC_ROWS = (
    guidance(
        "tc-low",
        Category.COMPATIBLE,
        guideline="US NRC NUREG-1556 Vol. 9 App. U",
        version="Rev. 3",
        activity=(None, 100.0),
        cites=("nrc-nureg1556-v9-appU",),
    ),
    guidance(
        "tc-mid",
        Category.INTERRUPT,
        guideline="US NRC NUREG-1556 Vol. 9 App. U",
        version="Rev. 3",
        hours=(12.0, 12.0),
        activity=(100.0, 1100.0),
        cites=("nrc-nureg1556-v9-appU",),
    ),
    guidance(
        "tc-high",
        Category.INTERRUPT,
        guideline="US NRC NUREG-1556 Vol. 9 App. U",
        version="Rev. 3",
        hours=(24.0, None),  # "at least 24 h" above 1100 MBq (open top band)
        activity=(1100.0, None),
        cites=("nrc-nureg1556-v9-appU",),
    ),
)

NRC = Citation(
    key="nrc-nureg1556-v9-appU",
    kind="guideline",
    title="NUREG-1556 Vol. 9, Appendix U, Table U.3",
    publisher="US NRC",
)


def pertechnetate(
    typical_activity_mbq: float | None = None, rows: tuple[Guidance, ...] = TC_ROWS
) -> DrugProfile:
    return DrugProfile(
        slug="tc99m-pertechnetate",
        name="Technetium Tc-99m pertechnetate",
        kind="radiopharmaceutical",
        typical_route=Route.IV,
        typical_regimen=Regimen.SINGLE,
        typical_activity_mbq=typical_activity_mbq,
        radioactive=True,
        isotope="Tc-99m",
        physical_half_life_h=6.01,
        guidance=rows,
        citations=(NRC,),
        last_reviewed=REVIEWED,
    )


def iodine131() -> DrugProfile:
    return DrugProfile(
        slug="i131-sodium-iodide",
        name="Sodium iodide I-131",
        kind="radiopharmaceutical",
        typical_route=Route.ORAL,
        typical_regimen=Regimen.SINGLE,
        radioactive=True,
        isotope="I-131",
        radioiodine=True,
        physical_half_life_h=192.5,
        guidance=(
            guidance(
                "i131-nrc",
                Category.WEAN,
                guideline="US NRC NUREG-1556 Vol. 9 App. U",
                version="Rev. 3",
                activity=(0.01, None),
                rationale="Complete cessation for this infant or child.",
                cites=("nrc-nureg1556-v9-appU",),
            ),
        ),
        citations=(NRC,),
        last_reviewed=REVIEWED,
    )


def unlisted_isotope() -> DrugProfile:
    """A radiotracer with no curated activity guidance."""
    return DrugProfile(
        slug="x-tracer",
        name="X tracer",
        kind="radiopharmaceutical",
        typical_route=Route.IV,
        typical_regimen=Regimen.SINGLE,
        radioactive=True,
        isotope="X-1",
        physical_half_life_h=1.83,
    )


def cyclophosphamide() -> DrugProfile:
    return DrugProfile(
        slug="cyclophosphamide",
        name="Cyclophosphamide",
        kind="drug",
        classes=("alkylating agent",),
        half_life_h=PkValue(7.0, verified=True),
        oral_bioavailability_pct=PkValue(75.0, verified=True),
        vd_l_per_kg=PkValue(0.78, verified=True),
        mp_ratio=PkValue(1.0, verified=False),
        typical_dose_mg=1000.0,
        typical_route=Route.IV,
        typical_regimen=Regimen.SINGLE,
        cytotoxic=True,
    )


def methotrexate() -> DrugProfile:
    """Cytotoxic with curated low-dose guidance (single dose only)."""
    return DrugProfile(
        slug="methotrexate",
        name="Methotrexate",
        kind="drug",
        half_life_h=PkValue(8.0, verified=True),
        typical_dose_mg=15.0,
        max_dose_mg=25.0,
        cytotoxic=True,
        guidance=(
            guidance(
                "mtx-low-single",
                Category.INTERRUPT,
                guideline="LactMed",
                version="2025",
                hours=(24.0, 24.0),
                regimen=Regimen.SINGLE,
                dose=(None, 25.0),
                rationale="Low single doses: withhold breastfeeding for 24 h.",
                cites=("methotrexate:lactmed",),
            ),
        ),
        citations=(lactmed("methotrexate", "Methotrexate"),),
    )


def cytotoxic_curated_compatible() -> DrugProfile:
    return DrugProfile(
        slug="cyto-x",
        name="Cyto X",
        kind="drug",
        cytotoxic=True,
        typical_dose_mg=10.0,
        guidance=(guidance("cx", Category.COMPATIBLE, guideline="Some source", cites=()),),
    )


def cabergoline() -> DrugProfile:
    return DrugProfile(
        slug="cabergoline",
        name="Cabergoline",
        kind="drug",
        classes=("dopamine agonist",),
        half_life_h=PkValue(65.0, 63.0, 69.0, verified=False),
        typical_dose_mg=0.5,
        typical_doses_per_day=1.0,
        max_dose_mg=3.0,
        reduces_milk_supply=True,
        lactation_effects=(
            LactationEffect(
                "decreases_supply",
                "It suppresses prolactin and lactation.",
                ("cabergoline:label",),
            ),
        ),
        citations=(Citation("cabergoline:label", "label", "Cabergoline US prescribing info"),),
    )


def pseudoephedrine() -> DrugProfile:
    return DrugProfile(
        slug="pseudoephedrine",
        name="Pseudoephedrine",
        kind="drug",
        classes=("decongestant",),
        half_life_h=PkValue(6.0, verified=True),
        typical_dose_mg=60.0,
        typical_doses_per_day=4.0,
        max_dose_mg=120.0,
        milk_studies=(
            MilkStudy(60.0, Regimen.SINGLE, 1.0, None, None, 4.7, 3, ("pseudoephedrine:lactmed",)),
        ),
        lactation_effects=(
            LactationEffect(
                "decreases_supply",
                "A single 60 mg dose cut 24-hour milk volume by 24 %.",
                ("aljazaf-2003",),
            ),
        ),
        alternatives=(
            AlternativeRef("saline-spray", "Saline nasal spray", "congestion", "no drug", (), None),
        ),
        citations=(
            Citation("aljazaf-2003", "pubmed", "Aljazaf K et al. Br J Clin Pharmacol 2003"),
            lactmed("pseudoephedrine", "Pseudoephedrine"),
        ),
    )


def novel_drug() -> DrugProfile:
    """Insufficient data: no milk studies and no M/P ratio."""
    return DrugProfile(
        slug="novelumab-small",
        name="Noveltinib",
        kind="drug",
        mw_da=PkValue(450.0, verified=True),
        half_life_h=PkValue(10.0, verified=True),
        typical_dose_mg=100.0,
        typical_doses_per_day=1.0,
        alternatives=(
            AlternativeRef(
                "sertraline", "Sertraline", "depression", "well studied", (), sertraline()
            ),
            AlternativeRef("fluoxetine", "Fluoxetine", "depression", "studied", (), fluoxetine()),
        ),
    )


def adalimumab() -> DrugProfile:
    return DrugProfile(
        slug="adalimumab",
        name="Adalimumab",
        kind="biologic",
        classes=("TNF inhibitor", "monoclonal antibody"),
        half_life_h=PkValue(336.0, verified=True),
        mw_da=PkValue(148000.0, verified=True, citation_keys=("adalimumab:label",)),
        typical_dose_mg=40.0,
        typical_route=Route.SC,
        typical_doses_per_day=1.0,
        citations=(Citation("adalimumab:label", "label", "Adalimumab prescribing information"),),
    )


def hydrocortisone() -> DrugProfile:
    return DrugProfile(
        slug="hydrocortisone",
        name="Hydrocortisone",
        kind="drug",
        typical_dose_mg=20.0,
        typical_route=Route.TOPICAL,
        minimal_absorption_routes=(Route.TOPICAL, Route.OPHTHALMIC),
    )


def gentamicin() -> DrugProfile:
    return DrugProfile(
        slug="gentamicin",
        name="Gentamicin",
        kind="drug",
        classes=("aminoglycoside",),
        half_life_h=PkValue(2.5, verified=True),
        vd_l_per_kg=PkValue(0.25, verified=True),
        typical_dose_mg=350.0,
        typical_route=Route.IV,
        poor_infant_oral_absorption=True,
    )


def metronidazole() -> DrugProfile:
    """PK-only profile: a 2 g single dose gives a high peak milk level."""
    return DrugProfile(
        slug="metronidazole",
        name="Metronidazole",
        kind="drug",
        half_life_h=PkValue(8.0, verified=True),
        oral_bioavailability_pct=PkValue(100.0, verified=True),
        vd_l_per_kg=PkValue(0.74, verified=True),
        mp_ratio=PkValue(1.0, verified=True),
        mw_da=PkValue(171.2, verified=True),
        typical_dose_mg=500.0,
        typical_doses_per_day=3.0,
        max_dose_mg=2000.0,
    )


def tinidazole() -> DrugProfile:
    """PK-only profile: long half-life and small Vd; a 2 g single dose needs a pause."""
    return DrugProfile(
        slug="tinidazole",
        name="Tinidazole",
        kind="drug",
        half_life_h=PkValue(13.0, verified=True),
        oral_bioavailability_pct=PkValue(100.0, verified=True),
        vd_l_per_kg=PkValue(0.7, verified=True),
        mp_ratio=PkValue(1.0, verified=True),
        typical_dose_mg=2000.0,
        typical_regimen=Regimen.SINGLE,
        max_dose_mg=2000.0,
    )


def lithium() -> DrugProfile:
    return DrugProfile(
        slug="lithium",
        name="Lithium",
        kind="drug",
        half_life_h=PkValue(24.0, verified=True),
        typical_dose_mg=900.0,
        typical_doses_per_day=1.0,
        max_dose_mg=2400.0,
        narrow_therapeutic_index=True,
        milk_studies=(
            MilkStudy(900.0, Regimen.CHRONIC, 1.0, None, None, 18.0, 10, ("lithium:lactmed",)),
        ),
        alternatives=(
            AlternativeRef("sertraline", "Sertraline", "depression", "", (), sertraline()),
        ),
        citations=(lactmed("lithium", "Lithium"),),
    )


def peak_measured() -> DrugProfile:
    """Synthetic: a measured peak milk level well above the RID threshold after one dose."""
    return DrugProfile(
        slug="peaky",
        name="Peaky",
        kind="drug",
        half_life_h=PkValue(4.0, verified=True),
        typical_dose_mg=100.0,
        typical_regimen=Regimen.SINGLE,
        milk_studies=(MilkStudy(100.0, Regimen.SINGLE, 1.0, 1.5, 3.0, None, 6, ("peaky:study",)),),
        citations=(Citation("peaky:study", "pubmed", "A synthetic milk study"),),
    )


def serious_effects() -> DrugProfile:
    """Low RID but serious infant effects reported."""
    return DrugProfile(
        slug="serio",
        name="Serio",
        kind="drug",
        half_life_h=PkValue(6.0, verified=True),
        typical_dose_mg=10.0,
        milk_studies=(MilkStudy(10.0, Regimen.CHRONIC, 1.0, None, None, 2.0, 8, ()),),
        infant_effects=(InfantEffect("seizures in one infant", "serious", "any", ()),),
    )


def dose_ranged() -> DrugProfile:
    """Curated interruption covers doses up to 500 mg; higher doses have no statement."""
    return DrugProfile(
        slug="ranged",
        name="Ranged",
        kind="drug",
        half_life_h=PkValue(6.0, verified=True),
        oral_bioavailability_pct=PkValue(100.0, verified=True),
        vd_l_per_kg=PkValue(20.0, verified=True),
        mp_ratio=PkValue(0.1, verified=True),
        typical_dose_mg=250.0,
        typical_regimen=Regimen.SINGLE,
        max_dose_mg=2000.0,
        guidance=(
            guidance(
                "ranged-single",
                Category.INTERRUPT,
                guideline="Guideline R",
                hours=(4.0, 6.0),
                regimen=Regimen.SINGLE,
                dose=(100.0, 500.0),
            ),
        ),
    )


def chronic_interrupt_guidance() -> DrugProfile:
    """Curated 'interrupt' with no regimen condition, asked about under regular dosing."""
    return DrugProfile(
        slug="chronint",
        name="Chronint",
        kind="drug",
        typical_dose_mg=100.0,
        guidance=(guidance("ci", Category.INTERRUPT, guideline="G", hours=(12.0, 12.0)),),
        alternatives=(AlternativeRef("ibuprofen", "Ibuprofen", "pain", "", (), ibuprofen()),),
    )


def iohexol() -> DrugProfile:
    return DrugProfile(
        slug="iohexol",
        name="Iohexol",
        kind="contrast",
        mw_da=PkValue(821.1, verified=True),
        typical_dose_mg=50000.0,
        typical_route=Route.IV,
        typical_regimen=Regimen.SINGLE,
        poor_infant_oral_absorption=True,
        guidance=(
            guidance(
                "iohexol-acr",
                Category.COMPATIBLE,
                guideline="ACR Manual on Contrast Media",
                version="2024",
                rationale="Infant systemic dose < 0.01 % of the maternal dose.",
                cites=("acr-contrast",),
            ),
            guidance(
                "iohexol-abm31",
                Category.COMPATIBLE,
                guideline="ABM Clinical Protocol #31",
                version="2019",
                cites=("abm-31-2019",),
            ),
        ),
        citations=(
            Citation("acr-contrast", "guideline", "ACR Manual on Contrast Media"),
            Citation("abm-31-2019", "guideline", "ABM Clinical Protocol #31"),
        ),
    )


def oral_f_unknown() -> DrugProfile:
    """PK estimate with unknown oral bioavailability and unverified values."""
    return DrugProfile(
        slug="funk",
        name="Funk",
        kind="drug",
        half_life_h=PkValue(5.0, verified=False),
        vd_l_per_kg=PkValue(1.0, verified=False),
        mp_ratio=PkValue(0.5, verified=True),
        typical_dose_mg=100.0,
        typical_doses_per_day=2.0,
    )


def all_compatible_tracer() -> DrugProfile:
    """A Tc-99m bone agent: every activity row is compatible (no interruption at any activity)."""
    return DrugProfile(
        slug="tc99m-bone",
        name="Tc-99m bone agent",
        kind="radiopharmaceutical",
        typical_route=Route.IV,
        typical_regimen=Regimen.SINGLE,
        typical_activity_mbq=740.0,
        radioactive=True,
        isotope="Tc-99m",
        physical_half_life_h=6.01,
        guidance=(
            guidance("bone-low", Category.COMPATIBLE, guideline="NRC", activity=(0.0, 1000.0),
                     cites=("nrc-nureg1556-v9-appU",)),
            guidance("bone-high", Category.COMPATIBLE, guideline="NRC",
                     activity=(1000.0, 1001.0), cites=("nrc-nureg1556-v9-appU",)),
        ),
        citations=(NRC,),
    )  # fmt: skip


def tracer_with_general_guidance() -> DrugProfile:
    """An activity-independent "compatible" statement next to a stricter high-activity row."""
    return DrugProfile(
        slug="tc99m-general",
        name="Tc-99m general agent",
        kind="radiopharmaceutical",
        typical_route=Route.IV,
        typical_regimen=Regimen.SINGLE,
        typical_activity_mbq=370.0,
        radioactive=True,
        isotope="Tc-99m",
        physical_half_life_h=6.01,
        guidance=(
            guidance("general", Category.COMPATIBLE, guideline="G",
                     cites=("nrc-nureg1556-v9-appU",)),
            guidance("gen-low", Category.COMPATIBLE, guideline="NRC", activity=(0.0, 500.0),
                     cites=("nrc-nureg1556-v9-appU",)),
            guidance("gen-high", Category.INTERRUPT, guideline="NRC", hours=(12.0, 12.0),
                     activity=(500.0, None), cites=("nrc-nureg1556-v9-appU",)),
        ),
        citations=(NRC,),
    )  # fmt: skip


def weekly_interrupt_guidance() -> DrugProfile:
    """Curated per-dose pause under regular dosing, short half-life (2 h), weekly by default."""
    return DrugProfile(
        slug="weekly",
        name="Weekly",
        kind="drug",
        half_life_h=PkValue(2.0, verified=True),
        typical_dose_mg=100.0,
        typical_doses_per_day=1 / 7,
        guidance=(
            guidance("w", Category.INTERRUPT, guideline="G", hours=(12.0, 12.0),
                     regimen=Regimen.CHRONIC),
        ),
        alternatives=(AlternativeRef("ibuprofen", "Ibuprofen", "pain", "", (), ibuprofen()),),
    )  # fmt: skip


def methotrexate_weekly() -> DrugProfile:
    """Seed-like methotrexate: weekly low dose with LactMed's 24 h pause after each dose."""
    return DrugProfile(
        slug="methotrexate",
        name="Methotrexate",
        kind="drug",
        half_life_h=PkValue(3.9, verified=True),
        typical_dose_mg=15.0,
        typical_doses_per_day=0.143,
        max_dose_mg=25.0,
        cytotoxic=True,
        guidance=(
            guidance("mtx-lowdose-24h", Category.INTERRUPT, guideline="LactMed",
                     hours=(24.0, 24.0), regimen=Regimen.CHRONIC, dose=(None, 30.0),
                     cites=("methotrexate:lactmed",)),
            guidance("mtx-chemo", Category.WEAN, guideline="LactMed", hours=(168.0, None),
                     dose=(30.0, None), cites=("methotrexate:lactmed",)),
        ),
        citations=(lactmed("methotrexate", "Methotrexate"),),
    )  # fmt: skip


def tied_guidance() -> DrugProfile:
    """Fluconazole-like: two equally strict followed entries, one for term infants only."""
    return DrugProfile(
        slug="t",
        name="Tiedazole",
        kind="drug",
        half_life_h=PkValue(30.0, verified=True),
        typical_dose_mg=150.0,
        typical_regimen=Regimen.SINGLE,
        guidance=(
            guidance("t:lactmed-summary", Category.COMPATIBLE, guideline="LactMed",
                     cites=("t:lactmed",)),
            guidance("t:ukmi-term", Category.COMPATIBLE, guideline="UKMi", preterm=False,
                     cites=("t:ukmi",)),
        ),
        citations=(lactmed("t", "Tiedazole"), own_source("t", "ukmi")),
    )  # fmt: skip


def from_birth_guidance() -> DrugProfile:
    """An unconditional statement curated as applying from birth (infant_age_min_days 0)."""
    return DrugProfile(
        slug="birth",
        name="Birthroxine",
        kind="drug",
        half_life_h=PkValue(150.0, verified=False),
        typical_dose_mg=0.1,
        guidance=(
            guidance("birth:lactmed", Category.COMPATIBLE, guideline="LactMed", age=(0, None),
                     cites=("birth:lactmed",)),
        ),
        citations=(lactmed("birth", "Birthroxine"),),
    )  # fmt: skip
