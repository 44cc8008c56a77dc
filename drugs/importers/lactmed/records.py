"""One LactMed record as parsed (pure: no database), and the LactMed book's fixed citation data."""

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

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
            "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
