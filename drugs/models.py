"""Drug monographs: every clinical value is stored with its citation and a verified flag.

Curators edit the working copy (the rows below). Clinicians, the API and the engine read only
``Drug.published_data``: a snapshot taken by ``services.monograph_publish`` after a second
person approved the revision. Editing a published monograph therefore never changes what
clinicians see until the edit has been reviewed.
"""

import re
import shlex
import unicodedata
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from drugs import vocabulary
from drugs.snapshot import citation_link


def normalize_name(value: str) -> str:
    """Lower-case, strip accents and punctuation ('Rho(D) Globulin' -> 'rho d globulin')."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9.+%]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def _choices(name: str, members: Any, labels: Any) -> Any:
    """Model choices built from a `drugs.vocabulary` enum and its labels (defined once there)."""
    return models.TextChoices(name, [(m.name, (m.value, labels[m])) for m in members])


Kind = _choices("Kind", vocabulary.Kind, vocabulary.KIND_LABELS)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


Verdict = _choices("Verdict", vocabulary.Category, vocabulary.CATEGORY_LABELS)
Regimen = _choices("Regimen", vocabulary.Regimen, vocabulary.REGIMEN_LABELS)
Route = _choices("Route", vocabulary.Route, vocabulary.ROUTE_LABELS)


def routes_error(value: Any) -> str | None:
    """Why a stored list of routes is invalid (None when it is a list of Route values)."""
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        return 'Give a list of routes, e.g. ["oral", "topical"].'
    unknown = [r for r in value if r not in Route.values]
    if unknown:
        return (
            f"Not a route: {', '.join(repr(r) for r in unknown)}. "
            f"Use one of: {', '.join(Route.values)}."
        )
    return None


class Citation(models.Model):
    CitationKind = _choices(
        "CitationKind", vocabulary.CitationKind, vocabulary.CITATION_KIND_LABELS
    )

    key = models.CharField(
        max_length=120, unique=True, help_text="Stable key, e.g. 'sertraline:lactmed'."
    )
    kind = models.CharField(max_length=16, choices=CitationKind.choices)
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=600, blank=True)
    pmid = models.CharField("PubMed ID", max_length=12, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    revision_date = models.DateField(null=True, blank=True)
    accessed = models.DateField(null=True, blank=True)
    cited_for = models.CharField(max_length=500, blank=True)
    nbk_id = models.CharField(
        "NCBI Bookshelf id",
        max_length=12,
        blank=True,
        help_text="LactMed record accession (NBKnnnnnn) when known from an NCBI page.",
    )
    needs_confirmation = models.BooleanField(
        "record link to confirm",
        default=False,
        help_text="Cites the LactMed book (NBK501922) plus the record title: the record's own "
        "Bookshelf link is still to be confirmed by a curator.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(pmid="") | ~Q(doi=""),
                name="citation_has_locator",
                violation_error_message="A citation needs a URL, a PubMed ID or a DOI.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def link(self) -> str:
        return citation_link(url=self.url, pmid=self.pmid, doi=self.doi) or ""


class DrugClass(models.Model):
    name = models.CharField(max_length=120, unique=True)
    atc_code = models.CharField("ATC code", max_length=10, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "drug classes"

    def __str__(self) -> str:
        return self.name


class ReviewedContent(models.Model):
    """Curated content behind the two-person rule: edited as a working copy, approved by a
    second person, published as an immutable snapshot (``published_data``).

    ``approved_hash`` pins what the reviewer approved: the SHA-256 of the working copy's full
    content (every child row and referenced citation/class, without review metadata) at the
    moment of approval. Publishing refuses when the working copy no longer has that hash.
    ``drugs.services`` implements the workflow for every subclass registered there.
    """

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Reviewer of the published revision.",
    )
    approved_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the content the reviewer approved (cleared by any edit).",
    )
    approved_content = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The content the reviewer approved (to name what changed since).",
    )
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_revision = models.PositiveIntegerField(default=0)
    published_data = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(last_edited_by__isnull=True)
                | ~Q(approved_by=F("last_edited_by")),
                name="%(class)s_no_self_approval",
                violation_error_message="The last editor cannot approve their own revision.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="%(class)s_status_valid"
            ),
        ]

    @property
    def is_visible(self) -> bool:
        """Visible to clinicians: a reviewed revision exists and it is not retired."""
        return self.published_data is not None and self.status != Status.RETIRED


class Drug(ReviewedContent):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, help_text="Generic name (USAN/INN form).")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.DRUG)
    classes = models.ManyToManyField(DrugClass, blank=True, related_name="drugs")
    cas_number = models.CharField("CAS number", max_length=40, blank=True)
    rxnorm_cui = models.CharField("RxNorm CUI", max_length=16, blank=True)
    summary = models.TextField(blank=True, help_text="Our own words; no copied sentences.")

    stale = models.BooleanField(default=False, help_text="Not reviewed for over 24 months.")

    # Flags the engine uses.
    cytotoxic = models.BooleanField(default=False)
    radioactive = models.BooleanField(default=False)
    isotope = models.CharField(max_length=24, blank=True)
    physical_half_life_h = models.FloatField(null=True, blank=True)
    narrow_therapeutic_index = models.BooleanField(default=False)
    reduces_milk_supply = models.BooleanField(default=False)
    cns_depressant = models.BooleanField(default=False)
    serotonergic = models.BooleanField(
        default=False,
        help_text="Raises serotonin (SSRI, SNRI, tricyclic, triptan, tramadol, MAOI): two together "
        "get an interaction warning.",
    )
    radioiodine = models.BooleanField(
        "radioiodine (I-131)",
        default=False,
        help_text="Iodine-131: concentrated by the lactating breast; when breastfeeding must stop, "
        "it stops for this child.",
    )
    active_metabolites = models.BooleanField(default=False)
    poor_infant_oral_absorption = models.BooleanField(default=False)
    minimal_absorption_routes = models.JSONField(default=list, blank=True)

    # Typical adult dose used for the drug page's default verdict (unverified unless cited).
    typical_dose_mg = models.FloatField(null=True, blank=True)
    typical_doses_per_day = models.FloatField(null=True, blank=True)
    typical_route = models.CharField(max_length=16, choices=Route.choices, default=Route.ORAL)
    typical_regimen = models.CharField(
        max_length=8, choices=Regimen.choices, default=Regimen.CHRONIC
    )
    typical_activity_mbq = models.FloatField(null=True, blank=True)
    max_dose_mg = models.FloatField(null=True, blank=True)
    typical_dose_citation = models.ForeignKey(
        Citation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    typical_dose_verified = models.BooleanField(default=False)

    references = models.ManyToManyField(
        Citation,
        blank=True,
        related_name="drugs",
        help_text="Sources for this monograph as a whole (e.g. its LactMed record).",
    )
    lactmed_revision_date = models.DateField(null=True, blank=True)
    source_text = models.JSONField(
        default=dict,
        blank=True,
        help_text="Attributed source material (e.g. LactMed sections) kept for curators.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["published_data", "approved_content"], m2m_fields=[references, classes]
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            *ReviewedContent.Meta.constraints,
            models.CheckConstraint(
                condition=Q(typical_dose_mg__isnull=True) | Q(typical_dose_mg__gt=0),
                name="drug_typical_dose_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_dose_mg__isnull=True) | Q(max_dose_mg__gt=0),
                name="drug_max_dose_positive",
            ),
            models.CheckConstraint(
                condition=Q(physical_half_life_h__isnull=True) | Q(physical_half_life_h__gt=0),
                name="drug_physical_half_life_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.minimal_absorption_routes is None:  # an emptied admin box
            self.minimal_absorption_routes = []
        error = routes_error(self.minimal_absorption_routes)
        if error:
            raise ValidationError({"minimal_absorption_routes": error})


class PublishedRevision(models.Model):
    """One published snapshot, kept for ever: what clinicians saw from ``published_at`` on.

    Revision numbers are never reused: each publish takes the drug's previous maximum + 1.
    ``Drug.published_data`` is a copy of the latest one (readers use it).
    """

    drug = models.ForeignKey(Drug, on_delete=models.PROTECT, related_name="published_revisions")
    revision = models.PositiveIntegerField()
    data = models.JSONField()
    content_hash = models.CharField(max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["drug", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["drug", "revision"], name="publishedrevision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.drug_id} revision {self.revision}"


class DrugName(models.Model):
    NameKind = _choices("NameKind", vocabulary.NameKind, vocabulary.NAME_KIND_LABELS)

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(max_length=16, choices=NameKind.choices)
    locale = models.CharField(max_length=8, blank=True, default="en")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["drug", "normalized", "kind"], name="drugname_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The search key is derived from the name; keep it in step on every save.
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


COMBINATION_SLUG_SEPARATOR = "+"
_COMBINATION_SLUG_RE = re.compile(r"^[a-z0-9-]+(\+[a-z0-9-]+)+$")


def combination_slug(ingredient_slugs: list[str] | tuple[str, ...]) -> str:
    """The canonical address of a combination: its ingredient slugs joined by '+'."""
    return COMBINATION_SLUG_SEPARATOR.join(ingredient_slugs)


class CombinationProduct(ReviewedContent):
    """A fixed combination of ingredient monographs (Percocet: oxycodone and acetaminophen).

    Reviewed content like a monograph: curators edit the working copy (name, brands,
    ingredients), a second person approves and publishes, and clinicians only ever see
    ``published_data``. Its verdict is the combined verdict of its ingredients.
    """

    name = models.CharField(
        max_length=200, unique=True, help_text="Generic name, e.g. 'oxycodone and acetaminophen'."
    )
    # Null only for rows of the old one-row-per-brand shape, until they are regrouped.
    slug = models.CharField(  # noqa: DJ001
        max_length=400,
        unique=True,
        null=True,
        help_text="Ingredient slugs joined by '+', in the order of the name.",
    )
    normalized = models.CharField(max_length=200, editable=False, db_index=True)
    brands = models.JSONField(default=list, blank=True, help_text="Brand names (a JSON list).")
    ingredients = models.ManyToManyField(Drug, related_name="combinations")
    citation = models.ForeignKey(Citation, null=True, blank=True, on_delete=models.PROTECT)

    history = HistoricalRecords(
        excluded_fields=["published_data", "approved_content"], m2m_fields=[ingredients]
    )

    class Meta:
        ordering = ["name"]
        constraints = [*ReviewedContent.Meta.constraints]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if not _COMBINATION_SLUG_RE.match(self.slug or ""):
            raise ValidationError(
                {"slug": "Use the ingredient slugs joined by '+', e.g. 'oxycodone+acetaminophen'."}
            )
        if not isinstance(self.brands, list) or not all(
            isinstance(b, str) and b.strip() for b in self.brands
        ):
            raise ValidationError({"brands": 'Give a JSON list of names, e.g. ["Percocet"].'})


class SearchEntry(models.Model):
    """The clinician-facing search index, built only from published snapshots.

    One row per name of a visible monograph or combination product (generic, brand, synonym,
    international name, abbreviation, class). ``drugs.search_index`` rebuilds an owner's rows
    when it is published or retired; working-copy name rows (DrugName) are never searched.
    """

    normalized = models.CharField(max_length=200, db_index=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16)
    target = models.CharField(max_length=12)  # drug | combination
    slug = models.CharField(max_length=400)
    target_name = models.CharField(max_length=200)
    owner = models.CharField(max_length=40, db_index=True)  # "drug:<pk>" | "combination:<pk>"
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.name} -> {self.target}:{self.slug}"


class SearchVersion(models.Model):
    """One row: bumped in the same transaction as every publish, retire and seed.

    Every cached search result, index and verdict chip is keyed on it, and it is read from the
    database on every request that uses those caches (once per request,
    ``drugs.selectors.search_version``): a republish is seen at once, and with the database
    down nothing is served from cache (a 503, never a cached verdict).
    """

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"search version {self.value}"


class PKValue(models.Model):
    Parameter = _choices("Parameter", vocabulary.PkParameter, vocabulary.PK_PARAMETER_LABELS)

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="pk_values")
    parameter = models.CharField(max_length=32, choices=Parameter.choices)
    value = models.FloatField()
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    citation = models.ForeignKey(Citation, null=True, blank=True, on_delete=models.PROTECT)
    verified = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    PERCENT = ("oral_bioavailability_pct", "protein_binding_pct")
    POSITIVE = ("half_life_h", "vd_l_per_kg", "mw_da", "mp_ratio", "tmax_h")

    class Meta:
        ordering = ["parameter"]
        constraints = [
            models.UniqueConstraint(fields=["drug", "parameter"], name="pkvalue_unique"),
            models.CheckConstraint(
                condition=~Q(parameter__in=["oral_bioavailability_pct", "protein_binding_pct"])
                | Q(value__gte=0, value__lte=100),
                name="pkvalue_percent_range",
                violation_error_message="Percentages must lie between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=~Q(
                    parameter__in=["half_life_h", "vd_l_per_kg", "mw_da", "mp_ratio", "tmax_h"]
                )
                | Q(value__gt=0),
                name="pkvalue_positive",
                violation_error_message="Half-life, Vd, MW, M/P and Tmax must be positive.",
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="pkvalue_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drug}: {self.parameter} = {self.value:g}"


class MilkStudy(models.Model):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="milk_studies")
    maternal_dose_mg = models.FloatField(null=True, blank=True)
    maternal_dose_text = models.CharField(max_length=300, blank=True)
    regimen = models.CharField(max_length=8, choices=Regimen.choices, default=Regimen.CHRONIC)
    doses_per_day = models.FloatField(null=True, blank=True)
    n_mothers = models.PositiveIntegerField(null=True, blank=True)
    milk_conc_avg_mg_per_l = models.FloatField(
        "average milk concentration (mg/L)", null=True, blank=True
    )
    milk_conc_peak_mg_per_l = models.FloatField(
        "peak milk concentration (mg/L)", null=True, blank=True
    )
    rid_pct = models.FloatField("reported relative infant dose (%)", null=True, blank=True)
    infant_serum = models.CharField(max_length=300, blank=True)
    citation = models.ForeignKey(Citation, on_delete=models.PROTECT)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "milk-level studies"
        constraints = [
            models.CheckConstraint(
                condition=(Q(maternal_dose_mg__isnull=True) | Q(maternal_dose_mg__gt=0))
                & (Q(milk_conc_avg_mg_per_l__isnull=True) | Q(milk_conc_avg_mg_per_l__gte=0))
                & (Q(milk_conc_peak_mg_per_l__isnull=True) | Q(milk_conc_peak_mg_per_l__gte=0))
                & (Q(rid_pct__isnull=True) | Q(rid_pct__gte=0)),
                name="milkstudy_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drug}: {self.maternal_dose_text or self.maternal_dose_mg}"


class InfantEffect(models.Model):
    Severity = _choices("Severity", vocabulary.Severity, vocabulary.SEVERITY_LABELS)

    AgeGroup = _choices("AgeGroup", vocabulary.AgeGroup, vocabulary.AGE_GROUP_LABELS)

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="infant_effects")
    description = models.TextField()
    severity = models.CharField(max_length=10, choices=Severity.choices)
    age_group = models.CharField(max_length=10, choices=AgeGroup.choices, default=AgeGroup.ANY)
    citation = models.ForeignKey(Citation, on_delete=models.PROTECT)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.drug}: {self.description[:60]}"


class LactationEffect(models.Model):
    Effect = _choices("Effect", vocabulary.LactationEffectKind, vocabulary.EFFECT_LABELS)

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="lactation_effects")
    effect = models.CharField(max_length=24, choices=Effect.choices)
    description = models.TextField(blank=True)
    citation = models.ForeignKey(Citation, on_delete=models.PROTECT)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.drug}: {self.get_effect_display()}"


class Guidance(models.Model):
    """An expert statement that applies under conditions (empty condition = any)."""

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="guidance")
    key = models.CharField(max_length=120)
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    interrupt_hours_min = models.FloatField(null=True, blank=True)
    interrupt_hours_max = models.FloatField(null=True, blank=True)
    regimen = models.CharField(max_length=8, choices=Regimen.choices, blank=True)
    routes = models.JSONField(default=list, blank=True)
    dose_min_mg = models.FloatField(null=True, blank=True)
    dose_max_mg = models.FloatField(null=True, blank=True)
    # Per-day conditions (mg/day), e.g. LactMed's "at most about 30 mg a day" for hydrocodone.
    dose_per_day_min_mg = models.FloatField(null=True, blank=True)
    dose_per_day_max_mg = models.FloatField(null=True, blank=True)
    # Hours between regular doses (inclusive; 168 = once a week), e.g. LactMed's 24-h pause
    # after a low *weekly* methotrexate dose, which a daily regimen must not match.
    interval_min_h = models.FloatField(null=True, blank=True)
    interval_max_h = models.FloatField(null=True, blank=True)
    infant_age_min_days = models.PositiveIntegerField(null=True, blank=True)
    infant_age_max_days = models.PositiveIntegerField(null=True, blank=True)
    preterm = models.BooleanField(null=True, blank=True)
    activity_min_mbq = models.FloatField(null=True, blank=True)
    activity_max_mbq = models.FloatField(null=True, blank=True)
    guideline = models.CharField(max_length=200)
    guideline_version = models.CharField(max_length=60, blank=True)
    rationale = models.TextField(help_text="Our own words.")
    citation = models.ForeignKey(Citation, on_delete=models.PROTECT)
    followed = models.BooleanField(
        default=True, help_text="The verdict follows this entry (others are shown as dissent)."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "guidance"
        constraints = [
            models.UniqueConstraint(fields=["drug", "key"], name="guidance_unique_key"),
            models.CheckConstraint(
                condition=~Q(verdict="interrupt") | Q(interrupt_hours_min__isnull=False),
                name="guidance_interrupt_has_hours",
                violation_error_message="An interruption needs its hours.",
            ),
            models.CheckConstraint(
                condition=(Q(interrupt_hours_min__isnull=True) | Q(interrupt_hours_min__gte=0))
                & (
                    Q(interrupt_hours_max__isnull=True)
                    | Q(interrupt_hours_min__isnull=True)
                    | Q(interrupt_hours_max__gte=F("interrupt_hours_min"))
                ),
                name="guidance_hours_ordered",
            ),
            models.CheckConstraint(
                condition=Q(activity_min_mbq__isnull=True)
                | Q(activity_max_mbq__isnull=True)
                | Q(activity_max_mbq__gt=F("activity_min_mbq")),
                name="guidance_activity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drug}: {self.guideline} -> {self.verdict}"

    def clean(self) -> None:
        super().clean()
        if self.routes is None:  # an emptied admin box: any route
            self.routes = []
        error = routes_error(self.routes)
        if error:
            raise ValidationError({"routes": error})


class Alternative(models.Model):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="alternatives")
    alternative = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="+")
    indication = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    citation = models.ForeignKey(Citation, null=True, blank=True, on_delete=models.PROTECT)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["drug", "alternative"], name="alternative_unique"),
            models.CheckConstraint(
                condition=~Q(drug=F("alternative")), name="alternative_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drug} -> {self.alternative}"


class ImportJob(models.Model):
    """Progress of an import run (command line or Celery), visible in the admin."""

    class JobStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        # Running, but no progress for LACTRX_IMPORT_STALE_AFTER_S: the worker is gone.
        STALE = "stale", "Stale (worker lost)"

    kind = models.CharField(max_length=16)  # lactmed | pk
    source = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default="pending")
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life from the worker (start, validation, every committed batch).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.source} ({self.status})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def resume_command(self) -> str:
        """How an admin re-enqueues this job (records already imported are skipped)."""
        command = {"lactmed": "import_lactmed", "pk": "import_pk"}.get(self.kind, self.kind)
        return f"python manage.py {command} {shlex.quote(self.source)} --async --resume {self.pk}"


# RxNorm reference concepts live in their own module (loaded by `manage.py import_rxnorm`).
from drugs.rxnorm_models import RxNormConcept, RxNormIngredient  # noqa: E402, F401

# Translations of a monograph's curated text (drugs/translations.py has the rules).
from drugs.translation_models import (  # noqa: E402, F401
    HistoricalMonographTranslation,
    MonographTranslation,
)
