"""RxNorm concepts loaded by ``manage.py import_rxnorm`` (see drugs/importers/rxnorm.py).

A concept is one RxNorm normal form (SCD, SBD, GPCK, BPCK, SCDG, SBDG, SCDF, SBDF, IN, PIN,
MIN, BN) with the ingredients it contains. Ingredients keep RxNorm's own names; they are
matched to our monographs at query time (drugs/rxnorm.py), so a monograph added later is
found without re-importing. Reference data, not curated content: no history, no review.
"""

from django.db import models


class RxNormConcept(models.Model):
    rxcui = models.CharField("RxCUI", max_length=16, unique=True)
    tty = models.CharField("term type", max_length=8, db_index=True)
    name = models.TextField(help_text="RxNorm normalized name (SAB=RXNORM).")
    dose_form = models.CharField(max_length=120, blank=True)
    brand = models.CharField(max_length=300, blank=True)
    suppressed = models.BooleanField(default=False, help_text="SUPPRESS flag other than N.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "drugs"
        ordering = ["rxcui"]
        verbose_name = "RxNorm concept"

    def __str__(self) -> str:
        return f"{self.rxcui} {self.tty} {self.name}"


class RxNormIngredient(models.Model):
    """One ingredient of a concept; for a pack, one ingredient of one of its drugs."""

    concept = models.ForeignKey(RxNormConcept, on_delete=models.CASCADE, related_name="ingredients")
    position = models.PositiveSmallIntegerField()
    rxcui = models.CharField("ingredient RxCUI", max_length=16, blank=True)
    name = models.CharField(max_length=300, help_text="The moiety (IN), e.g. 'codeine'.")
    precise_name = models.CharField(
        max_length=300, blank=True, help_text="As in the drug name, e.g. 'Codeine Phosphate'."
    )
    strength_value = models.FloatField(null=True, blank=True)
    strength_unit = models.CharField(max_length=32, blank=True)  # MG, MG/ML, MG/HR ...
    component_rxcui = models.CharField(max_length=16, blank=True)  # pack: the contained drug
    component_count = models.FloatField(null=True, blank=True)  # pack: how many units

    class Meta:
        app_label = "drugs"
        ordering = ["concept", "position"]
        constraints = [
            models.UniqueConstraint(fields=["concept", "position"], name="rxnorm_ingredient_pos"),
        ]

    def __str__(self) -> str:
        strength = f" {self.strength_value:g} {self.strength_unit}" if self.strength_value else ""
        return f"{self.name}{strength}"
