"""CDS Hooks feedback: one row per card an EHR reports as accepted or overridden."""

from django.db import models


class CdsFeedback(models.Model):
    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        OVERRIDDEN = "overridden", "Overridden"

    service = models.CharField(max_length=64)
    card = models.CharField(
        max_length=128, db_index=True, help_text="The card's uuid as sent in the hook response."
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    override_code = models.CharField(max_length=100, blank=True)
    override_system = models.CharField(max_length=300, blank=True)
    override_display = models.CharField(max_length=300, blank=True)
    user_comment = models.TextField(blank=True)
    accepted_suggestions = models.JSONField(default=list, blank=True)
    drug_slug = models.CharField(
        max_length=200, blank=True, db_index=True, help_text="Product the card was about."
    )
    product_name = models.CharField(max_length=300, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "advice"
        ordering = ["-received_at"]
        verbose_name = "CDS card feedback"
        verbose_name_plural = "CDS card feedback"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=["accepted", "overridden"]),
                name="cdsfeedback_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drug_slug or self.card}: {self.outcome}"
