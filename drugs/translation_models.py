"""Translations of a monograph's curated text: part of its working copy, reviewed and published
with it (see drugs/translations.py for the snapshot, the staleness rule and the seed loader)."""

from django.db import models
from simple_history.models import HistoricalRecords

from drugs import vocabulary


class MonographTranslation(models.Model):
    """One curated English text of a monograph (its summary, a guidance rationale, an infant
    effect...) in another language.

    ``source_text`` is the English the translation was written for. When the monograph's
    English no longer equals it, the translation is stale: curators see it flagged and
    clinicians see the current English, labelled as such, never the old translation.
    """

    Section = models.TextChoices(
        "Section",
        [(m.name, (m.value, vocabulary.TEXT_SECTION_LABELS[m])) for m in vocabulary.TextSection],
    )

    class Origin(models.TextChoices):
        SEED = "seed", "Seed translation (not yet reviewed by this site's curators)"
        CURATOR = "curator", "Written or checked by a curator"

    drug = models.ForeignKey("drugs.Drug", on_delete=models.CASCADE, related_name="translations")
    locale = models.CharField(max_length=8, default="es")
    section = models.CharField(max_length=20, choices=Section.choices)
    ref = models.CharField(
        max_length=400,
        blank=True,
        help_text="The guidance key, or the alternative's slug; empty for the others.",
    )
    source_text = models.TextField(
        "English when translated",
        help_text="The English this translation was written for (set on save).",
    )
    text = models.TextField("translation")
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.CURATOR)
    history = HistoricalRecords()

    class Meta:
        ordering = ["locale", "section", "ref", "id"]
        verbose_name = "translation"

    def __str__(self) -> str:
        return f"{self.drug_id} {self.locale} {self.section} {self.ref}".strip()
