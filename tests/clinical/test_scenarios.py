"""Realistic clinical scenarios, each checked against the published source that supports it.

Each scenario calls the same service the pages, the API and `manage.py advise` use
(`advice.services.advice_for`) on the seeded, published monographs, and asserts the verdict and,
where it matters, the interruption length or the rule that decided. The `# source:` comment above
each scenario names the source the expected answer comes from (the same sources the seed cites;
see fixtures/curated/citations.json and each monograph's citations).
"""

import pytest

from advice.engine import ScenarioError
from advice.services import advice_for

NEWBORN = 14  # days: a term newborn, inside the < 60-day window of Anderson 2003
EARLY = 5  # days postpartum
OLDER = 120  # days: a 4-month-old term infant


def case(
    case_id,
    drug,
    expected,
    *,
    hours=None,
    rule=None,
    marks=(),
    **data,
):
    """One scenario: `expected` verdict, optional (min, max) interrupt hours and a rule id that
    must be among the reasons."""
    return pytest.param(drug, data, expected, hours, rule, id=case_id, marks=marks)


SCENARIOS = [
    # ---------------------------------------------------------------- analgesia
    # source: ABM Clinical Protocol #15 (2017) favours NSAIDs/acetaminophen; LactMed ibuprofen
    # (NBK500986): milk levels undetectable to trace.
    case("ibuprofen-400mg-qid", "ibuprofen", "compatible", dose_mg=400, regimen="chronic"),
    # source: LactMed ibuprofen; ABM #15 (first-line analgesic, including the early postpartum).
    case("ibuprofen-newborn", "ibuprofen", "compatible", dose_mg=400, infant_age_days=EARLY),
    # source: LactMed acetaminophen (RID about 2 %); ABM #15.
    case("acetaminophen-1g-qid", "acetaminophen", "compatible", dose_mg=1000, regimen="chronic"),
    # source: LactMed acetaminophen; ABM #15 — first line also for a newborn's mother.
    case("paracetamol-newborn", "paracetamol", "compatible", dose_mg=1000, infant_age_days=NEWBORN),
    # source: LactMed aspirin — low-dose (75-325 mg/day) aspirin: no aspirin detected in milk.
    case("aspirin-low-dose", "aspirin", "compatible", dose_mg=81, regimen="chronic"),
    # source: FDA Drug Safety Communication 20 Apr 2017 (codeine: recommend against while
    # breastfeeding); AAP Sachs 2013.
    case(
        "codeine-30mg-qid",
        "codeine",
        "use_alternative",
        rule="curated_guidance",
        dose_mg=30,
        regimen="chronic",
    ),
    # source: FDA DSC 2017; LactMed codeine (fatal morphine toxicity in a breastfed neonate).
    case(
        "codeine-single-newborn", "codeine", "use_alternative", regimen="single", infant_age_days=3
    ),
    # source: FDA DSC 2017 (tramadol: recommend against while breastfeeding).
    case(
        "tramadol-50mg-qid",
        "tramadol",
        "use_alternative",
        rule="curated_guidance",
        dose_mg=50,
        regimen="chronic",
    ),
    # source: FDA DSC 20 Apr 2017 — recommends against codeine and tramadol in breastfeeding at
    # any infant age: the regulatory statement decides, never "use with monitoring".
    case(
        "codeine-5-days", "codeine", "use_alternative", rule="regulatory_avoid", infant_age_days=5
    ),
    case(
        "codeine-single-older",
        "codeine",
        "use_alternative",
        rule="regulatory_avoid",
        dose_mg=30,
        regimen="single",
        infant_age_days=OLDER,
    ),
    case(
        "tramadol-5-days", "tramadol", "use_alternative", rule="regulatory_avoid", infant_age_days=5
    ),
    case(
        "tramadol-single-1-year",
        "tramadol",
        "use_alternative",
        rule="regulatory_avoid",
        dose_mg=50,
        regimen="single",
        infant_age_days=365,
    ),
    # source: LactMed oxycodone (infant sedation common; newborns especially sensitive; other
    # agents preferred); ABM #15 (caution with repeated opioids and newborns).
    case(
        "oxycodone-repeated-newborn",
        "oxycodone",
        "use_alternative",
        dose_mg=5,
        regimen="chronic",
        doses_per_day=4,
        infant_age_days=3,
    ),
    # source: UK SPS (morphine the strong opioid of choice, lowest dose, short term) and LactMed
    # morphine (low-dose morphine preferred); a single post-operative dose, older infant.
    case(
        "morphine-single-postop",
        "morphine",
        "compatible",
        dose_mg=10,
        regimen="single",
        route="iv",
        infant_age_days=OLDER,
    ),
    # source: LactMed hydrocodone (text republished by anikamd.com, cited in the monograph): once
    # milk comes in, limit oral hydrocodone to about 30 mg/day for 2-3 days; 60 mg/day exceeds it.
    case(
        "hydrocodone-60mg-per-day",
        "hydrocodone",
        "use_alternative",
        dose_mg=10,
        doses_per_day=6,
        regimen="chronic",
        infant_age_days=OLDER,
        rule="curated_guidance",
    ),
    # source: LactMed hydrocodone (as above): 20 mg/day is within the ~30 mg/day limit.
    case(
        "hydrocodone-20mg-per-day",
        "hydrocodone",
        "compatible",
        dose_mg=5,
        doses_per_day=4,
        regimen="chronic",
        infant_age_days=OLDER,
    ),
    # source: LactMed hydrocodone: use by a newborn's mother is not a reason to stop; limit to
    # about 30 mg/day (here 20 mg/day, a 10-day-old).
    case(
        "hydrocodone-20mg-per-day-newborn",
        "hydrocodone",
        "compatible",
        dose_mg=5,
        doses_per_day=4,
        regimen="chronic",
        infant_age_days=10,
    ),
    # source: LactMed hydromorphone (NBK501227): a single 2 mg dose gives about 0.7 % of the
    # maternal dose; use by a newborn's mother is limited in dose and duration, not avoided.
    case(
        "hydromorphone-2mg-once-30-days",
        "hydromorphone",
        "compatible",
        dose_mg=2,
        regimen="single",
        infant_age_days=30,
    ),
    # source: LactMed hydromorphone: large or repeated doses have caused neonatal CNS depression.
    case(
        "hydromorphone-regular-30-days",
        "hydromorphone",
        "use_alternative",
        dose_mg=2,
        regimen="chronic",
        doses_per_day=6,
        infant_age_days=30,
    ),
    # source: LactMed oxycodone (Percocet's opioid) + LactMed acetaminophen: the combination is
    # as restrictive as oxycodone.
    case("percocet-combination", "Percocet", "use_alternative", infant_age_days=NEWBORN),
    # source: FDA DSC 2017 (codeine component of Tylenol with Codeine).
    case("tylenol-with-codeine", "Tylenol with Codeine", "use_alternative"),
    # source: FDA DSC 2017 (tramadol component of Ultracet).
    case("ultracet-combination", "Ultracet", "use_alternative"),
    # source: LactMed buprenorphine — stable mothers on maintenance should be encouraged to
    # breastfeed, including newborns.
    case(
        "buprenorphine-maintenance-newborn",
        "buprenorphine",
        "compatible",
        dose_mg=8,
        regimen="chronic",
        infant_age_days=NEWBORN,
    ),
    # source: LactMed methadone — mothers stable on maintenance from pregnancy should be encouraged
    # to breastfeed their infants postpartum (may ease neonatal withdrawal).
    case(
        "methadone-maintenance-newborn",
        "methadone",
        "compatible",
        dose_mg=100,
        regimen="chronic",
        doses_per_day=1,
        infant_age_days=3,
    ),
    # source: LactMed methadone — doses above 100 mg/day: risk of infant sedation; prefer others.
    case("methadone-high-dose", "methadone", "use_alternative", dose_mg=150, regimen="chronic"),
    # ---------------------------------------------------- anaesthesia and sedation
    # source: ABM #15 (2017): after general anaesthesia breastfeed as soon as the mother is awake
    # and alert (healthy term infant); LactMed propofol: no need to discard milk.
    case(
        "propofol-induction",
        "propofol",
        "compatible",
        rule="curated_guidance",
        dose_mg=140,
        regimen="single",
        route="iv",
    ),
    # source: ABM #15 (2017), healthy term infant — includes a term newborn.
    case(
        "propofol-term-newborn",
        "propofol",
        "compatible",
        dose_mg=140,
        regimen="single",
        route="iv",
        infant_age_days=NEWBORN,
    ),
    # source: ABM #15 (2017) limits "feed when awake" to healthy term infants; Anderson 2003
    # (preterm and newborn infants had most reported reactions, half with CNS-active drugs).
    case(
        "propofol-preterm",
        "propofol",
        "use_alternative",
        dose_mg=140,
        regimen="single",
        route="iv",
        infant_age_days=NEWBORN,
        preterm=True,
    ),
    # source: ABM #15 (2017); LactMed sevoflurane: no waiting or discarding, nurse when recovered.
    case("sevoflurane-ga", "sevoflurane", "compatible", regimen="single", route="inhaled"),
    # source: ABM #15 (2017), healthy term infant (a term newborn included).
    case(
        "sevoflurane-term-newborn",
        "sevoflurane",
        "compatible",
        regimen="single",
        route="inhaled",
        infant_age_days=NEWBORN,
    ),
    # source: LactMed nitrous oxide: half-life under 3 min, no wait or discarding; ABM #15.
    case(
        "nitrous-oxide-term-newborn",
        "nitrous oxide",
        "compatible",
        regimen="single",
        route="inhaled",
        infant_age_days=NEWBORN,
    ),
    # source: LactMed fentanyl; ABM #15 — brief perioperative use, resume once recovered.
    case("fentanyl-perioperative", "fentanyl", "compatible", dose_mg=0.1, regimen="single"),
    # source: ABM Clinical Protocol #15 (2017): after anaesthesia or procedural sedation a
    # healthy term infant breastfeeds as soon as the mother is awake and alert, no discarding
    # (LactMed's 4-h expert-panel wait is recorded as a disagreement, not followed).
    case(
        "midazolam-iv-procedural",
        "midazolam",
        "compatible",
        rule="guidance_disagreement",
        dose_mg=2,
        regimen="single",
        route="iv",
        infant_age_days=OLDER,
    ),
    # source: ABM #15 (2017) for a healthy term infant past the newborn period (6 weeks).
    case(
        "midazolam-iv-6-weeks",
        "midazolam",
        "compatible",
        dose_mg=2,
        regimen="single",
        route="iv",
        infant_age_days=42,
    ),
    # source: LactMed midazolam — 6-8 h after a single IV dose for a preterm infant.
    case(
        "midazolam-iv-preterm-older",
        "midazolam",
        "interrupt",
        hours=(6, 8),
        dose_mg=2,
        regimen="single",
        route="iv",
        infant_age_days=OLDER,
        preterm=True,
    ),
    # source: LactMed midazolam — 6-8 h after a single IV dose for a newborn.
    case(
        "midazolam-iv-newborn",
        "midazolam",
        "interrupt",
        hours=(6, 8),
        dose_mg=2,
        regimen="single",
        route="iv",
        infant_age_days=NEWBORN,
    ),
    # source: LactMed lidocaine — low milk levels after dental injection, poor infant oral
    # absorption; no interruption.
    case(
        "lidocaine-dental", "lidocaine", "compatible", dose_mg=40, regimen="single", route="local"
    ),
    # source: LactMed lidocaine (as above; applies at any infant age).
    case(
        "lidocaine-dental-newborn",
        "lidocaine",
        "compatible",
        dose_mg=40,
        regimen="single",
        route="local",
        infant_age_days=EARLY,
    ),
    # source: LactMed bupivacaine (epidural/local use: low milk levels).
    case(
        "bupivacaine-epidural",
        "bupivacaine",
        "compatible",
        regimen="single",
        route="epidural",
        infant_age_days=EARLY,
    ),
    # source: LactMed ropivacaine (rev. 2023-12-15): passes poorly into milk, not orally absorbed
    # by the infant; infants appear unaffected — e.g. caesarean epidural analgesia.
    case(
        "ropivacaine-epidural-caesarean",
        "ropivacaine",
        "compatible",
        dose_mg=150,
        regimen="single",
        route="epidural",
        infant_age_days=1,
    ),
    # source: LactMed morphine — epidural morphine gives trivial milk amounts (curated as a
    # minimal-absorption route); oral/IV use can sedate a newborn (next scenario).
    case(
        "morphine-epidural-caesarean-newborn",
        "morphine",
        "compatible",
        rule="low_transfer",
        dose_mg=3,
        regimen="single",
        route="epidural",
        infant_age_days=1,
    ),
    # source: LactMed morphine — oral use can cause infant drowsiness, newborns most sensitive.
    case(
        "morphine-oral-regular-newborn",
        "morphine",
        "use_alternative",
        dose_mg=10,
        regimen="chronic",
        doses_per_day=6,
        infant_age_days=1,
    ),
    # source: LactMed buprenorphine — acceptable, including for newborns; sublingual is the
    # usual maintenance route.
    case(
        "buprenorphine-sublingual-newborn",
        "buprenorphine",
        "compatible",
        dose_mg=8,
        regimen="chronic",
        route="sublingual",
        infant_age_days=NEWBORN,
    ),
    # source: LactMed ondansetron (safeinbreastfeeding.com republication): not a reason to stop
    # breastfeeding; used directly in infants.
    case("ondansetron-older-infant", "ondansetron", "compatible", dose_mg=4, infant_age_days=OLDER),
    # source: LactMed ondansetron: an alternate drug may be preferred for a newborn.
    case("ondansetron-newborn", "ondansetron", "use_alternative", dose_mg=4, infant_age_days=EARLY),
    # ------------------------------------------------------------------- antibiotics
    # source: LactMed amoxicillin — acceptable; small milk amounts.
    case("amoxicillin-500-tid", "amoxicillin", "compatible", dose_mg=500, regimen="chronic"),
    # source: LactMed amoxicillin (newborn included).
    case("amoxicillin-newborn", "amoxicillin", "compatible", dose_mg=500, infant_age_days=EARLY),
    # source: LactMed cephalexin — acceptable.
    case("cephalexin-500-qid", "cephalexin", "compatible", dose_mg=500, regimen="chronic"),
    # source: LactMed cephalexin (newborn).
    case("cephalexin-newborn", "cephalexin", "compatible", dose_mg=500, infant_age_days=NEWBORN),
    # source: LactMed azithromycin — low milk levels, used directly in infants.
    case("azithromycin-course", "azithromycin", "compatible", dose_mg=500, infant_age_days=OLDER),
    # source: LactMed ceftriaxone — acceptable.
    case("ceftriaxone-im", "ceftriaxone", "compatible", dose_mg=1000, regimen="single", route="im"),
    # source: LactMed gentamicin — poorly absorbed from the infant gut.
    case("gentamicin-iv", "gentamicin", "compatible", route="iv", infant_age_days=NEWBORN),
    # source: LactMed clindamycin — oral/IV: another antibiotic may be preferred (gut flora).
    case("clindamycin-oral", "clindamycin", "use_alternative", dose_mg=300, route="oral"),
    # source: LactMed ciprofloxacin (peak milk 3.79 mg/L after 750 mg; isolated pseudomembranous
    # colitis in a breastfed infant): low exposure, but the reported serious infant effect makes
    # a better-documented antibiotic preferable; never a pause or weaning.
    case(
        "ciprofloxacin-course",
        "ciprofloxacin",
        "use_alternative",
        rule="infant_effects",
        dose_mg=500,
        regimen="chronic",
    ),
    # source: SPS/UKMi (followed): a single 2 g metronidazole dose is compatible; LactMed's
    # cited 12-24 h pause is recorded as a disagreement, not followed.
    case(
        "metronidazole-2g-single",
        "metronidazole",
        "compatible",
        rule="guidance_disagreement",
        dose_mg=2000,
        regimen="single",
    ),
    # source: SPS/UKMi metronidazole (courses up to 500 mg three times daily compatible).
    case("metronidazole-400-tid", "metronidazole", "compatible", dose_mg=400, doses_per_day=3),
    # source: LactMed sulfamethoxazole-trimethoprim — alternatives for newborns (bilirubin).
    case(
        "cotrimoxazole-newborn",
        "sulfamethoxazole and trimethoprim",
        "use_alternative",
        infant_age_days=NEWBORN,
    ),
    # source: LactMed sulfamethoxazole-trimethoprim — acceptable for a healthy term infant after
    # the newborn period.
    case(
        "cotrimoxazole-older-infant",
        "sulfamethoxazole and trimethoprim",
        "compatible",
        infant_age_days=OLDER,
    ),
    # source: UKMi Q&A "Can oral fluconazole be used with breastfeeding?" — safe for mothers of
    # full-term infants, no interruption whatever the regimen (nipple/breast thrush); LactMed.
    # Both matching followed entries (UKMi term, LactMed) are listed; UKMi addresses this infant.
    case(
        "fluconazole-thrush-term-newborn",
        "fluconazole",
        "compatible",
        rule="curated_guidance",
        dose_mg=150,
        infant_age_days=NEWBORN,
    ),
    # source: UKMi fluconazole Q&A — caution for preterm infants (no direct safety data).
    case(
        "fluconazole-preterm",
        "fluconazole",
        "use_alternative",
        dose_mg=150,
        infant_age_days=NEWBORN,
        preterm=True,
    ),
    # --------------------------------------------------------------- antidepressants
    # source: LactMed sertraline — a preferred antidepressant; infant serum usually undetectable.
    case("sertraline-50", "sertraline", "compatible", dose_mg=50, regimen="chronic"),
    # source: LactMed sertraline (also for a newborn).
    case("sertraline-newborn", "sertraline", "compatible", dose_mg=100, infant_age_days=NEWBORN),
    # source: LactMed paroxetine — low milk levels, preferred among SSRIs.
    case("paroxetine-20", "paroxetine", "compatible", dose_mg=20, infant_age_days=NEWBORN),
    # source: LactMed fluoxetine — agents with lower milk excretion preferred for a newborn.
    case(
        "fluoxetine-newborn",
        "fluoxetine",
        "use_alternative",
        dose_mg=20,
        infant_age_days=NEWBORN,
    ),
    # source: LactMed fluoxetine — not a reason to stop breastfeeding for an older infant.
    case("fluoxetine-older", "fluoxetine", "compatible", dose_mg=20, infant_age_days=OLDER),
    # source: LactMed lithium — acceptable for term infants with close monitoring.
    case("lithium-term-monitored", "lithium", "compatible", dose_mg=300, infant_age_days=OLDER),
    # source: LactMed lithium — toxicity more likely when elimination is impaired (preterm).
    case("lithium-preterm", "lithium", "use_alternative", infant_age_days=NEWBORN, preterm=True),
    # ------------------------------------------------------------ imaging contrast
    # source: ACR Manual on Contrast Media; ABM #31 (2019): no interruption after iodinated
    # contrast; LactMed iohexol.
    case("iohexol-ct", "iohexol", "compatible", route="iv"),
    # source: ACR Manual on Contrast Media; ABM #31 (also a newborn).
    case("iohexol-ct-newborn", "iohexol", "compatible", route="iv", infant_age_days=EARLY),
    # source: ACR Manual on Contrast Media; ABM #31: no interruption after gadolinium.
    case("gadobutrol-mri", "gadobutrol", "compatible", route="iv"),
    # source: ACR Manual on Contrast Media; ABM #31 (preterm infant too).
    case("gadobutrol-mri-preterm", "gadobutrol", "compatible", infant_age_days=EARLY, preterm=True),
    # source: ACR Manual on Contrast Media; ABM #31.
    case("iodixanol-ct", "iodixanol", "compatible"),
    # ----------------------------------------------------------- nuclear medicine
    # source: US NRC NUREG-1556 Vol. 9 App. U (no interruption for Tc-99m MDP up to 1000 MBq);
    # ABM #31 (bone scan: no interruption).
    case("tc99m-mdp-bone-scan", "technetium Tc-99m medronate", "compatible", activity_mbq=740),
    # source: NRC NUREG-1556 Vol. 9 App. U: below 100 MBq no instructions needed.
    case("tc99m-pertechnetate-80mbq", "sodium pertechnetate Tc-99m", "compatible", activity_mbq=80),
    # source: LactMed pertechnetate table: about 4 h after 185 MBq.
    case(
        "tc99m-pertechnetate-185mbq",
        "sodium pertechnetate Tc-99m",
        "interrupt",
        hours=(4, 4),
        activity_mbq=185,
    ),
    # source: NRC NUREG-1556 Vol. 9 App. U Table U.3: 12 h after up to 440 MBq.
    case(
        "tc99m-pertechnetate-400mbq",
        "sodium pertechnetate Tc-99m",
        "interrupt",
        hours=(12, 12),
        activity_mbq=400,
    ),
    # source: NRC NUREG-1556 Vol. 9 App. U Table U.3: 24 h after up to 1100 MBq.
    case(
        "tc99m-pertechnetate-1000mbq",
        "sodium pertechnetate Tc-99m",
        "interrupt",
        hours=(24, 24),
        activity_mbq=1000,
    ),
    # source: ABM #31 (2019): up to 24 h depending on activity; issue 4 rule 2 — without an
    # activity, do not guess: use the activity table (the most restrictive row, 24 h).
    case(
        "tc99m-pertechnetate-no-activity",
        "sodium pertechnetate Tc-99m",
        "interrupt",
        hours=(24, 24),
        rule="radioactive",
    ),
    # source: NRC NUREG-1556 Vol. 9 App. U: Tc-99m MDP needs no interruption at any tabulated
    # activity, so without an activity the answer stays compatible.
    case("tc99m-mdp-no-activity", "technetium Tc-99m medronate", "compatible"),
    # source: NRC NUREG-1556 Vol. 9 App. U Table U.3: I-123 above 20 MBq, LactMed 3-4 days; the
    # activity is not given, so the strictest row applies (not the typical 14.8 MBq uptake dose).
    case(
        "i123-no-activity", "sodium iodide I-123", "interrupt", hours=(96, 96), rule="radioactive"
    ),
    # source: NRC NUREG-1556 Vol. 9 App. U Table U.3: 12.6 h after up to 150 MBq Tc-99m MAA.
    case(
        "tc99m-maa-lung-scan",
        "technetium Tc-99m albumin aggregated",
        "interrupt",
        hours=(12, 13),
        activity_mbq=148,
    ),
    # source: ABM #31 (2019): no interruption after FDG PET; LactMed FDG.
    case("f18-fdg-pet", "fludeoxyglucose F-18", "compatible", activity_mbq=370),
    # source: NRC NUREG-1556 Vol. 9 App. U; ABM #31: I-131 therapy — stop for this infant.
    case("i131-therapy", "sodium iodide I-131", "wean", activity_mbq=3700),
    # source: ABM #31 (2019): any I-131 means stopping for this infant (no activity given).
    case("i131-no-activity", "sodium iodide I-131", "wean"),
    # source: NRC NUREG-1556 Vol. 9 App. U: I-123 below 20 MBq needs no instructions.
    case("i123-uptake-low", "sodium iodide I-123", "compatible", activity_mbq=14.8),
    # source: LactMed I-123 (NRC subcommittee / American Thyroid Association: stop 3-4 days).
    case(
        "i123-scan-high",
        "sodium iodide I-123",
        "interrupt",
        hours=(72, 96),
        activity_mbq=185,
    ),
    # source: NRC NUREG-1556 Vol. 9 App. U: Tc-99m sestamibi needs no interruption up to 1000 MBq.
    case("tc99m-sestamibi-mpi", "technetium Tc-99m sestamibi", "compatible", activity_mbq=925),
    # source: NRC NUREG-1556 Vol. 9 App. U Table U.3: Tl-201, 2 weeks after 111 MBq.
    case(
        "tl201-cardiac",
        "thallous chloride Tl-201",
        "interrupt",
        hours=(336, 336),
        activity_mbq=111,
    ),
    # source: NRC NUREG-1556 Vol. 9 App. U Table U.3: Ga-67 citrate, 1 month after 150 MBq.
    case(
        "ga67-citrate",
        "gallium citrate Ga-67",
        "interrupt",
        hours=(720, 720),
        activity_mbq=150,
    ),
    # source: NRC NUREG-1556 Vol. 9 App. U Table U.3: Tc-99m RBC in vivo, 6 h after 740 MBq.
    case(
        "tc99m-rbc-in-vivo",
        "technetium Tc-99m red blood cells in vivo",
        "interrupt",
        hours=(6, 6),
        activity_mbq=740,
    ),
    # ----------------------------------------------------------------- chemotherapy
    # source: LactMed methotrexate — at antineoplastic doses abstain (at least one week);
    # 70 mg IV is about 40 mg/m2 (an antineoplastic dose above the 30 mg curated line).
    case(
        "methotrexate-antineoplastic",
        "methotrexate",
        "wean",
        dose_mg=70,
        regimen="single",
        route="iv",
    ),
    # source: LactMed methotrexate — after a low weekly (antirheumatic) dose, withholding
    # breastfeeding for 24 h cuts the infant's dose; a weekly dose can be timed around.
    case(
        "methotrexate-weekly-low-dose",
        "methotrexate",
        "interrupt",
        hours=(24, 24),
        rule="long_interval",
        dose_mg=15,
        regimen="chronic",  # weekly: the monograph's typical 0.143 doses/day
    ),
    # source: LactMed methotrexate (as above), weekly dosing given explicitly as 1/7 per day.
    case(
        "methotrexate-weekly-explicit",
        "methotrexate",
        "interrupt",
        hours=(24, 24),
        rule="curated_guidance",
        dose_mg=15,
        regimen="chronic",
        doses_per_day=1 / 7,
    ),
    # source: LactMed methotrexate (https://www.ncbi.nlm.nih.gov/books/n/lactmed/LM466/, revised
    # 2023-12-15) — the 24-h pause and the low-risk statement are for low single
    # or weekly doses; breastfeeding is contraindicated during antineoplastic therapy (its milk
    # study is 22.5 mg daily for choriocarcinoma): a daily regimen of the same 15 mg is not weekly.
    case(
        "methotrexate-daily-15mg",
        "methotrexate",
        "wean",
        rule="curated_guidance",
        dose_mg=15,
        regimen="chronic",
        doses_per_day=1,
    ),
    # source: LactMed cyclophosphamide — high milk levels, infant neutropenia; stop nursing.
    case("cyclophosphamide-course", "cyclophosphamide", "wean", dose_mg=1000, route="iv"),
    # source: LactMed doxorubicin — detectable in milk for days; abstain during the course.
    case("doxorubicin-course", "doxorubicin", "wean", dose_mg=100, route="iv"),
    # source: LactMed cisplatin (cytotoxic; breastfeeding not advised during therapy).
    case("cisplatin-course", "cisplatin", "wean", route="iv"),
    # source: LactMed fluorouracil — topical use away from the breast: negligible risk, not a
    # reason to stop breastfeeding; IV use: stop (next scenario).
    case("fluorouracil-topical-cream", "fluorouracil", "compatible", route="topical"),
    case("fluorouracil-iv", "fluorouracil", "wean", route="iv"),
    # source: LactMed paclitaxel (cytotoxic; breastfeeding not advised during therapy).
    case("paclitaxel-course", "paclitaxel", "wean", route="iv"),
    # ---------------------------------------------------------------- contraception
    # source: LactMed levonorgestrel; ABM #13 (progestin-only preferred) — emergency pill.
    case("levonorgestrel-emergency", "levonorgestrel", "compatible", dose_mg=1.5, regimen="single"),
    # source: LactMed levonorgestrel — acceptable at any time postpartum; ABM #13.
    case(
        "levonorgestrel-newborn",
        "levonorgestrel",
        "compatible",
        dose_mg=1.5,
        regimen="single",
        infant_age_days=EARLY,
    ),
    # source: LactMed norethindrone; ABM #13 — progestin-only pill at 2 weeks postpartum.
    case("norethindrone-pop-newborn", "norethindrone", "compatible", infant_age_days=NEWBORN),
    # source: ABM #13 (2015): estrogen may reduce supply before lactation is established;
    # LactMed ethinyl estradiol (>= 30 mcg/day likely suppresses lactation).
    case(
        "ethinyl-estradiol-early-postpartum",
        "ethinyl estradiol",
        "use_alternative",
        dose_mg=0.03,
        infant_age_days=21,
    ),
    # source: ABM #13 (2015) — a combined pill (Loestrin) early postpartum: prefer progestin-only.
    case("combined-pill-early", "Loestrin", "use_alternative", infant_age_days=21),
    # source: LactMed medroxyprogesterone — progestin-only methods acceptable at any time
    # postpartum (US expert opinion); ABM #13. The 6-week label advice is recorded, not followed.
    case(
        "dmpa-injection-2-weeks",
        "medroxyprogesterone",
        "compatible",
        rule="guidance_disagreement",
        infant_age_days=NEWBORN,
    ),
    # source: Nexplanon labelling (implant after the 4th postpartum week) — at 6 weeks.
    case("etonogestrel-implant-6wk", "etonogestrel", "compatible", infant_age_days=42),
    # ------------------------------------------------------ supply-lowering drugs
    # source: LactMed cabergoline (suppresses lactation; avoid if continuing to breastfeed).
    case("cabergoline", "cabergoline", "use_alternative"),
    # source: LactMed bromocriptine (suppresses lactation; maternal cardiovascular risk).
    case("bromocriptine", "bromocriptine", "use_alternative"),
    # source: Aljazaf K et al. Br J Clin Pharmacol 2003;56:18-24 — one 60 mg dose cut 24-h
    # milk volume by 24 %.
    case(
        "pseudoephedrine-single-60mg",
        "pseudoephedrine",
        "use_alternative",
        dose_mg=60,
        regimen="single",
    ),
    # source: Aljazaf 2003 (pseudoephedrine in Allegra-D).
    case("allegra-d", "Allegra-D", "use_alternative"),
    # source: LactMed hydrochlorothiazide — 50 mg/day or less is acceptable.
    case("hctz-25mg", "hydrochlorothiazide", "compatible", dose_mg=25),
    # source: LactMed hydrochlorothiazide — 100-150 mg/day regimens were used to suppress
    # lactation (intense diuresis): above the 50 mg line, prefer an alternative.
    case(
        "hctz-100mg-supply",
        "hydrochlorothiazide",
        "use_alternative",
        rule="milk_supply",
        dose_mg=100,
    ),
    # source: LactMed domperidone — infant dose under 0.1 % of the maternal dose; raises supply.
    case(
        "domperidone-galactagogue", "domperidone", "compatible", dose_mg=10, infant_age_days=NEWBORN
    ),
    # ----------------------------------------------------- newborn / preterm infants
    # source: LactMed diazepam — with a preterm infant, wait 6-8 h after a single dose.
    case(
        "diazepam-single-preterm",
        "diazepam",
        "interrupt",
        hours=(6, 8),
        dose_mg=5,
        regimen="single",
        infant_age_days=EARLY,
        preterm=True,
    ),
    # source: LactMed diazepam — repeated doses accumulate; others preferred, esp. preterm.
    case(
        "diazepam-regular-preterm",
        "diazepam",
        "use_alternative",
        dose_mg=5,
        regimen="chronic",
        infant_age_days=EARLY,
        preterm=True,
    ),
    # source: LactMed diazepam — after a single dose usually no need to delay (older infant).
    case(
        "diazepam-single-older",
        "diazepam",
        "compatible",
        dose_mg=5,
        regimen="single",
        infant_age_days=OLDER,
    ),
    # source: LactMed levothyroxine — T4 is a normal milk constituent; replacement doses are not
    # a reason to stop breastfeeding (no infant age restriction).
    # The LactMed entry is curated as applying from birth (infant_age_min_days 0).
    case(
        "levothyroxine-newborn",
        "levothyroxine",
        "compatible",
        rule="curated_guidance",
        infant_age_days=NEWBORN,
    ),
    # source: LactMed warfarin — not detected in milk or infant plasma; clotting tests normal
    # in breastfed infants (mothers 3-12 days postpartum); "no special precautions are
    # necessary" (LactMed summary, curated as applying from birth).
    case(
        "warfarin-newborn",
        "warfarin",
        "compatible",
        rule="curated_guidance",
        infant_age_days=NEWBORN,
    ),
    # source: LactMed acetaminophen (newborn and preterm: far below infant doses).
    case(
        "acetaminophen-preterm", "acetaminophen", "compatible", infant_age_days=EARLY, preterm=True
    ),
    # -------------------------------------------------- one-factor pairs (route, regimen, age)
    # source: LactMed clindamycin — vaginal/topical use is acceptable (oral/IV: see above).
    case("clindamycin-vaginal", "clindamycin", "compatible", route="vaginal"),
    # source: LactMed tretinoin — topical use acceptable; oral (APL) therapy: do not breastfeed.
    case("tretinoin-topical", "tretinoin", "compatible", route="topical"),
    case("tretinoin-oral-apl", "tretinoin", "wean", route="oral", confirm_dose=True),
    # source: e-lactancia ketotifen — eye drops compatible; oral: prefer an alternative.
    case("ketotifen-eye-drops", "ketotifen", "compatible", route="ophthalmic"),
    case("ketotifen-oral", "ketotifen", "use_alternative", route="oral", infant_age_days=OLDER),
    # source: UK SPS minoxidil — topical use compatible; e-lactancia: oral, prefer another.
    case("minoxidil-topical", "minoxidil", "compatible", route="topical"),
    case("minoxidil-oral", "minoxidil", "use_alternative", route="oral", infant_age_days=OLDER),
    # source: LactMed diclofenac — acceptable after the newborn period; other agents preferred
    # for a newborn (<= 28 days).
    case("diclofenac-older", "diclofenac", "compatible", infant_age_days=OLDER),
    case("diclofenac-newborn", "diclofenac", "use_alternative", infant_age_days=NEWBORN),
    # source: LactMed alprazolam — a single dose is acceptable; regular use: prefer another.
    case("alprazolam-single", "alprazolam", "compatible", regimen="single", infant_age_days=OLDER),
    case(
        "alprazolam-regular",
        "alprazolam",
        "use_alternative",
        regimen="chronic",
        infant_age_days=OLDER,
    ),
    # source: LactMed ketorolac — single doses acceptable; regular use: prefer another NSAID.
    case("ketorolac-single", "ketorolac", "compatible", regimen="single", infant_age_days=OLDER),
    case(
        "ketorolac-regular",
        "ketorolac",
        "use_alternative",
        regimen="chronic",
        infant_age_days=OLDER,
    ),
    # source: NHS medicines A-Z (an occasional dose is fine); e-lactancia (regular use: prefer a
    # non-sedating antihistamine).
    case(
        "chlorpheniramine-single",
        "chlorpheniramine",
        "compatible",
        regimen="single",
        infant_age_days=OLDER,
    ),
    case(
        "chlorpheniramine-regular",
        "chlorpheniramine",
        "use_alternative",
        regimen="chronic",
        infant_age_days=OLDER,
    ),
    # ------------------- curated statements of the seed's own sources (one per monograph)
    # source: CDC (via LactMed) [acam2000-smallpox-vaccine:lactmed]
    case(
        "acam2000-smallpox-vaccine-interrupt-curated",
        "acam2000 smallpox vaccine",
        "interrupt",
        rule="curated_guidance",
        hours=(672, 672),
        infant_age_days=120,
    ),
    # source: LactMed [acebutolol:lactmed]
    case(
        "acebutolol-use-alternative-curated",
        "acebutolol",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [acyclovir:lactmed]
    case(
        "acyclovir-compatible-curated",
        "acyclovir",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2024-10-18) [albendazole:lactmed]
    case(
        "albendazole-compatible-curated",
        "albendazole",
        "compatible",
        rule="curated_guidance",
        regimen="single",
        infant_age_days=120,
    ),
    # source: LactMed [albuterol:lactmed]
    case(
        "albuterol-compatible-curated",
        "albuterol",
        "compatible",
        rule="curated_guidance",
        route="inhaled",
        infant_age_days=120,
    ),
    # source: LactMed [allopurinol:lactmed]
    case(
        "allopurinol-compatible-curated",
        "allopurinol",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [amiodarone:lactmed]
    case(
        "amiodarone-use-alternative-curated",
        "amiodarone",
        "use_alternative",
        rule="curated_guidance",
        regimen="chronic",
        infant_age_days=120,
    ),
    # source: LactMed (2022-04-18) [amitriptyline:lactmed]
    case(
        "amitriptyline-compatible-curated",
        "amitriptyline",
        "compatible",
        rule="curated_guidance",
        infant_age_days=58,
    ),
    # source: LactMed (2018-12-03) [amlodipine:lactmed]
    case(
        "amlodipine-compatible-curated",
        "amlodipine",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2024-06-08) [amoxicillin-and-clavulanic-acid:lactmed]
    case(
        "amoxicillin-and-clavulanic-acid-compatible-curated",
        "amoxicillin and clavulanic acid",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [ampicillin:lactmed-summary]
    case(
        "ampicillin-compatible-curated",
        "ampicillin",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: e-lactancia (2023-03-30) [anastrozole:elactancia]
    case(
        "anastrozole-wean-curated",
        "anastrozole",
        "wean",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [aripiprazole:drugscom]
    case(
        "aripiprazole-use-alternative-curated",
        "aripiprazole",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2021-08-16) [atenolol:lactmed]
    case(
        "atenolol-use-alternative-curated",
        "atenolol",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=83,
    ),
    # source: LactMed [atorvastatin:lactmed]
    case(
        "atorvastatin-use-alternative-curated",
        "atorvastatin",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [azathioprine:lactmed]
    case(
        "azathioprine-compatible-curated",
        "azathioprine",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: La Leche League Breastfeeding Answer Book (2003) [barium-sulfate:lll]
    case(
        "barium-sulfate-compatible-curated",
        "barium sulfate",
        "compatible",
        rule="curated_guidance",
        route="oral",
        infant_age_days=120,
    ),
    # source: UK SPS (UKDILAS) (2020-09-23) [beclomethasone:sps]
    case(
        "beclomethasone-compatible-curated",
        "beclomethasone",
        "compatible",
        rule="curated_guidance",
        route="inhaled",
        infant_age_days=120,
    ),
    # source: e-lactancia (2017-06-01) [benzoyl-peroxide:elactancia]
    case(
        "benzoyl-peroxide-compatible-curated",
        "benzoyl peroxide",
        "compatible",
        rule="curated_guidance",
        route="topical",
        infant_age_days=120,
    ),
    # source: LactMed (2021-03-17) [bisacodyl:lactmed]
    case(
        "bisacodyl-compatible-curated",
        "bisacodyl",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2022-03-21) [brexanolone:lactmed]
    case(
        "brexanolone-compatible-curated",
        "brexanolone",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [budesonide:lactmed]
    case(
        "budesonide-compatible-curated",
        "budesonide",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [bupropion:lactmed]
    case(
        "bupropion-compatible-curated",
        "bupropion",
        "compatible",
        rule="curated_guidance",
        infant_age_days=58,
    ),
    # source: LactMed [butorphanol:lactmed]
    case(
        "butorphanol-compatible-curated",
        "butorphanol",
        "compatible",
        rule="curated_guidance",
        regimen="single",
        infant_age_days=120,
    ),
    # source: LactMed [caffeine:lactmed]
    case(
        "caffeine-compatible-curated",
        "caffeine",
        "compatible",
        rule="curated_guidance",
        infant_age_days=51,
    ),
    # source: LactMed / manufacturer label [capecitabine:lactmed]
    case(
        "capecitabine-wean-curated",
        "capecitabine",
        "wean",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2019-06-03) [captopril:lactmed]
    case(
        "captopril-compatible-curated",
        "captopril",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [carbamazepine:lactmed]
    case(
        "carbamazepine-compatible-curated",
        "carbamazepine",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [carboplatin:lactmed]
    case(
        "carboplatin-wean-curated",
        "carboplatin",
        "wean",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [carvedilol:lactmed]
    case(
        "carvedilol-use-alternative-curated",
        "carvedilol",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [cefazolin:lactmed-text]
    case(
        "cefazolin-compatible-curated",
        "cefazolin",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2023-11-15) [cefuroxime:lactmed]
    case(
        "cefuroxime-compatible-curated",
        "cefuroxime",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [celecoxib:lactmed]
    case(
        "celecoxib-compatible-curated",
        "celecoxib",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2024-06-15) [certolizumab-pegol:lactmed]
    case(
        "certolizumab-pegol-compatible-curated",
        "certolizumab pegol",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: UK SPS (UKDILAS) (2021-09-09) [cetirizine:sps]
    case(
        "cetirizine-compatible-curated",
        "cetirizine",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [chloroquine:lactmed]
    case(
        "chloroquine-compatible-curated",
        "chloroquine",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2024-01-15) [citalopram:lactmed]
    case(
        "citalopram-compatible-curated",
        "citalopram",
        "compatible",
        rule="curated_guidance",
        infant_age_days=58,
    ),
    # source: LactMed [clarithromycin:lactmed]
    case(
        "clarithromycin-compatible-curated",
        "clarithromycin",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [clomiphene:meditary]
    case(
        "clomiphene-use-alternative-curated",
        "clomiphene",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [clonazepam:anikamd]
    case(
        "clonazepam-use-alternative-curated",
        "clonazepam",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [clopidogrel:lactmed]
    case(
        "clopidogrel-compatible-curated",
        "clopidogrel",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [clotrimazole:lactmed]
    case(
        "clotrimazole-compatible-curated",
        "clotrimazole",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [clozapine:anikamd]
    case(
        "clozapine-use-alternative-curated",
        "clozapine",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [cocaine:lactmed]
    case(
        "cocaine-interrupt-curated",
        "cocaine",
        "interrupt",
        rule="curated_guidance",
        hours=(24, 24),
        regimen="single",
        infant_age_days=120,
    ),
    # source: LactMed [covid-19-mrna-vaccine:lactmed-pubmed]
    case(
        "covid-19-mrna-vaccine-compatible-curated",
        "covid-19 mrna vaccine",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2024-01-15) [cyclosporine:lactmed]
    case(
        "cyclosporine-compatible-curated",
        "cyclosporine",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2023-07-15) [dabigatran:lactmed]
    case(
        "dabigatran-compatible-curated",
        "dabigatran",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2021-08-16) [dalteparin:lactmed]
    case(
        "dalteparin-compatible-curated",
        "dalteparin",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: ABM Clinical Protocol #15 (2017) [abm-15-2017]
    case(
        "desflurane-compatible-curated",
        "desflurane",
        "compatible",
        rule="curated_guidance",
        regimen="single",
        infant_age_days=120,
    ),
    # source: LactMed [desloratadine:lactmed]
    case(
        "desloratadine-compatible-curated",
        "desloratadine",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [dexamethasone:lactmed]
    case(
        "dexamethasone-use-alternative-curated",
        "dexamethasone",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=21,
    ),
    # source: ABM Clinical Protocol #15 (2017) [abm-15-2017]
    case(
        "dexmedetomidine-compatible-curated",
        "dexmedetomidine",
        "compatible",
        rule="curated_guidance",
        regimen="single",
        infant_age_days=120,
    ),
    # source: LactMed [dextromethorphan:lactmed]
    case(
        "dextromethorphan-compatible-curated",
        "dextromethorphan",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [dicloxacillin:lactmed]
    case(
        "dicloxacillin-compatible-curated",
        "dicloxacillin",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: Janusmed amning (2019-11-19) [digoxin:janusmed]
    case(
        "digoxin-compatible-curated",
        "digoxin",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [diltiazem:lactmed]
    case(
        "diltiazem-compatible-curated",
        "diltiazem",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [docetaxel:lactmed]
    case(
        "docetaxel-wean-curated", "docetaxel", "wean", rule="curated_guidance", infant_age_days=120
    ),
    # source: UK SPS (UKDILAS) [docusate:sps]
    case(
        "docusate-compatible-curated",
        "docusate",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [doxepin:anikamd]
    case(
        "doxepin-use-alternative-curated",
        "doxepin",
        "use_alternative",
        rule="curated_guidance",
        route="oral",
        infant_age_days=120,
    ),
    # source: LactMed (2021-01-18) [doxycycline:lactmed]
    case(
        "doxycycline-use-alternative-curated",
        "doxycycline",
        "use_alternative",
        rule="curated_guidance",
        regimen="chronic",
        infant_age_days=120,
    ),
    # source: LactMed [dronabinol:lactmed]
    case(
        "dronabinol-use-alternative-curated",
        "dronabinol",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2021-04-19) [droperidol:lactmed]
    case(
        "droperidol-compatible-curated",
        "droperidol",
        "compatible",
        rule="curated_guidance",
        regimen="single",
        infant_age_days=90,
    ),
    # source: Slynd labelling (via Drugs.com summary) [drospirenone:label]
    case(
        "drospirenone-compatible-curated",
        "drospirenone",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2024-01-15) [duloxetine:lactmed]
    case(
        "duloxetine-use-alternative-curated",
        "duloxetine",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=21,
    ),
    # source: LactMed [empagliflozin:lactmed]
    case(
        "empagliflozin-use-alternative-curated",
        "empagliflozin",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2021-08-16) [enalapril:lactmed]
    case(
        "enalapril-compatible-curated",
        "enalapril",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [ergotamine:lactmed]
    case(
        "ergotamine-use-alternative-curated",
        "ergotamine",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed (2019-04-01) [erythromycin:lactmed]
    case(
        "erythromycin-compatible-curated",
        "erythromycin",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: LactMed [escitalopram:lactmed]
    case(
        "escitalopram-compatible-curated",
        "escitalopram",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # source: e-lactancia (2018-06-11) [esomeprazole:elactancia]
    case(
        "esomeprazole-compatible-curated",
        "esomeprazole",
        "compatible",
        rule="curated_guidance",
        infant_age_days=120,
    ),
    # --------- one-factor pairs from the seed's own curated statements (source per case)
    # source: LactMed [alprazolam:lactmed]
    case(
        "alprazolam-regimen-a",
        "alprazolam",
        "use_alternative",
        regimen="chronic",
        infant_age_days=120,
    ),
    # source: LactMed [alprazolam:lactmed]
    case("alprazolam-regimen-b", "alprazolam", "compatible", regimen="single", infant_age_days=120),
    # source: LactMed [amiodarone:lactmed]
    case(
        "amiodarone-regimen-a",
        "amiodarone",
        "use_alternative",
        regimen="chronic",
        infant_age_days=120,
    ),
    # source: LactMed [amiodarone:lactmed-pubmed]
    case("amiodarone-regimen-b", "amiodarone", "compatible", regimen="single", infant_age_days=120),
    # source: LactMed (2022-04-18) [amitriptyline:lactmed]
    case("amitriptyline-infant-age-days-a", "amitriptyline", "compatible", infant_age_days=58),
    # source: LactMed (2022-04-18) [amitriptyline:lactmed]
    case("amitriptyline-infant-age-days-b", "amitriptyline", "use_alternative", infant_age_days=21),
    # source: LactMed (2021-08-16) [atenolol:lactmed]
    case("atenolol-infant-age-days-a", "atenolol", "use_alternative", infant_age_days=83),
    # source: LactMed (2021-08-16) [atenolol:lactmed]
    case("atenolol-infant-age-days-b", "atenolol", "compatible", infant_age_days=120),
    # source: LactMed [bupropion:lactmed]
    case("bupropion-infant-age-days-a", "bupropion", "compatible", infant_age_days=58),
    # source: LactMed [bupropion:lactmed]
    case("bupropion-infant-age-days-b", "bupropion", "use_alternative", infant_age_days=21),
    # source: LactMed [butorphanol:lactmed]
    case(
        "butorphanol-regimen-a", "butorphanol", "compatible", regimen="single", infant_age_days=120
    ),
    # source: LactMed [butorphanol:lactmed]
    case(
        "butorphanol-regimen-b",
        "butorphanol",
        "use_alternative",
        regimen="chronic",
        infant_age_days=120,
    ),
    # source: NHS medicines A-Z [chlorpheniramine:nhs]
    case(
        "chlorpheniramine-regimen-a",
        "chlorpheniramine",
        "compatible",
        regimen="single",
        infant_age_days=120,
    ),
    # source: e-lactancia (2018-02-27) [chlorpheniramine:elactancia]
    case(
        "chlorpheniramine-regimen-b",
        "chlorpheniramine",
        "use_alternative",
        regimen="chronic",
        infant_age_days=120,
    ),
    # source: LactMed (2024-01-15) [citalopram:lactmed]
    case("citalopram-infant-age-days-a", "citalopram", "compatible", infant_age_days=58),
    # source: LactMed (2024-01-15) [citalopram:lactmed]
    case("citalopram-infant-age-days-b", "citalopram", "use_alternative", infant_age_days=21),
    # source: LactMed [clindamycin:lactmed]
    case(
        "clindamycin-route-a", "clindamycin", "use_alternative", route="oral", infant_age_days=120
    ),
    # source: LactMed [clindamycin:lactmed]
    case("clindamycin-route-b", "clindamycin", "compatible", route="vaginal", infant_age_days=120),
    # source: LactMed [cocaine:lactmed]
    case(
        "cocaine-regimen-a",
        "cocaine",
        "interrupt",
        hours=(24, 24),
        regimen="single",
        infant_age_days=120,
    ),
    # source: LactMed [cocaine:lactmed]
    case("cocaine-regimen-b", "cocaine", "wean", regimen="chronic", infant_age_days=120),
    # source: LactMed [diazepam:lactmed]
    case(
        "diazepam-infant-age-days-a", "diazepam", "compatible", regimen="single", infant_age_days=58
    ),
    # source: LactMed [diazepam:lactmed]
    case(
        "diazepam-infant-age-days-b",
        "diazepam",
        "interrupt",
        hours=(8, 8),
        regimen="single",
        infant_age_days=21,
    ),
    # source: LactMed (2024-02-15) [diclofenac:lactmed]
    case("diclofenac-infant-age-days-a", "diclofenac", "compatible", infant_age_days=58),
    # source: LactMed (2024-02-15) [diclofenac:lactmed]
    case("diclofenac-infant-age-days-b", "diclofenac", "use_alternative", infant_age_days=21),
    # source: Nexplanon prescribing information [etonogestrel:label]
    case("etonogestrel-infant-age-days-a", "etonogestrel", "compatible", infant_age_days=58),
    # source: Nexplanon prescribing information [etonogestrel:label]
    case("etonogestrel-infant-age-days-b", "etonogestrel", "use_alternative", infant_age_days=21),
    # source: LactMed [fluorouracil:lactmed]
    case("fluorouracil-route-a", "fluorouracil", "wean", route="iv", infant_age_days=120),
    # source: LactMed [fluorouracil:lactmed]
    case(
        "fluorouracil-route-b", "fluorouracil", "compatible", route="topical", infant_age_days=120
    ),
    # source: LactMed (2023-08-15) [fluoxetine:lactmed]
    case("fluoxetine-infant-age-days-a", "fluoxetine", "compatible", infant_age_days=58),
    # source: LactMed (2023-08-15) [fluoxetine:lactmed]
    case("fluoxetine-infant-age-days-b", "fluoxetine", "use_alternative", infant_age_days=21),
    # source: LactMed [imipramine:lactmed]
    case("imipramine-infant-age-days-a", "imipramine", "compatible", infant_age_days=58),
    # source: LactMed [imipramine:lactmed]
    case("imipramine-infant-age-days-b", "imipramine", "use_alternative", infant_age_days=21),
    # source: LactMed (2024-09-15) [indomethacin:lactmed]
    case("indomethacin-infant-age-days-a", "indomethacin", "compatible", infant_age_days=58),
    # source: LactMed (2024-09-15) [indomethacin:lactmed]
    case("indomethacin-infant-age-days-b", "indomethacin", "use_alternative", infant_age_days=21),
    # source: LactMed (2020-10-19) [ketorolac:lactmed]
    case("ketorolac-regimen-a", "ketorolac", "compatible", regimen="single", infant_age_days=120),
    # source: LactMed (2020-10-19) [ketorolac:themeditary]
    case(
        "ketorolac-regimen-b",
        "ketorolac",
        "use_alternative",
        regimen="chronic",
        infant_age_days=120,
    ),
    # source: LactMed [labetalol:lactmed]
    case("labetalol-preterm-a", "labetalol", "compatible", infant_age_days=120),
    # source: LactMed [labetalol:lactmed]
    case("labetalol-preterm-b", "labetalol", "use_alternative", infant_age_days=120, preterm=True),
    # source: LactMed [lithium:anikamd]
    case("lithium-preterm-a", "lithium", "compatible", infant_age_days=120),
    # source: LactMed [lithium:anikamd]
    case("lithium-preterm-b", "lithium", "use_alternative", infant_age_days=120, preterm=True),
    # source: LactMed (2023-04-15) [methamphetamine:lactmed]
    case(
        "methamphetamine-route-a",
        "methamphetamine",
        "use_alternative",
        regimen="chronic",
        route="oral",
        infant_age_days=120,
    ),
    # source: LactMed (2023-04-15) [methamphetamine:lactmed]
    case(
        "methamphetamine-route-b",
        "methamphetamine",
        "wean",
        regimen="chronic",
        route="iv",
        infant_age_days=120,
    ),
    # source: SPS (UKDILAS) (2024-02-06) [nitrofurantoin:sps]
    case("nitrofurantoin-infant-age-days-a", "nitrofurantoin", "compatible", infant_age_days=38),
    # source: Can Fam Physician (Motherisk) (2014) [nitrofurantoin:zao-2014]
    case(
        "nitrofurantoin-infant-age-days-b", "nitrofurantoin", "use_alternative", infant_age_days=1
    ),
    # source: LactMed [ondansetron:lactmed]
    case("ondansetron-infant-age-days-a", "ondansetron", "compatible", infant_age_days=59),
    # source: LactMed [ondansetron:lactmed]
    case("ondansetron-infant-age-days-b", "ondansetron", "use_alternative", infant_age_days=21),
    # source: UK SPS (UKDILAS) (2019-03-04) [promethazine:sps]
    case(
        "promethazine-regimen-a",
        "promethazine",
        "compatible",
        regimen="single",
        infant_age_days=120,
    ),
    # source: UK SPS (UKDILAS) (2017-05-22) [promethazine:sps-staging]
    case(
        "promethazine-regimen-b",
        "promethazine",
        "use_alternative",
        regimen="chronic",
        infant_age_days=120,
    ),
    # source: LactMed [sulfamethoxazole-and-trimethoprim:lactmed]
    case(
        "sulfamethoxazole-and-trimethoprim-infant-age-days-a",
        "sulfamethoxazole and trimethoprim",
        "compatible",
        infant_age_days=58,
    ),
    # source: LactMed [sulfamethoxazole-and-trimethoprim:lactmed]
    case(
        "sulfamethoxazole-and-trimethoprim-infant-age-days-b",
        "sulfamethoxazole and trimethoprim",
        "use_alternative",
        infant_age_days=21,
    ),
    # source: LactMed [tretinoin:lactmed]
    case("tretinoin-route-a", "tretinoin", "compatible", route="topical", infant_age_days=120),
    # source: LactMed [tretinoin:lactmed]
    case("tretinoin-route-b", "tretinoin", "wean", route="oral", infant_age_days=120),
    # ------------------------------------------- one-factor pairs (issue 13, continued)
    # source: LactMed aspirin (https://pubmed.ncbi.nlm.nih.gov/30000255/): an alternate drug is
    # preferred over continuous high-dose aspirin (metabolic acidosis in one infant); daily low
    # doses (75-325 mg) are acceptable. Pairs with aspirin-low-dose (dose).
    case(
        "aspirin-high-dose-regular",
        "aspirin",
        "use_alternative",
        rule="curated_guidance",
        dose_mg=650,
        regimen="chronic",
        doses_per_day=4,
    ),
    # source: LactMed chloroquine (https://pubmed.ncbi.nlm.nih.gov/30000205/): once-weekly doses
    # give too little in milk to harm the infant; with no data on daily use, hydroxychloroquine
    # or another agent may be preferred, especially for a newborn or preterm infant.
    case(
        "chloroquine-weekly-newborn",
        "chloroquine",
        "compatible",
        rule="curated_guidance",
        dose_mg=500,
        regimen="chronic",
        doses_per_day=1 / 7,
        infant_age_days=NEWBORN,
    ),
    case(
        "chloroquine-daily-newborn",
        "chloroquine",
        "use_alternative",
        rule="curated_guidance",
        dose_mg=250,
        regimen="chronic",
        doses_per_day=1,
        infant_age_days=NEWBORN,
    ),
    # source: LactMed doxycycline (https://www.ncbi.nlm.nih.gov/books/NBK500561/): short-term use
    # is unlikely to harm (low milk levels, absorption limited by milk calcium); avoid prolonged
    # (> 21 days) or repeated courses. Pairs with doxycycline-use-alternative-curated (regimen).
    case(
        "doxycycline-single-dose",
        "doxycycline",
        "compatible",
        rule="curated_guidance",
        dose_mg=200,
        regimen="single",
        infant_age_days=120,
    ),
    # source: LactMed citalopram (https://www.ncbi.nlm.nih.gov/books/NBK501185/): not a reason to
    # stop breastfeeding, but agents with lower milk excretion may be preferred, especially for
    # a newborn or preterm infant. Pairs with citalopram-compatible-curated (term, 58 days).
    case(
        "citalopram-preterm",
        "citalopram",
        "use_alternative",
        rule="curated_guidance",
        infant_age_days=58,
        preterm=True,
    ),
    # source: LactMed rivaroxaban (https://www.ncbi.nlm.nih.gov/books/NBK501922/): 15-30 mg a day
    # gives low milk levels; maternal need is not a reason to stop breastfeeding (not limited to
    # regular use); the chart's peak above the line is named as overridden by that statement.
    case(
        "rivaroxaban-single-dose",
        "rivaroxaban",
        "compatible",
        rule="estimate_overridden",
        dose_mg=20,
        regimen="single",
        infant_age_days=120,
    ),
    # source: LactMed methadone (https://www.ncbi.nlm.nih.gov/books/NBK501233/): stable mothers on
    # maintenance should be encouraged to breastfeed; more than 100 mg a day risks infant sedation
    # and respiratory depression. The limit is per day: 50 mg once vs three times a day.
    case(
        "methadone-50mg-once-daily",
        "methadone",
        "compatible",
        rule="curated_guidance",
        dose_mg=50,
        regimen="chronic",
        doses_per_day=1,
        infant_age_days=120,
    ),
    case(
        "methadone-50mg-three-times-daily",
        "methadone",
        "use_alternative",
        rule="curated_guidance",
        dose_mg=50,
        regimen="chronic",
        doses_per_day=3,
        infant_age_days=120,
    ),
    # source: LactMed droperidol (https://www.ncbi.nlm.nih.gov/books/NBK501603/): single-dose or
    # short-term use (surgery) is unlikely to affect the infant, especially after 2 months; with
    # long-term use an alternate drug may be preferred. Pairs with droperidol-compatible-curated.
    case(
        "droperidol-regular-90-days",
        "droperidol",
        "use_alternative",
        rule="curated_guidance",
        regimen="chronic",
        infant_age_days=90,
    ),
    # source: US NRC NUREG-1556 Vol. 9 App. U, Table U.3 (transcribed in shared/data/radiopharm):
    # below the activity that needs breastfeeding instructions, no interruption; above it, the
    # tabulated interruption. Each pairs with the scenario at the higher activity (activity).
    case(
        "tc99m-maa-40mbq",
        "technetium Tc-99m albumin aggregated",
        "compatible",
        activity_mbq=40,
    ),
    case("tl201-30mbq", "thallous chloride Tl-201", "compatible", activity_mbq=30),
    case(
        "tc99m-rbc-in-vivo-300mbq",
        "technetium Tc-99m red blood cells in vivo",
        "compatible",
        activity_mbq=300,
    ),
    case(
        "tc99m-sulfur-colloid-200mbq",
        "technetium Tc-99m sulfur colloid",
        "compatible",
        activity_mbq=200,
    ),
    case(
        "tc99m-sulfur-colloid-370mbq",
        "technetium Tc-99m sulfur colloid",
        "interrupt",
        hours=(6, 6),
        activity_mbq=370,
    ),
    case(
        "tc99m-wbc-80mbq",
        "technetium Tc-99m white blood cells",
        "compatible",
        activity_mbq=80,
    ),
    case(
        "tc99m-wbc-370mbq",
        "technetium Tc-99m white blood cells",
        "interrupt",
        hours=(12, 12),
        activity_mbq=370,
    ),
    case("i123-mibg-60mbq", "iobenguane I-123", "compatible", activity_mbq=60),
    case("i123-mibg-150mbq", "iobenguane I-123", "interrupt", hours=(12, 12), activity_mbq=150),
    case("i123-mibg-370mbq", "iobenguane I-123", "interrupt", hours=(24, 24), activity_mbq=370),
    # ------------------------------------------------------------------- substances
    # source: CDC, alcohol and breastfeeding: wait at least 2 h after a single drink.
    case(
        "alcohol-one-drink", "alcohol", "interrupt", hours=(2, 2.5), dose_mg=14000, regimen="single"
    ),
    # source: LactMed alcohol: about 2-2.5 h per drink — two drinks, 4-5 h.
    case(
        "alcohol-two-drinks", "alcohol", "interrupt", hours=(4, 5), dose_mg=28000, regimen="single"
    ),
    # source: LactMed alcohol: about 2-2.5 h per drink — three drinks need at least 6 h.
    case(
        "alcohol-three-drinks",
        "alcohol",
        "interrupt",
        hours=(6, 8),
        dose_mg=42000,
        regimen="single",
    ),
    # ------------------------------------------- biologics and large molecules
    # source: LactMed infliximab — experts and guidelines consider it acceptable.
    case("infliximab-maintenance", "infliximab", "compatible", route="iv"),
    # source: LactMed infliximab (minimal infant absorption; newborn included).
    case("infliximab-newborn", "infliximab", "compatible", infant_age_days=NEWBORN),
    # source: LactMed adalimumab — most experts consider it acceptable.
    case("adalimumab-maintenance", "adalimumab", "compatible", dose_mg=40),
    # source: LactMed insulin — normal milk constituent, not absorbed by the infant.
    case("insulin-newborn", "insulin", "compatible", infant_age_days=EARLY),
    # source: NHS SPS (UK): any heparin can be used during breastfeeding.
    case("heparin-sc", "heparin", "compatible", infant_age_days=NEWBORN),
    # source: LactMed enoxaparin — anti-Xa undetectable in 12 breastfed neonates; NHS SPS.
    case("enoxaparin-newborn", "enoxaparin", "compatible", dose_mg=40, infant_age_days=NEWBORN),
]


@pytest.fixture(scope="module")
def results(django_db_setup, django_db_blocker):
    """{scenario id: verdict dict} for the whole clinical set, computed once (the same service
    the pages, the API and `manage.py advise` use)."""
    with django_db_blocker.unblock():
        return {c.id: advice_for(drug=c.values[0], data=c.values[1]).to_dict() for c in SCENARIOS}


@pytest.mark.parametrize(("drug", "data", "expected", "hours", "rule"), SCENARIOS)
def test_scenario(seeded, results, request, drug, data, expected, hours, rule):
    result = results[request.node.callspec.id]
    detail = (
        f"{drug} {data}: got {result['verdict']} "
        f"(hours {result.get('interrupt_hours') or result.get('combined_interrupt_hours')})"
    )
    assert result["verdict"] == expected, detail
    if hours is not None:
        got = result.get("interrupt_hours") or result.get("combined_interrupt_hours")
        assert got is not None and hours[0] <= got <= hours[1], detail
    if expected != "interrupt":
        assert not result.get("interrupt_hours"), detail
    if rule is not None:
        rules = {r["rule"] for r in result.get("reasons", [])}
        assert rule in rules, f"{detail}; rules {sorted(rules)}"


# One-factor pairs where the source gives different answers (id, id, the factor that differs).
PAIRS = [
    ("hydrocodone-20mg-per-day", "hydrocodone-60mg-per-day", "dose per day"),
    ("hydromorphone-2mg-once-30-days", "hydromorphone-regular-30-days", "regimen"),
    ("midazolam-iv-procedural", "midazolam-iv-newborn", "infant age"),
    ("midazolam-iv-6-weeks", "midazolam-iv-newborn", "infant age"),
    ("midazolam-iv-procedural", "midazolam-iv-preterm-older", "preterm"),
    ("propofol-term-newborn", "propofol-preterm", "preterm"),
    ("fluorouracil-topical-cream", "fluorouracil-iv", "route"),
    ("ondansetron-older-infant", "ondansetron-newborn", "infant age"),
    ("cotrimoxazole-older-infant", "cotrimoxazole-newborn", "infant age"),
    ("fluconazole-thrush-term-newborn", "fluconazole-preterm", "preterm"),
    ("fluoxetine-older", "fluoxetine-newborn", "infant age"),
    ("hctz-25mg", "hctz-100mg-supply", "dose"),
    ("diazepam-single-preterm", "diazepam-regular-preterm", "regimen"),
    ("tc99m-pertechnetate-80mbq", "tc99m-pertechnetate-185mbq", "activity"),
    ("tc99m-pertechnetate-185mbq", "tc99m-pertechnetate-1000mbq", "activity"),
    ("i123-uptake-low", "i123-scan-high", "activity"),
    ("alcohol-one-drink", "alcohol-three-drinks", "dose"),
    ("clindamycin-vaginal", "clindamycin-oral", "route"),
    ("tretinoin-topical", "tretinoin-oral-apl", "route"),
    ("ketotifen-eye-drops", "ketotifen-oral", "route"),
    ("minoxidil-topical", "minoxidil-oral", "route"),
    ("diclofenac-older", "diclofenac-newborn", "infant age"),
    ("alprazolam-single", "alprazolam-regular", "regimen"),
    ("ketorolac-single", "ketorolac-regular", "regimen"),
    ("chlorpheniramine-single", "chlorpheniramine-regular", "regimen"),
    ("alprazolam-regimen-a", "alprazolam-regimen-b", "regimen"),
    ("amiodarone-regimen-a", "amiodarone-regimen-b", "regimen"),
    ("amitriptyline-infant-age-days-a", "amitriptyline-infant-age-days-b", "infant age days"),
    ("atenolol-infant-age-days-a", "atenolol-infant-age-days-b", "infant age days"),
    ("bupropion-infant-age-days-a", "bupropion-infant-age-days-b", "infant age days"),
    ("butorphanol-regimen-a", "butorphanol-regimen-b", "regimen"),
    ("chlorpheniramine-regimen-a", "chlorpheniramine-regimen-b", "regimen"),
    ("citalopram-infant-age-days-a", "citalopram-infant-age-days-b", "infant age days"),
    ("clindamycin-route-a", "clindamycin-route-b", "route"),
    ("cocaine-regimen-a", "cocaine-regimen-b", "regimen"),
    ("diazepam-infant-age-days-a", "diazepam-infant-age-days-b", "infant age days"),
    ("diclofenac-infant-age-days-a", "diclofenac-infant-age-days-b", "infant age days"),
    ("etonogestrel-infant-age-days-a", "etonogestrel-infant-age-days-b", "infant age days"),
    ("fluorouracil-route-a", "fluorouracil-route-b", "route"),
    ("fluoxetine-infant-age-days-a", "fluoxetine-infant-age-days-b", "infant age days"),
    ("imipramine-infant-age-days-a", "imipramine-infant-age-days-b", "infant age days"),
    ("indomethacin-infant-age-days-a", "indomethacin-infant-age-days-b", "infant age days"),
    ("ketorolac-regimen-a", "ketorolac-regimen-b", "regimen"),
    ("labetalol-preterm-a", "labetalol-preterm-b", "preterm"),
    ("lithium-preterm-a", "lithium-preterm-b", "preterm"),
    ("methamphetamine-route-a", "methamphetamine-route-b", "route"),
    ("nitrofurantoin-infant-age-days-a", "nitrofurantoin-infant-age-days-b", "infant age days"),
    ("ondansetron-infant-age-days-a", "ondansetron-infant-age-days-b", "infant age days"),
    ("promethazine-regimen-a", "promethazine-regimen-b", "regimen"),
    (
        "sulfamethoxazole-and-trimethoprim-infant-age-days-a",
        "sulfamethoxazole-and-trimethoprim-infant-age-days-b",
        "infant age days",
    ),
    ("tretinoin-route-a", "tretinoin-route-b", "route"),
    ("methotrexate-weekly-explicit", "methotrexate-daily-15mg", "dosing interval"),
    ("aspirin-low-dose", "aspirin-high-dose-regular", "dose"),
    ("chloroquine-weekly-newborn", "chloroquine-daily-newborn", "dosing interval"),
    ("doxycycline-single-dose", "doxycycline-use-alternative-curated", "regimen"),
    ("citalopram-compatible-curated", "citalopram-preterm", "preterm"),
    ("tc99m-maa-40mbq", "tc99m-maa-lung-scan", "activity"),
    ("tl201-30mbq", "tl201-cardiac", "activity"),
    ("tc99m-rbc-in-vivo-300mbq", "tc99m-rbc-in-vivo", "activity"),
    ("tc99m-sulfur-colloid-200mbq", "tc99m-sulfur-colloid-370mbq", "activity"),
    ("tc99m-wbc-80mbq", "tc99m-wbc-370mbq", "activity"),
    ("i123-mibg-60mbq", "i123-mibg-150mbq", "activity"),
    ("i123-mibg-150mbq", "i123-mibg-370mbq", "activity"),
    ("methadone-50mg-once-daily", "methadone-50mg-three-times-daily", "doses per day"),
    ("droperidol-compatible-curated", "droperidol-regular-90-days", "regimen"),
]


STRICTNESS = {"compatible": 0, "interrupt": 1, "use_alternative": 2, "wean": 3}
# Issue 13 targets for the clinical set (the closing note reports the figures).
TARGET_EXACT_PCT = 90.0
TARGET_PAIRS_PCT = 90.0


def _answer(body):
    return body["verdict"], body.get("interrupt_hours") or body.get("combined_interrupt_hours")


@pytest.fixture(scope="module")
def answers(results):
    """{scenario id: (verdict, interrupt hours)} for the whole clinical set."""
    return {i: _answer(body) for i, body in results.items()}


def _exact(expected, hours, got):
    verdict, got_hours = got
    if verdict != expected:
        return False
    if hours is None:
        return expected != "interrupt" or got_hours is not None
    return got_hours is not None and hours[0] <= got_hours <= hours[1]


def _more_permissive(expected, hours, got):
    verdict, got_hours = got
    if STRICTNESS[verdict] != STRICTNESS[expected]:
        return STRICTNESS[verdict] < STRICTNESS[expected]
    return expected == "interrupt" and hours is not None and (got_hours or 0) < hours[0]


def agreement(answers):
    """Exact agreement with the source, pairs told apart and answers more permissive."""
    by_id = {c.id: c.values for c in SCENARIOS}
    exact = [i for i, (_d, _x, exp, hrs, _r) in by_id.items() if _exact(exp, hrs, answers[i])]
    permissive = [
        i for i, (_d, _x, exp, hrs, _r) in by_id.items() if _more_permissive(exp, hrs, answers[i])
    ]
    apart = [(a, b) for a, b, _f in PAIRS if answers[a] != answers[b]]
    return {
        "scenarios": len(by_id),
        "exact": len(exact),
        "exact_pct": 100.0 * len(exact) / len(by_id),
        "pairs": len(PAIRS),
        "pairs_apart": len(apart),
        "pairs_apart_pct": 100.0 * len(apart) / len(PAIRS),
        "more_permissive": sorted(permissive),
    }


def test_one_factor_pairs_differ_in_the_source(seeded):
    by_id = {c.id: c.values for c in SCENARIOS}
    assert len(PAIRS) >= 60 and len(set(PAIRS)) == len(PAIRS)
    for a, b, _factor in PAIRS:
        (drug_a, _da, expected_a, hours_a, _), (drug_b, _db, expected_b, hours_b, _) = (
            by_id[a],
            by_id[b],
        )
        assert drug_a == drug_b, (a, b)
        assert (expected_a, hours_a) != (expected_b, hours_b), (a, b)


def test_clinical_set_agreement(seeded, answers, capsys):
    """Issue 13: >= 90 % exact, >= 90 % of pairs told apart, none more permissive."""
    figures = agreement(answers)
    with capsys.disabled():
        print(
            f"\nclinical set: {figures['scenarios']} scenarios, exact {figures['exact']} "
            f"({figures['exact_pct']:.1f} %); {figures['pairs']} one-factor pairs, told apart "
            f"{figures['pairs_apart']} ({figures['pairs_apart_pct']:.1f} %); more permissive "
            f"than the source: {len(figures['more_permissive'])}"
        )
    assert figures["exact_pct"] >= TARGET_EXACT_PCT, figures
    assert figures["pairs_apart_pct"] >= TARGET_PAIRS_PCT, figures
    assert figures["more_permissive"] == [], figures
    # Every pair is told apart today: keep it that way (a pair the engine merges is a finding).
    assert figures["pairs_apart"] == figures["pairs"], figures


def test_agreement_measures_what_it_says():
    """The scoring itself: an exact answer, a wrong pause length and a more permissive one."""
    assert _exact("interrupt", (4, 5), ("interrupt", 4.5))
    assert not _exact("interrupt", (4, 5), ("interrupt", 6.0))
    assert not _exact("wean", None, ("use_alternative", None))
    assert _more_permissive("wean", None, ("use_alternative", None))
    assert _more_permissive("interrupt", (24, 24), ("interrupt", 12.0))
    assert _more_permissive("use_alternative", None, ("interrupt", 24.0))
    assert not _more_permissive("interrupt", (4, 4), ("use_alternative", None))
    assert not _more_permissive("compatible", None, ("compatible", None))


def test_scenario_count():
    """Issue 13 asks for at least 200 sourced scenarios (issue 4: 60)."""
    assert len(SCENARIOS) >= 200


# Input checks on the seeded monographs: (id, drug, data, field refused or None, text in message).
INPUT_CHECKS = [
    # A Tc-99m pertechnetate activity typed in mCi (5 mCi = 185 MBq, the typical activity).
    ("pertechnetate-5-mci", "sodium pertechnetate Tc-99m", {"activity_mbq": 5}, "activity_mbq",
     "x 37 = MBq"),
    ("pertechnetate-zero", "sodium pertechnetate Tc-99m", {"activity_mbq": 0}, "activity_mbq",
     "greater than 0"),
    ("pertechnetate-negative", "sodium pertechnetate Tc-99m", {"activity_mbq": -185},
     "activity_mbq", "negative"),
    ("pertechnetate-typical", "sodium pertechnetate Tc-99m", {"activity_mbq": 185}, None, ""),
    ("methotrexate-weekly", "methotrexate", {"dose_mg": 15, "doses_per_day": 0.142857}, None, ""),
    ("monthly", "ibuprofen", {"doses_per_day": 0.033}, None, ""),
    ("dpd-zero", "ibuprofen", {"doses_per_day": 0}, "doses_per_day", "between 1/180"),
    ("dpd-below-floor", "ibuprofen", {"doses_per_day": 0.001}, "doses_per_day", "1/180"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("drug", "data", "field", "message"),
    [pytest.param(*c[1:], id=c[0]) for c in INPUT_CHECKS],
)
def test_input_checks(seeded, drug, data, field, message):
    if field is None:
        advice_for(drug=drug, data=data)
        return
    with pytest.raises(ScenarioError) as exc:
        advice_for(drug=drug, data=data)
    assert field in exc.value.errors, exc.value.errors
    assert message in exc.value.errors[field]


def test_radiopharmaceutical_without_activity_explains_and_keeps_the_table(seeded):
    result = advice_for(drug="sodium pertechnetate Tc-99m", data={}).to_dict()
    radio = next(r for r in result["reasons"] if r["rule"] == "radioactive")
    assert "No administered activity was given" in radio["text"]
    assert "At the typical 185 MBq the pause would be 4 h" in radio["text"]
    assert "at least 24 h" in radio["text"]
    assert "Ask for the administered activity" in radio["text"]
    assert result["evidence"] == "curated"
    table = result["activity_table"]
    assert len(table) == 5 and sum(row["applies"] for row in table) == 1
    assert table[-1]["applies"] and table[-1]["activity_max_mbq"] is None


def test_tied_guidance_lists_every_followed_entry(seeded):
    result = advice_for(drug="fluconazole", data={"dose_mg": 150, "infant_age_days": NEWBORN})
    result = result.to_dict()
    curated = [r for r in result["reasons"] if r["rule"] == "curated_guidance"]
    keys = {k for r in curated for k in r["citation_keys"]}
    assert {"fluconazole:ukmi", "fluconazole:lactmed"} <= keys  # LactMed record (issue #14)
    assert "infant_age" not in {r["rule"] for r in result["reasons"] if r["category"]}


def test_engine_version(seeded):
    assert advice_for(drug="ibuprofen", data={}).to_dict()["engine_version"] == "1.4.0"
