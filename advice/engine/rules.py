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

from advice.engine.basic import (
    rule_cytotoxic,
    rule_insufficient_data,
    rule_low_transfer,
    rule_milk_studies,
    rule_milk_supply,
    rule_regulatory_avoid,
)
from advice.engine.exposure import rule_measured_rid, rule_pk_estimate
from advice.engine.guidance import rule_curated_guidance
from advice.engine.infant import rule_infant_age
from advice.engine.radioactive import rule_radioactive

__all__ = [
    "rule_curated_guidance",
    "rule_cytotoxic",
    "rule_infant_age",
    "rule_insufficient_data",
    "rule_low_transfer",
    "rule_measured_rid",
    "rule_milk_studies",
    "rule_milk_supply",
    "rule_pk_estimate",
    "rule_radioactive",
    "rule_regulatory_avoid",
]
