"""Parsing LactMed BITS book-part XML into validated records (pure: no database).

Tags are matched by local name; sections by heading at any depth; ids, dates and the CAS
number from wherever the record keeps them (see the package docstring)."""

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET  # DTD entities are refused below  # nosec B405
from html.entities import name2codepoint
from typing import Any

from drugs.importers.lactmed.records import (
    BOOK_ACCESSION,
    CAS_RE,
    CAS_TEXT_RE,
    KNOWN_SECTIONS,
    LAST_REVISION_RE,
    LM_RE,
    MONTHS,
    NBK_RE,
    REVISION_DATE_TYPES,
    STRUCTURAL_SECTIONS,
    TITLE_SALVAGE_RE,
    UNII_RE,
    XML_ENTITIES,
    LactMedRecord,
)

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
    if record.revision_date and record.revision_date > dt.datetime.now(
        dt.UTC
    ).date() + dt.timedelta(1):
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
