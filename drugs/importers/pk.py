"""Import PK values with their sources into draft monographs from a CSV file.

Columns: ``drug, parameter, value`` (required) and ``low, high, unit, citation_key, url, pmid,
doi, citation_title, verified, note`` (optional). A citation is given by the key of an existing
citation or by a URL / PubMed ID / DOI (an existing citation with that locator is reused;
otherwise one is created). Values are converted to the model's units (``min``/``d`` -> h,
``mL/kg`` -> L/kg, ``g/mol`` -> Da) and checked against the same limits as the database
constraints, so a bad line is reported with its number before anything is written.

A changed value moves a published monograph's working copy to draft through
``services.monograph_record_edit``; ``published_data`` is untouched until a reviewer
publishes. An unchanged value changes nothing (re-running is idempotent).
"""

import csv
import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from drugs import services
from drugs.importers.common import ImportResult, LazyUser, audit
from drugs.importers.errors import ImportFileError, Progress
from drugs.models import Citation, Drug, DrugName, PKValue, normalize_name

REQUIRED = ("drug", "parameter", "value")
OPTIONAL = (
    "low",
    "high",
    "unit",
    "citation_key",
    "url",
    "pmid",
    "doi",
    "citation_title",
    "verified",
    "note",
)
PARAMETERS = {p.value for p in PKValue.Parameter}
ALIASES = {
    "half_life": "half_life_h",
    "half-life": "half_life_h",
    "t1/2": "half_life_h",
    "bioavailability": "oral_bioavailability_pct",
    "oral_bioavailability": "oral_bioavailability_pct",
    "f": "oral_bioavailability_pct",
    "vd": "vd_l_per_kg",
    "volume_of_distribution": "vd_l_per_kg",
    "mw": "mw_da",
    "molecular_weight": "mw_da",
    "m/p": "mp_ratio",
    "milk_plasma_ratio": "mp_ratio",
    "protein_binding": "protein_binding_pct",
    "tmax": "tmax_h",
}
# Accepted units per parameter and the factor to the stored unit.
UNITS: dict[str, dict[str, float]] = {
    "half_life_h": {"h": 1, "hr": 1, "hours": 1, "min": 1 / 60, "d": 24, "days": 24},
    "tmax_h": {"h": 1, "hr": 1, "hours": 1, "min": 1 / 60},
    "oral_bioavailability_pct": {"%": 1, "pct": 1, "percent": 1, "fraction": 100},
    "protein_binding_pct": {"%": 1, "pct": 1, "percent": 1, "fraction": 100},
    "vd_l_per_kg": {"l/kg": 1, "ml/kg": 1 / 1000},
    "mw_da": {"da": 1, "g/mol": 1},
    "mp_ratio": {"": 1, "ratio": 1},
    "pka": {"": 1},
    "logp": {"": 1},
}
TRUE = {"true", "yes", "y", "1"}
FALSE = {"false", "no", "n", "0", ""}
MATCH_KINDS = (
    DrugName.NameKind.GENERIC,
    DrugName.NameKind.SYNONYM,
    DrugName.NameKind.INTERNATIONAL,
)
MAX_ROWS = 100_000


@dataclass
class PKRow:
    line: int
    drug_id: int
    drug_label: str
    parameter: str
    value: float
    low: float | None
    high: float | None
    citation_key: str
    citation_new: dict[str, Any] | None
    verified: bool
    note: str

    @property
    def label(self) -> str:
        return f"line {self.line} ({self.drug_label} {self.parameter})"


def _float(text: str, what: str) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} {text!r} is not a finite number")
    return value


def _check_limits(parameter: str, value: float, what: str) -> None:
    if parameter in PKValue.PERCENT and not 0 <= value <= 100:
        raise ValueError(f"{what} {value:g} is outside 0-100 %")
    if parameter in PKValue.POSITIVE and value <= 0:
        raise ValueError(f"{what} {value:g} must be positive")


class _Context:
    """Read-only look-ups for validation: names, citations by key and by locator."""

    def __init__(self) -> None:
        self.by_slug = dict(Drug.objects.values_list("slug", "pk"))
        self.by_name: dict[str, set[int]] = {}
        for drug_id, normalized in DrugName.objects.filter(kind__in=MATCH_KINDS).values_list(
            "drug_id", "normalized"
        ):
            self.by_name.setdefault(normalized, set()).add(drug_id)
        for pk, name in Drug.objects.values_list("pk", "name"):
            self.by_name.setdefault(normalize_name(name), set()).add(pk)
        self.citations: dict[str, tuple[str, str, str]] = {
            key: (url, pmid, doi)
            for key, url, pmid, doi in Citation.objects.values_list("key", "url", "pmid", "doi")
        }
        self.by_locator: dict[tuple[str, str], str] = {}
        for key, (url, pmid, doi) in self.citations.items():
            for kind, value in (("pmid", pmid), ("doi", doi.lower()), ("url", url)):
                if value:
                    self.by_locator.setdefault((kind, value), key)

    def drug(self, text: str) -> int:
        if text in self.by_slug:
            return self.by_slug[text]
        found = self.by_name.get(normalize_name(text), set())
        if not found:
            raise ValueError(f"unknown drug {text!r} (no monograph has this name or synonym)")
        if len(found) > 1:
            slugs = sorted(s for s, pk in self.by_slug.items() if pk in found)
            raise ValueError(f"drug {text!r} matches several monographs: {', '.join(slugs)}")
        return next(iter(found))


def _citation(row: dict[str, str], ctx: _Context) -> tuple[str, Any]:
    """``(key, new_citation_fields_or_None)`` for a line; '' when the line cites nothing."""
    key = (row.get("citation_key") or "").strip()
    url = (row.get("url") or "").strip()
    pmid = (row.get("pmid") or "").strip()
    doi = (row.get("doi") or "").strip()
    if key:
        if key not in ctx.citations:
            raise ValueError(f"unknown citation_key {key!r}")
        return key, None
    if not (url or pmid or doi):
        return "", None
    if pmid and not pmid.isdigit():
        raise ValueError(f"pmid {pmid!r} is not a number")
    if doi and not doi.startswith("10."):
        raise ValueError(f"doi {doi!r} does not start with '10.'")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValueError(f"url {url!r} is not a valid http(s) URL") from None
    for kind, value in (("pmid", pmid), ("doi", doi.lower()), ("url", url)):
        if value and (kind, value) in ctx.by_locator:
            return ctx.by_locator[(kind, value)], None
    if pmid:
        key, kind, title = f"pmid:{pmid}", Citation.CitationKind.PUBMED, f"PubMed {pmid}"
    elif doi:
        key, kind, title = f"doi:{doi.lower()}"[:120], Citation.CitationKind.DOI, f"DOI {doi}"
    else:
        digest = hashlib.sha256(url.encode()).hexdigest()[:16]
        key, kind, title = f"url:{digest}", Citation.CitationKind.WEB, url
    title = (row.get("citation_title") or "").strip() or title
    return key, {
        "key": key,
        "kind": kind,
        "title": title[:500],
        "url": url,
        "pmid": pmid,
        "doi": doi,
    }


def load_rows(path: Path, progress: Progress | None = None) -> list[PKRow]:
    """Parse and validate every line; raise ImportFileError naming each bad line."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{Path(path).name}: not UTF-8 text ({exc})") from exc
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read ({exc})") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        raise ImportFileError(
            f"{Path(path).name} line 1 (header): "
            + (f"missing column(s) {', '.join(missing)}" if missing else "")
            + ("; " if missing and unknown else "")
            + (f"unknown column(s) {', '.join(unknown)}" if unknown else "")
        )
    reader.fieldnames = header
    ctx = _Context()
    slug_of = {pk: slug for slug, pk in ctx.by_slug.items()}
    rows: list[PKRow] = []
    errors: list[str] = []
    seen: dict[tuple[int, str], int] = {}
    new_citations: dict[str, dict[str, Any]] = {}
    raw_rows: list[tuple[int, dict[str, Any]]] = []
    try:
        for raw in reader:
            raw_rows.append((reader.line_num, raw))  # physical line (the header is line 1)
            if len(raw_rows) > MAX_ROWS:
                raise ImportFileError(f"{Path(path).name}: more than {MAX_ROWS} lines")
    except csv.Error as exc:
        raise ImportFileError(f"{Path(path).name} line {reader.line_num}: {exc}") from exc
    for done, (line, raw) in enumerate(raw_rows, start=1):
        if None in raw:
            errors.append(f"{Path(path).name} line {line}: more cells than columns")
            continue
        raw = {k: (v or "").strip() for k, v in raw.items()}
        if not any(raw.values()):
            continue
        try:
            row = _validate(raw, ctx, slug_of, line, new_citations)
        except ValueError as exc:
            who = raw.get("drug") or "?"
            errors.append(f"{Path(path).name} line {line} ({who}): {exc}")
        else:
            key = (row.drug_id, row.parameter)
            if key in seen:
                errors.append(
                    f"{Path(path).name} line {line} ({row.drug_label}): duplicates line "
                    f"{seen[key]} ({row.parameter})"
                )
            else:
                seen[key] = line
                rows.append(row)
        if progress:
            progress(done, len(raw_rows))
    if errors:
        raise ImportFileError(errors)
    if not rows:
        raise ImportFileError(f"{Path(path).name}: no data lines")
    return rows


def _validate(
    raw: dict[str, str],
    ctx: _Context,
    slug_of: dict[int, str],
    line: int,
    new_citations: dict[str, dict[str, Any]],
) -> PKRow:
    drug_id = ctx.drug(raw["drug"])
    parameter = raw["parameter"].strip().lower()
    parameter = ALIASES.get(parameter, parameter)
    if parameter not in PARAMETERS:
        raise ValueError(
            f"unknown parameter {raw['parameter']!r} "
            f"(expected one of {', '.join(sorted(PARAMETERS))})"
        )
    unit = raw.get("unit", "").strip().lower()
    units = UNITS[parameter]
    if unit not in units:
        allowed = ", ".join(repr(u) for u in units)
        raise ValueError(f"unit {raw.get('unit')!r} not accepted for {parameter} ({allowed})")
    factor = units[unit]
    value = _float(raw["value"], "value")
    if value is None:
        raise ValueError("value is empty")
    low = _float(raw.get("low", ""), "low")
    high = _float(raw.get("high", ""), "high")
    value = round(value * factor, 10)
    low, high = (round(v * factor, 10) if v is not None else None for v in (low, high))
    name = {"oral_bioavailability_pct": "bioavailability", "protein_binding_pct": "protein binding"}
    _check_limits(parameter, value, name.get(parameter, parameter))
    for bound, what in ((low, "low"), (high, "high")):
        if bound is not None:
            _check_limits(parameter, bound, what)
    if low is not None and high is not None and low > high:
        raise ValueError(f"low {low:g} is above high {high:g}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"value {value:g} lies outside its range {low}-{high}")
    verified_text = raw.get("verified", "").lower()
    if verified_text not in TRUE | FALSE:
        raise ValueError(f"verified {raw.get('verified')!r} is not true/false")
    verified = verified_text in TRUE
    citation_key, citation_new = _citation(raw, ctx)
    if verified and not citation_key:
        raise ValueError("a verified value needs a citation (citation_key, url, pmid or doi)")
    if citation_new is not None:
        previous = new_citations.setdefault(citation_key, citation_new)
        if previous != citation_new:
            raise ValueError(f"citation {citation_key} is given with different details")
    note = raw.get("note", "")
    if len(note) > 300:
        raise ValueError("note longer than 300 characters")
    return PKRow(
        line=line,
        drug_id=drug_id,
        drug_label=slug_of[drug_id],
        parameter=parameter,
        value=value,
        low=low,
        high=high,
        citation_key=citation_key,
        citation_new=citation_new,
        verified=verified,
        note=note,
    )


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def write_rows(
    rows: Sequence[PKRow],
    result: ImportResult,
    *,
    user: Any = None,
    progress: Progress | None = None,
    done_before: int = 0,
    total: int | None = None,
) -> None:
    """Create or update PK values for ``rows`` (the caller owns the transaction)."""
    get_user = LazyUser(user)
    total = total if total is not None else len(rows)
    citations = {c.key: c for c in Citation.objects.filter(key__in={r.citation_key for r in rows})}
    existing = {
        (v.drug_id, v.parameter): v
        for v in PKValue.objects.filter(drug_id__in={r.drug_id for r in rows})
    }
    edited: dict[int, list[str]] = {}
    for offset, row in enumerate(rows, start=1):
        try:
            changed = _write_row(row, result, get_user, citations, existing)
        except (ValidationError, ValueError) as exc:
            raise ImportFileError(f"{row.label}: cannot be written: {exc}") from exc
        if changed:
            edited.setdefault(row.drug_id, []).append(row.parameter)
        if progress:
            progress(done_before + offset, total)
    for drug in Drug.objects.filter(pk__in=edited).select_for_update():
        user = get_user()
        drug._history_user = user  # type: ignore[attr-defined]
        drug._change_reason = (  # type: ignore[attr-defined]
            f"PK import: {', '.join(sorted(edited[drug.pk]))}; import pending review"
        )
        previous = drug.status
        services.monograph_record_edit(drug=drug, by=user)
        audit.info(
            "pk_import drug=%s parameters=%s status=%s->%s by=%s",
            drug.slug,
            ",".join(sorted(edited[drug.pk])),
            previous,
            drug.status,
            user,
        )


def _write_row(
    row: PKRow,
    result: ImportResult,
    get_user: LazyUser,
    citations: dict[str, Citation],
    existing: dict[tuple[int, str], PKValue],
) -> bool:
    citation = None
    if row.citation_key:
        citation = citations.get(row.citation_key)
        if citation is None:
            fields = dict(row.citation_new or {})
            citation = Citation.objects.filter(key=row.citation_key).first()
            if citation is None:
                citation = Citation(**fields)
                citation._history_user = get_user()  # type: ignore[attr-defined]
                citation.full_clean()
                citation.save()
            citations[row.citation_key] = citation
    value = existing.get((row.drug_id, row.parameter))
    wanted = {
        "value": row.value,
        "low": row.low,
        "high": row.high,
        "citation_id": citation.pk if citation else None,
        "verified": row.verified,
        "note": row.note,
    }
    if value is not None:
        if all(
            _same(getattr(value, f), v) if f in ("value", "low", "high") else getattr(value, f) == v
            for f, v in wanted.items()
        ):
            result.unchanged += 1
            return False
        result.updated += 1
    else:
        value = PKValue(drug_id=row.drug_id, parameter=row.parameter)
        existing[(row.drug_id, row.parameter)] = value
        result.created += 1
    for f, v in wanted.items():
        setattr(value, f, v)
    value._history_user = get_user()  # type: ignore[attr-defined]
    value._change_reason = f"PK import line {row.line}"  # type: ignore[attr-defined]
    value.full_clean()
    value.save()
    return True


def import_pk(
    path: Path,
    *,
    validate_progress: Progress | None = None,
    write_progress: Progress | None = None,
) -> ImportResult:
    """Command-line path: validate every line, then write everything in one transaction."""
    rows = load_rows(path, progress=validate_progress)
    result = ImportResult(total=len(rows))
    with transaction.atomic():
        write_rows(rows, result, progress=write_progress)
    return result
