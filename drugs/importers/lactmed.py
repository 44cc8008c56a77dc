"""Import NLM LactMed bulk XML (NCBI Bookshelf BITS book-part XML) into draft monographs.

Accepted sources: one ``.nxml``/``.xml`` file (one record per ``book-part``, several allowed),
a directory of them, or a ``.tar.gz`` of them as NCBI ships ``lactmed_NBK501922.tar.gz``.

The structure of the real bulk file could not be verified (see
``../shared/data/lactmed/LACTMED_FORMAT_NOTES.md``), so the parser is deliberately tolerant:
tags are matched by local name (namespace-agnostic); sections are found at any depth by their
heading (nested under "Drug Levels and Effects" or not); ids come from ``book-part/@id``,
``book-part-id``/``object-id`` elements or ``self-uri`` links; the revision date from
``pub-history``/dated meta elements or the "Last Revision: <date>" text; the CAS number from a
``kwd-group`` or a "CASRN:"/"CAS Registry Number:" line.

Policy (documented for curators):

* LactMed text is stored verbatim in ``Drug.source_text["lactmed"]`` with its attribution,
  record ids and revision date; it never becomes our summary (that is written in our words).
* A record is matched to a monograph by LactMed id (LM or NBK, from an earlier import), then by
  UNII (``UNII-…`` keyword; against UNIIs stored by earlier imports), then by name/synonym
  (normalised, brand names excluded) whose CAS number, when both are known, agrees. A CAS number
  alone never matches (a record with another title but sertraline's CAS is not sertraline): it
  becomes a new **draft**, with a warning naming the monograph that shares the CAS. Ambiguous
  or contradictory matches stop the import: look-alike names must never resolve silently.
* Each record's NBK accession (``book-part-id``) fills in the canonical citation
  ``https://www.ncbi.nlm.nih.gov/books/NBKnnnnnn/`` in NLM's citation form, replacing a
  "record link to confirm" citation of the LactMed book.
* The NCBI archive ``lactmed_NBK501922.tar.gz`` (~1,950 ``.nxml`` members, ~209 MB) is read as
  a stream (``tarfile`` mode ``r|*``): one member in memory at a time; progress follows the
  compressed bytes read. Each member's DOCTYPE is never fetched; HTML named entities are mapped.
* A published monograph's working copy goes back to draft through
  ``services.monograph_record_edit`` (status ``draft`` = "import pending review"), while
  ``published_data`` -- what clinicians, the API and the engine read -- stays untouched until
  a reviewer publishes again.
* Re-running an import changes nothing: each record's content hash is stored, equal hashes
  are skipped, and a record older than the stored revision is skipped with a warning.
"""

import datetime as dt
import gzip
import hashlib
import html
import json
import re
import tarfile
import xml.etree.ElementTree as ET  # DTD entities are refused below  # nosec B405
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from html.entities import name2codepoint
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from drugs import services
from drugs.importers.common import (
    ImportFileError,
    ImportResult,
    LazyUser,
    Progress,
    audit,
)
from drugs.models import Citation, Drug, DrugName, Kind, Status, normalize_name

BOOK_ACCESSION = "NBK501922"
BOOK_URL = f"https://www.ncbi.nlm.nih.gov/books/{BOOK_ACCESSION}/"
ATTRIBUTION = "LactMed, NICHD/NLM, public domain; LactMed is a registered trademark of HHS"
PUBLISHER = "National Institute of Child Health and Human Development (NICHD/NLM)"
BOOK_TITLE = "Drugs and Lactation Database (LactMed®)"
# NLM's citation form (the seed builder uses the same text, fixtures/build_seed.py).
BOOK_CITATION = (
    "Drugs and Lactation Database (LactMed®) [Internet]. Bethesda (MD): National Institute of "
    "Child Health and Human Development; 2006-."
)
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
UNII_RE = re.compile(r"^UNII[-: ]?([A-Z0-9]{10})$", re.IGNORECASE)
SOURCE_KEY = "lactmed"

# Canonical LactMed headings (as rendered) by their normalised form.
KNOWN_SECTIONS = {
    "summary of use during lactation": "Summary of Use during Lactation",
    "drug levels": "Drug Levels",
    "effects in breastfed infants": "Effects in Breastfed Infants",
    "effects on lactation and breastmilk": "Effects on Lactation and Breastmilk",
    "alternate drugs to consider": "Alternate Drugs to Consider",
}
# Headings that group or identify rather than carry lactation text.
STRUCTURAL_SECTIONS = {
    "drug levels and effects",
    "references",
    "substance identification",
    "drug class",
    "drug classes",
    "cas registry number",
    "disclaimer",
}
REVISION_DATE_TYPES = {"updated", "revised", "rev-recd", "last-revision", "revision", "modified"}
MAX_MEMBER_BYTES = 20 * 1024 * 1024
XML_SUFFIXES = (".nxml", ".xml")

LM_RE = re.compile(r"\bLM\d{1,7}\b")
NBK_RE = re.compile(r"\bNBK\d{3,9}\b")
CAS_RE = re.compile(r"^\d{2,7}-\d{2}-\d$")
CAS_TEXT_RE = re.compile(
    r"\b(?:CASRN|CAS Registry Number|CAS(?: No\.?| number)?)\s*:?\s*(\d{2,7}-\d{2}-\d)\b"
)
LAST_REVISION_RE = re.compile(r"Last Revision:?\s*([A-Z][a-z]+\.? \d{1,2}, \d{4})")
ENTITY_RE = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
TITLE_SALVAGE_RE = re.compile(rb"<(?:\w+:)?title(?:\s[^>]*)?>([^<]{1,300})<")
ISOTOPE_RE = re.compile(
    r"\b(?:Tc|I|In|Ga|F|Tl|Xe|Sm|Sr|Ra|Lu|Y|Cr|Rb|Cu|Zr|Ac|Kr|P)[ -]?\d{1,3}m?\b"
)
MATCH_NAME_KINDS = (
    DrugName.NameKind.GENERIC,
    DrugName.NameKind.SYNONYM,
    DrugName.NameKind.INTERNATIONAL,
)
MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


@dataclass
class LactMedRecord:
    """One LactMed drug record, parsed and validated; ``sha256`` identifies its content."""

    index: int
    source: str
    title: str
    lm_id: str = ""
    nbk_id: str = ""
    pmid: str = ""
    revision_date: dt.date | None = None
    cas: str = ""
    unii: str = ""
    synonyms: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    tables: dict[str, list[list[list[str]]]] = field(default_factory=dict)
    other_sections: dict[str, str] = field(default_factory=dict)
    references: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        ident = f" {self.lm_id}" if self.lm_id else ""
        return f"record {self.index} ({self.source}{ident} {self.title!r})"

    def content(self) -> dict[str, Any]:
        data = asdict(self)
        for transient in ("index", "source", "warnings"):
            data.pop(transient)
        data["revision_date"] = self.revision_date.isoformat() if self.revision_date else None
        return data

    @property
    def sha256(self) -> str:
        payload = json.dumps(self.content(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def url(self) -> str:
        if self.nbk_id:
            return f"https://www.ncbi.nlm.nih.gov/books/{self.nbk_id}/"
        if self.lm_id:
            return f"https://www.ncbi.nlm.nih.gov/books/n/lactmed/{self.lm_id}/"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return BOOK_URL

    def source_text(self) -> dict[str, Any]:
        return {
            "attribution": ATTRIBUTION,
            "book": f"{BOOK_TITLE} [Internet]. Bethesda (MD): {PUBLISHER}; 2006-.",
            "book_accession": BOOK_ACCESSION,
            "title": self.title,
            "lm_id": self.lm_id or None,
            "nbk_id": self.nbk_id or None,
            "pmid": self.pmid or None,
            "url": self.url,
            "revision_date": self.revision_date.isoformat() if self.revision_date else None,
            "cas": self.cas or None,
            "unii": self.unii or None,
            "synonyms": self.synonyms,
            "keywords": self.keywords,
            "classes": self.classes,
            "sections": self.sections,
            "tables": self.tables,
            "other_sections": self.other_sections,
            "references": self.references,
            "sha256": self.sha256,
            "source_file": self.source,
            "imported_at": timezone.now().isoformat(timespec="seconds"),
        }


# --- Reading sources ----------------------------------------------------------------------


def iter_sources(path: Path, progress: Progress | None = None) -> Iterator[tuple[str, bytes]]:
    """Yield ``(name, bytes)`` for each XML document in a file, directory or tar archive, one
    at a time (an archive is streamed, never unpacked in memory)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _is_xml_name(p.name))
        if not files:
            raise ImportFileError(f"{path}: no .nxml/.xml files in this directory")
        for done, file in enumerate(files, start=1):
            yield str(file.relative_to(path)), file.read_bytes()
            if progress:
                progress(done, len(files))
        return
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz", ".tar")) or (
        not _is_xml_name(name) and tarfile.is_tarfile(path)
    ):
        yield from _iter_tar(path, progress)
        return
    if _is_xml_name(name):
        yield path.name, path.read_bytes()
        if progress:
            progress(1, 1)
        return
    raise ImportFileError(f"{path}: expected a .nxml/.xml file, a directory or a .tar.gz")


def _is_xml_name(name: str) -> bool:
    return name.lower().endswith(XML_SUFFIXES) and not Path(name).name.startswith("._")


def _iter_tar(path: Path, progress: Progress | None = None) -> Iterator[tuple[str, bytes]]:
    """Members of a (gzipped) tar, streamed: ``r|*`` never seeks and keeps one member in memory;
    ``progress`` gets the compressed bytes read so far out of the file size."""
    last = "(none: the damage is before the first record)"
    count = 0
    size = path.stat().st_size
    try:
        with path.open("rb") as raw, tarfile.open(fileobj=raw, mode="r|*") as tar:
            for member in tar:
                if not member.isfile() or not _is_xml_name(member.name):
                    continue
                if member.size > MAX_MEMBER_BYTES:
                    raise ImportFileError(
                        f"{path.name}: member {member.name} is larger than {MAX_MEMBER_BYTES} bytes"
                    )
                handle = tar.extractfile(member)
                if handle is None:
                    continue
                data = handle.read()
                if len(data) != member.size:
                    raise EOFError(f"member {member.name} is cut short")
                yield f"{path.name}:{member.name}", data
                last = member.name
                count += 1
                if progress:
                    progress(min(raw.tell(), size), size)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise ImportFileError(
            f"{path.name}: archive is truncated or corrupt ({exc}) after {count} complete "
            f"record file(s); last complete member: {last}. Nothing was imported."
        ) from exc
    if path.name.lower().endswith((".gz", ".tgz")):
        # tarfile stops at the end-of-archive blocks; read to the gzip trailer as well, so a
        # file cut in its padding or checksum is also refused.
        try:
            with gzip.open(path, "rb") as stream:
                while stream.read(1024 * 1024):
                    pass
        except (EOFError, OSError, zlib.error) as exc:
            raise ImportFileError(
                f"{path.name}: archive is truncated or corrupt ({exc}) after its last member "
                f"{last}. Nothing was imported."
            ) from exc
    if count == 0:
        raise ImportFileError(f"{path.name}: no .nxml/.xml records in this archive")


# --- Parsing ------------------------------------------------------------------------------


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _rendered(element: ET.Element) -> str:
    """Text as shown on the NCBI page: citations (``xref ref-type="bibr"``) in brackets."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if _local(child.tag) == "xref" and (child.get("ref-type") or "") == "bibr":
            label = _text(child)
            before = "".join(parts).rstrip()
            after = (child.tail or "").lstrip()
            inside = before.endswith(("[", ",", "-", "\u2013")) or after.startswith(
                ("]", ",", "-", "\u2013")
            )
            parts.append(label if inside or label.startswith("[") else f"[{label}]")
        else:
            parts.append(_rendered(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _rendered_text(element: ET.Element) -> str:
    return " ".join(_rendered(element).split())


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if _local(c.tag) == name]


def _find_all(element: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in element.iter() if _local(e.tag) == name]


def _first(element: ET.Element, name: str) -> ET.Element | None:
    return next((e for e in element.iter() if _local(e.tag) == name), None)


def _prepare_xml(data: bytes) -> bytes:
    """Refuse DTD entity declarations (XXE, "billion laughs"); map HTML named entities.

    Bookshelf files declare an external DTD, which ElementTree never fetches; named entities it
    would define (``&nbsp;``) are turned into numeric references so they still parse.
    """
    head = data[:4096] if b"<!DOCTYPE" in data[:4096] else b""
    if b"<!ENTITY" in data or (head and b"[" in head.split(b"<!DOCTYPE", 1)[1].split(b">")[0]):
        raise ValueError("DTD entity declarations / internal subsets are not accepted")

    def replace(match: re.Match[bytes]) -> bytes:
        name = match.group(1).decode()
        if name in XML_ENTITIES or name not in name2codepoint:
            return match.group(0)
        return f"&#{name2codepoint[name]};".encode()

    return re.sub(rb"&([A-Za-z][A-Za-z0-9]*);", replace, data)


def _parse_date(element: ET.Element) -> dt.date | None:
    iso = element.get("iso-8601-date")
    if iso:
        try:
            return dt.date.fromisoformat(iso[:10])
        except ValueError:
            raise ValueError(f"unreadable date iso-8601-date={iso!r}") from None
    parts = {_local(c.tag): (c.text or "").strip() for c in element}
    if not parts.get("year"):
        text = _text(element)
        return _parse_text_date(text) if text else None
    try:
        year = int(parts["year"])
        month_text = parts.get("month") or "1"
        month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()[:3]]
        day = int(parts.get("day") or 1)
        return dt.date(year, month, day)
    except (KeyError, ValueError):
        raise ValueError(f"unreadable date {parts!r}") from None


def _parse_text_date(text: str) -> dt.date:
    text = text.strip().rstrip(".")
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%Y/%m/%d", "%Y-%m-%d", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise ValueError(f"unreadable date {text!r}")


def _cas_valid(cas: str) -> bool:
    digits = cas.replace("-", "")
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (i + 1) for i, d in enumerate(reversed(body)))
    return total % 10 == check


def _section_content(sec: ET.Element) -> tuple[str, list[list[list[str]]]]:
    paragraphs: list[str] = []
    tables: list[list[list[str]]] = []
    for child in sec:
        name = _local(child.tag)
        if name in ("title", "label", "sec", "ref-list"):
            continue
        if name in ("list",):
            for item in _children(child, "list-item"):
                paragraphs.append(f"- {_rendered_text(item)}")
        elif name in ("table-wrap", "table"):
            rows = [
                [_text(cell) for cell in row if _local(cell.tag) in ("th", "td")]
                for row in _find_all(child, "tr")
            ]
            rows = [r for r in rows if any(r)]
            if rows:
                tables.append(rows)
                paragraphs.append("\n".join(" | ".join(r) for r in rows))
        else:
            text = _rendered_text(child)
            if text:
                paragraphs.append(text)
    return "\n\n".join(paragraphs), tables


def _references(part: ET.Element) -> list[dict[str, str]]:
    refs: list[dict[str, str]] = []
    for ref in _find_all(part, "ref"):
        label_el = next((c for c in ref if _local(c.tag) == "label"), None)
        citation_el = next(
            (c for c in ref if _local(c.tag) in ("mixed-citation", "element-citation", "citation")),
            None,
        )
        text = _text(citation_el if citation_el is not None else ref)
        label = _text(label_el) if label_el is not None else ""
        if citation_el is None and label and text.startswith(label):
            text = text[len(label) :].strip()
        item = {"id": ref.get("id", ""), "label": label, "text": text}
        for pub_id in _find_all(ref, "pub-id"):
            kind = (pub_id.get("pub-id-type") or "").lower()
            if kind in ("pmid", "doi", "pmcid"):
                item[kind] = _text(pub_id)
        refs.append(item)
    return refs


def _ids(part: ET.Element, meta: ET.Element | None) -> tuple[str, str, str, list[str]]:
    """LM id, NBK id, PMID (and any problems) from attributes and id/uri elements."""
    lm = nbk = pmid = ""
    problems: list[str] = []
    candidates: list[tuple[str, str]] = [("id", part.get("id", ""))]
    scope = meta if meta is not None else part
    for element in scope.iter():
        name = _local(element.tag)
        if name in ("book-part-id", "object-id", "article-id", "self-uri", "ext-link", "uri"):
            kind = ""
            for attr, value in element.attrib.items():
                if _local(attr).endswith("-type"):
                    kind = value.lower()
                elif _local(attr) == "href":
                    candidates.append(("href", value))
            candidates.append((kind, _text(element)))
    for kind, value in candidates:
        if kind == "pmid":
            if not value.isdigit():
                problems.append(f"PMID {value!r} is not a number")
            elif not pmid:
                pmid = value
            continue
        if not lm and (m := LM_RE.search(value)):
            lm = m.group(0)
        if not nbk and (m := NBK_RE.search(value)) and m.group(0) != BOOK_ACCESSION:
            nbk = m.group(0)
    return lm, nbk, pmid, problems


def parse_part(part: ET.Element, *, index: int, source: str) -> LactMedRecord:
    """Parse one ``book-part`` into a record; raise ValueError describing what is wrong."""
    meta = next((c for c in part if _local(c.tag) == "book-part-meta"), None)
    title_el = None
    if meta is not None:
        group = _first(meta, "title-group")
        title_el = _first(group, "title") if group is not None else None
    title = _text(title_el) if title_el is not None else ""
    if not title:
        raise ValueError(f"record {index} ({source}): no title (book-part-meta/title-group/title)")
    record = LactMedRecord(index=index, source=source, title=title)
    problems: list[str] = []
    if len(title) > 200:
        problems.append("title longer than 200 characters")

    record.lm_id, record.nbk_id, record.pmid, id_problems = _ids(part, meta)
    problems += id_problems

    # Revision date: a typed pub-history/meta date, else "Last Revision:" text, else the latest.
    typed: list[dt.date] = []
    other: list[dt.date] = []
    dated = _find_all(meta, "date") + _find_all(meta, "pub-date") if meta is not None else []
    for element in dated:
        try:
            value = _parse_date(element)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if value is None:
            continue
        kind = (element.get("date-type") or element.get("pub-type") or "").lower()
        (typed if kind in REVISION_DATE_TYPES else other).append(value)
    full_text = " ".join(" ".join(part.itertext()).split())  # element boundaries kept apart
    text_date = None
    if match := LAST_REVISION_RE.search(full_text):
        try:
            text_date = _parse_text_date(match.group(1))
        except ValueError as exc:
            problems.append(str(exc))
    record.revision_date = max(typed) if typed else text_date or (max(other) if other else None)
    if record.revision_date and record.revision_date > timezone.now().date() + dt.timedelta(1):
        problems.append(f"revision date {record.revision_date} is in the future")
    if record.revision_date is None:
        record.warnings.append(f"{record.label}: no revision date")

    # Keywords: CAS numbers, synonyms and drug classes.
    cas_values: list[str] = []
    for group in _find_all(meta, "kwd-group") if meta is not None else []:
        kind = (group.get("kwd-group-type") or "").lower()
        for kwd in _find_all(group, "kwd"):
            value = _text(kwd)
            if not value:
                continue
            if m := UNII_RE.match(value):
                if record.unii and record.unii != m.group(1).upper():
                    problems.append(f"two UNIIs ({record.unii}, {m.group(1).upper()})")
                record.unii = record.unii or m.group(1).upper()
            elif "unii" in kind:
                problems.append(f"UNII {value!r} is not a 10-character UNII code")
            elif "cas" in kind or CAS_RE.match(value):
                cas_values.append(value)
            elif "class" in kind:
                record.classes.append(value)
            elif "synonym" in kind or "name" in kind:
                record.synonyms.append(value)
            else:
                record.keywords.append(value)
    cas_values += CAS_TEXT_RE.findall(full_text)
    for value in cas_values:
        if not CAS_RE.match(value) or not _cas_valid(value):
            problems.append(f"CAS number {value!r} is not valid (format or check digit)")
        elif not record.cas:
            record.cas = value

    # Sections, at any depth, by heading.
    body = next((c for c in part if _local(c.tag) == "body"), None)
    for sec in _find_all(body, "sec") if body is not None else []:
        heading_el = next((c for c in sec if _local(c.tag) == "title"), None)
        heading = _text(heading_el) if heading_el is not None else ""
        key = " ".join(heading.lower().rstrip(".:").split())
        text, tables = _section_content(sec)
        if key in KNOWN_SECTIONS:
            name = KNOWN_SECTIONS[key]
            if name in record.sections:
                problems.append(f"section {name!r} appears twice")
                continue
            record.sections[name] = text
            if tables:
                record.tables[name] = tables
            if not text:
                problems.append(f"section {name!r} is empty")
        elif key in STRUCTURAL_SECTIONS or not key:
            continue
        else:
            record.other_sections[heading] = text
            record.warnings.append(f"{record.label}: unrecognised section {heading!r} kept")
    if not record.sections:
        problems.append(
            "no known LactMed section (expected e.g. 'Summary of Use during Lactation')"
        )
    record.references = _references(part)
    if problems:
        raise ValueError(f"{record.label}: " + "; ".join(problems))
    return record


def parse_document(data: bytes, *, source: str, first_index: int) -> list[LactMedRecord]:
    """All drug records in one XML document (wrapper, book or bare book-part)."""
    try:
        root = ET.fromstring(_prepare_xml(data))  # noqa: S314 (entities refused)  # nosec B314
    except (ET.ParseError, ValueError) as exc:
        salvaged = TITLE_SALVAGE_RE.search(data)
        title = ""
        if salvaged:
            title = " ".join(html.unescape(salvaged.group(1).decode(errors="replace")).split())
        hint = f" {title!r}" if title else ""
        raise ValueError(
            f"record {first_index} ({source}{hint}): XML is not well-formed: {exc}"
        ) from exc
    parts = [
        e
        for e in root.iter()
        if _local(e.tag) == "book-part" and any(_local(c.tag) == "body" for c in e)
    ]
    if not parts:
        raise ValueError(f"record {first_index} ({source}): no book-part with a body")
    records = []
    errors = []
    for offset, part in enumerate(parts):
        try:
            records.append(parse_part(part, index=first_index + offset, source=source))
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise ValueError("\n".join(errors))
    return records


# --- Matching records to monographs -------------------------------------------------------


class Resolver:
    """Finds the monograph a record belongs to (read-only; refreshed per write batch)."""

    def __init__(self) -> None:
        self.by_name: dict[str, set[int]] = {}
        for drug_id, normalized in DrugName.objects.filter(kind__in=MATCH_NAME_KINDS).values_list(
            "drug_id", "normalized"
        ):
            self.by_name.setdefault(normalized, set()).add(drug_id)
        self.by_lm: dict[str, set[int]] = {}
        self.by_unii: dict[str, set[int]] = {}
        self.by_cas: dict[str, set[int]] = {}
        self.cas_of: dict[int, str] = {}
        self.slugs: set[str] = set()
        rows = Drug.objects.values_list(
            "pk",
            "name",
            "slug",
            "cas_number",
            f"source_text__{SOURCE_KEY}__lm_id",
            f"source_text__{SOURCE_KEY}__nbk_id",
            f"source_text__{SOURCE_KEY}__unii",
            "source_text__unii",
        )
        for pk, name, slug, cas, lm, nbk, unii, seed_unii in rows:
            self.by_name.setdefault(normalize_name(name), set()).add(pk)
            self.slugs.add(slug)
            if cas:
                self.by_cas.setdefault(cas.strip(), set()).add(pk)
                self.cas_of[pk] = cas.strip()
            for ident in (lm, nbk):
                if ident:
                    self.by_lm.setdefault(ident, set()).add(pk)
            for code in (unii, seed_unii):
                if isinstance(code, str) and code:
                    self.by_unii.setdefault(code.upper(), set()).add(pk)

    def resolve(self, record: LactMedRecord) -> tuple[int | None, str]:
        """``(drug_id, how)``; ``None`` when the record is new. Raises ValueError if ambiguous."""
        for ident in (record.lm_id, record.nbk_id):
            if ident and (hits := self.by_lm.get(ident)):
                if len(hits) == 1:
                    return next(iter(hits)), "LactMed id"
                raise ValueError(f"{record.label}: LactMed id held by several monographs {hits}")
        if record.unii and (hits := self.by_unii.get(record.unii)):
            if len(hits) == 1:
                return next(iter(hits)), "UNII"
            raise ValueError(f"{record.label}: UNII {record.unii} held by several monographs")
        for how, names in (("name", [record.title]), ("synonym", record.synonyms)):
            found: set[int] = set()
            for name in names:
                found |= self.by_name.get(normalize_name(name), set())
            if len(found) > 1:
                slugs = sorted(Drug.objects.filter(pk__in=found).values_list("slug", flat=True))
                raise ValueError(
                    f"{record.label}: {how} matches several monographs ({', '.join(slugs)}); "
                    "add or correct a name so it resolves to one"
                )
            if len(found) == 1:
                drug_id = next(iter(found))
                known = self.cas_of.get(drug_id)
                if record.cas and known and known != record.cas:
                    slug = Drug.objects.values_list("slug", flat=True).get(pk=drug_id)
                    raise ValueError(
                        f"{record.label}: {how} matches {slug} but its CAS {record.cas} differs "
                        f"from the monograph's {known}; correct the name or the CAS number"
                    )
                return drug_id, f"{how} and CAS number" if record.cas and known else how
        if record.cas and (hits := self.by_cas.get(record.cas)):
            # Never by CAS alone: a record with another title but the same CAS is a new draft.
            slugs = sorted(Drug.objects.filter(pk__in=hits).values_list("slug", flat=True))
            return None, f"new (shares CAS {record.cas} with {', '.join(slugs)}, no name matches)"
        return None, "new"

    def new_slug(self, record: LactMedRecord) -> str:
        base = slugify(record.title)[:180] or f"lactmed-{record.lm_id or record.index}"
        slug = base
        if slug in self.slugs and record.lm_id:
            slug = f"{base}-{record.lm_id.lower()}"
        counter = 2
        while slug in self.slugs:
            slug = f"{base}-{counter}"
            counter += 1
        return slug

    def add(self, drug: Drug, record: LactMedRecord) -> None:
        self.slugs.add(drug.slug)
        self.by_name.setdefault(normalize_name(drug.name), set()).add(drug.pk)
        for ident in (record.lm_id, record.nbk_id):
            if ident:
                self.by_lm.setdefault(ident, set()).add(drug.pk)
        if record.unii:
            self.by_unii.setdefault(record.unii, set()).add(drug.pk)
        if record.cas:
            self.cas_of[drug.pk] = record.cas


# --- Load (parse + validate) --------------------------------------------------------------


def load_records(path: Path, progress: Progress | None = None) -> list[LactMedRecord]:
    """Parse and validate every record; raise ImportFileError listing all problems."""
    records: list[LactMedRecord] = []
    errors: list[str] = []
    index = 1
    for name, data in iter_sources(Path(path), progress):
        try:
            found = parse_document(data, source=name, first_index=index)
        except ValueError as exc:
            errors.extend(str(exc).splitlines())
            index += 1
        else:
            records.extend(found)
            index += len(found)
        del data  # only the parsed record is kept, never the member bytes
    if errors:
        raise ImportFileError(errors)
    _check_plan(records)
    return records


def _check_plan(records: Sequence[LactMedRecord]) -> None:
    """Every record resolves to at most one monograph and no two records to the same one."""
    errors: list[str] = []
    resolver = Resolver()
    seen_drug: dict[int, LactMedRecord] = {}
    seen_title: dict[str, LactMedRecord] = {}
    seen_lm: dict[str, LactMedRecord] = {}
    for record in records:
        key = normalize_name(record.title)
        for seen, value in ((seen_title, key), (seen_lm, record.lm_id or record.nbk_id)):
            if value and value in seen:
                errors.append(f"{record.label}: duplicates {seen[value].label}")
            elif value:
                seen[value] = record
        try:
            drug_id, _ = resolver.resolve(record)
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if drug_id is not None:
            if drug_id in seen_drug and seen_drug[drug_id] is not record:
                errors.append(
                    f"{record.label}: maps to the same monograph as {seen_drug[drug_id].label}"
                )
            seen_drug[drug_id] = record
    if errors:
        raise ImportFileError(errors)


# --- Write --------------------------------------------------------------------------------


def _guess_kind(title: str) -> str:
    lower = title.lower()
    if "vaccine" in lower:
        return Kind.VACCINE
    if ISOTOPE_RE.search(title):
        return Kind.RADIOPHARMACEUTICAL
    return Kind.DRUG


class _Citations:
    """LactMed citations by key: existing keys known up front, objects fetched on demand."""

    def __init__(self) -> None:
        self.keys = set(
            Citation.objects.filter(key__endswith=":lactmed").values_list("key", flat=True)
        )
        self.objects: dict[str, Citation] = {}

    def get(self, key: str) -> Citation | None:
        if key not in self.objects and key in self.keys:
            self.objects[key] = Citation.objects.get(key=key)
        return self.objects.get(key)

    def __setitem__(self, key: str, citation: Citation) -> None:
        self.keys.add(key)
        self.objects[key] = citation


# Foreign keys and uniqueness are enforced by the database (any violation aborts the whole
# transaction and is reported against the record); skipping Django's per-row look-ups for them
# keeps a 2,000-record import to a few queries per record.
_DRUG_FK_FIELDS = ["published_data", "last_edited_by", "approved_by", "reviewed_by"]
_DRUG_FK_FIELDS += ["typical_dose_citation"]


def _upsert_citation(
    record: LactMedRecord, slug: str, get_user: LazyUser, citations: _Citations
) -> bool:
    key = f"{slug}:lactmed"[:120]
    citation = citations.get(key)
    title = f"{BOOK_CITATION} {record.title.rstrip('.')}."
    if record.revision_date:
        d = record.revision_date
        title += f" [Updated {d.year} {MONTH_ABBR[d.month - 1]} {d.day}]."
    values: dict[str, Any] = {
        "kind": Citation.CitationKind.LACTMED,
        "title": title[:500],
        "url": record.url,
        "publisher": PUBLISHER[:200],
        "revision_date": record.revision_date,
        "cited_for": "LactMed record (attributed source text kept for curators)",
        "nbk_id": record.nbk_id,
        "needs_confirmation": record.url == BOOK_URL,
    }
    if record.pmid:
        values["pmid"] = record.pmid
    if citation is None:
        citation = Citation(key=key, accessed=timezone.now().date(), **values)
    else:
        if citation.kind != Citation.CitationKind.LACTMED:
            raise ValueError(f"citation {key} exists with kind {citation.kind!r}, not lactmed")
        if all(getattr(citation, f) == v for f, v in values.items()):
            citations[key] = citation
            return False
        for f, v in values.items():
            setattr(citation, f, v)
        citation.accessed = timezone.now().date()
    citation._history_user = get_user()  # type: ignore[attr-defined]
    citation._change_reason = f"LactMed import {record.lm_id or record.title}"  # type: ignore[attr-defined]
    citation.clean_fields()
    if not (citation.url or citation.pmid or citation.doi):
        raise ValueError(f"citation {key} has no URL, PubMed ID or DOI")
    citation.save()
    citations[key] = citation
    return True


def write_records(
    records: Sequence[LactMedRecord],
    result: ImportResult,
    *,
    user: Any = None,
    progress: Progress | None = None,
    done_before: int = 0,
    total: int | None = None,
) -> None:
    """Create or update the draft monographs for ``records`` (caller owns the transaction)."""
    get_user = LazyUser(user)
    resolver = Resolver()
    citations = _Citations()
    total = total if total is not None else len(records)
    for offset, record in enumerate(records, start=1):
        try:
            _write_one(record, result, get_user=get_user, resolver=resolver, citations=citations)
        except (ValidationError, ValueError, IntegrityError) as exc:
            raise ImportFileError(f"{record.label}: cannot be written: {exc}") from exc
        if progress:
            progress(done_before + offset, total)


def _write_one(
    record: LactMedRecord,
    result: ImportResult,
    *,
    get_user: LazyUser,
    resolver: Resolver,
    citations: _Citations,
) -> None:
    result.warnings.extend(record.warnings)
    drug_id, how = resolver.resolve(record)
    if drug_id is None and how != "new":
        result.warnings.append(f"{record.label}: imported as a new draft: {how}")
    reason = f"LactMed import {record.lm_id or record.title}" + (
        f" (revision {record.revision_date})" if record.revision_date else ""
    )
    if drug_id is None:
        user = get_user()
        drug = Drug(
            name=record.title,
            slug=resolver.new_slug(record),
            kind=_guess_kind(record.title),
            cas_number=record.cas,
            status=Status.DRAFT,
            last_edited_by=user,
            lactmed_revision_date=record.revision_date,
            source_text={SOURCE_KEY: record.source_text()},
        )
        drug._history_user = user  # type: ignore[attr-defined]
        drug._change_reason = reason  # type: ignore[attr-defined]
        drug.clean_fields(exclude=_DRUG_FK_FIELDS)
        drug.clean()
        drug.save()
        resolver.add(drug, record)
        seen: set[tuple[str, str]] = set()
        for name, kind in [(record.title, DrugName.NameKind.GENERIC)] + [
            (s, DrugName.NameKind.SYNONYM) for s in record.synonyms
        ]:
            normalized = normalize_name(name)
            if not normalized or (normalized, kind) in seen:
                continue
            seen.add((normalized, kind))
            drug_name = DrugName(drug=drug, name=name[:200], kind=kind)
            drug_name._history_user = user  # type: ignore[attr-defined]
            drug_name.save()
        _upsert_citation(record, drug.slug, get_user, citations)
        result.created += 1
        audit.info(
            "lactmed_import action=created drug=%s lm=%s by=%s", drug.slug, record.lm_id, user
        )
        return

    drug = Drug.objects.select_for_update().get(pk=drug_id)
    stored = (drug.source_text or {}).get(SOURCE_KEY) or {}
    stored_date = stored.get("revision_date") or (
        drug.lactmed_revision_date.isoformat() if drug.lactmed_revision_date else None
    )
    if stored.get("sha256") == record.sha256:
        citation_changed = _upsert_citation(record, drug.slug, get_user, citations)
        result.unchanged += 0 if citation_changed else 1
        result.updated += 1 if citation_changed else 0
        return
    if (
        record.revision_date
        and stored_date
        and dt.date.fromisoformat(stored_date) > record.revision_date
    ):
        result.skipped += 1
        result.warnings.append(
            f"{record.label}: older than the revision {stored_date} already held for "
            f"{drug.slug}; skipped"
        )
        return
    user = get_user()
    previous_status = drug.status
    drug.source_text = {**(drug.source_text or {}), SOURCE_KEY: record.source_text()}
    if record.revision_date:
        drug.lactmed_revision_date = record.revision_date
    if record.cas and not drug.cas_number:
        drug.cas_number = record.cas
    drug._history_user = user  # type: ignore[attr-defined]
    drug._change_reason = f"{reason}; import pending review"  # type: ignore[attr-defined]
    # The normal record-edit path: a published/in-review working copy goes back to draft and
    # needs a second-person review; published_data (what clinicians see) is not touched.
    services.monograph_record_edit(drug=drug, by=user)
    _upsert_citation(record, drug.slug, get_user, citations)
    result.updated += 1
    audit.info(
        "lactmed_import action=updated drug=%s lm=%s matched_by=%s status=%s->%s by=%s",
        drug.slug,
        record.lm_id,
        how,
        previous_status,
        drug.status,
        user,
    )


def import_lactmed(
    path: Path,
    *,
    validate_progress: Progress | None = None,
    write_progress: Progress | None = None,
) -> ImportResult:
    """Command-line path: validate everything, then write everything in one transaction."""
    records = load_records(path, progress=validate_progress)
    result = ImportResult(total=len(records))
    with transaction.atomic():
        write_records(records, result, progress=write_progress)
    return result
