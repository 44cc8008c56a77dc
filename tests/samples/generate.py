"""LactMed sample files in the NCBI Bookshelf BITS book-part format, for tests and benchmarks.

* ``SAMPLE_RECORDS`` holds real LactMed text (NICHD/NLM, public domain) from the verbatim
  excerpts in ``../shared/data/lactmed/lactmed_record_excerpts.json``; the XML around it
  follows the structure hypothesis of ``LACTMED_FORMAT_NOTES.md`` (it is *not* an NLM file).
  ``write_sample_files`` writes them (plus malformed/truncated variants) to ``tests/samples``.
* ``make_lactmed_xml(n)`` / ``make_lactmed_archive(path, n)`` generate ``n`` *synthetic*
  records ("Synthetic Agent 00001" ...) for load tests, e.g. timing a 2,000-record import:

      from tests.samples.generate import make_lactmed_archive
      make_lactmed_archive("/tmp/lactmed_2000.tar.gz", 2000)
      # python manage.py import_lactmed /tmp/lactmed_2000.tar.gz

  Synthetic records say so in their text; they reuse LactMed sentences only as realistic
  filler and carry made-up ``LM9xxxxx`` ids with no NBK accession.
"""

import io
import tarfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr  # writing XML, not parsing  # nosec B406

DOCTYPE = (
    '<!DOCTYPE book-part-wrapper PUBLIC "-//NLM//DTD BITS Book Interchange DTD v2.0 '
    '20151225//EN" "BITS-book2.dtd">'
)
NOTICE = (
    "<!-- LactRx test sample: text from NLM LactMed (NICHD/NLM, public domain; LactMed is a "
    "registered trademark of HHS). XML structure written by LactRx after the BITS hypothesis in "
    "LACTMED_FORMAT_NOTES.md; not a file published by NLM. -->"
)
NOT_FOUND = "Relevant published information was not found as of the revision date."
RADIO_TAIL = (
    "Mothers concerned about the level of radioactivity in their milk could ask to have it "
    "tested at a nuclear medicine facility at their hospital. When the radioactivity is at a "
    "safe level, she may resume breastfeeding. A method for measuring milk radioactivity and "
    "determining the time when a mother can safely resume breastfeeding has been published."
)

# Real LactMed text (verbatim excerpts; cut at the last full sentence where the excerpt was).
SAMPLE_RECORDS: list[dict[str, Any]] = [
    {
        "file": "LM328_sertraline.nxml",
        "title": "Sertraline",
        "lm_id": "LM328",
        "revision": ("2024", "02", "15"),
        "date_style": "pub-history",
        "cas": "79617-96-2",
        "cas_style": "kwd",
        "classes": ["Antidepressive Agents", "Serotonin Uptake Inhibitors"],
        "nested": False,
        "sections": {
            "Summary of Use during Lactation": [
                "Because of the low levels of sertraline in breastmilk, amounts ingested by the "
                "infant are small and is usually not detected in the serum of the infant, "
                "although the weakly active metabolite norsertraline (desmethylsertraline) is "
                "often detectable in low levels in infant serum. Rarely, preterm infants with "
                "impaired metabolic activity might accumulate the drug and demonstrate symptoms "
                "similar to neonatal abstinence. Most authoritative reviewers consider "
                "sertraline a preferred antidepressants during breastfeeding.[1-9]",
                "Mothers taking an SSRI during pregnancy and postpartum may have more difficulty "
                "breastfeeding, although this might be a reflection of their disease state.[10] "
                "These mothers may need additional breastfeeding support. Breastfed infants "
                "exposed to an SSRI during the third trimester of pregnancy have a lower risk "
                "of poor neonatal adaptation than formula-fed infants.",
            ],
            "Drug Levels": [
                "Sertraline is metabolized to norsertraline (desmethylsertraline), which has "
                "antidepressant activity of about 10% that of sertraline.",
                "<italic>Maternal Levels.</italic> In a pooled analysis of serum levels from "
                "published studies and 4 unpublished cases, the authors found that 15 mothers "
                "taking an average daily dosage of 83 mg (range 25 to 200 mg) had an average "
                "breastmilk sertraline level of 45 mcg/L (range 7 to 207 mcg/L).[1]",
            ],
        },
    },
    {
        "file": "LM665_gallium_citrate_ga67.nxml",
        "title": "Gallium Citrate Ga 67",
        "lm_id": "LM665",
        "nbk_id": "NBK501557",
        "date_style": None,
        "cas": "41183-64-6",
        "cas_style": "section",
        "nested": True,
        "sections": {
            "Summary of Use during Lactation": [
                "Information in this record refers to the use of Ga 67 citrate as a diagnostic "
                "agent. Several international guidelines recommend discontinuation of "
                "breastfeeding for 3 to 4 weeks or complete cessation of breastfeeding after Ga "
                '67 citrate.[<xref ref-type="bibr" rid="LM665.r1">1</xref>-4] If the mother '
                "wishes to resume nursing, the breasts should be emptied regularly and "
                "completely during the period of interruption. If the mother has expressed and "
                "saved milk prior to the examination, she can feed it to the infant during the "
                "period of nursing interruption.[3,5] The milk that is pumped by the mother "
                "during the time of breastfeeding interruption can either be discarded or "
                "stored frozen and given to the infant after 10 physical half-lives, or about "
                "33 days, have elapsed.[3,5]",
                "Mothers concerned about the level of radioactivity in their milk could ask to "
                "have it tested at a nuclear medicine facility at their hospital. When the "
                "radioactivity is at a safe level, she may resume breastfeeding. A method for "
                "measuring milk radioactivity and determining the time when a mother can safely "
                "resume breastfeeding has been published.[6] Mothers who receive a dose less "
                "than 190 MBq for an inflammation scan need not refrain from close contact with "
                "their infants.[7]",
            ],
            "Drug Levels": [
                "Ga 67 decays by electron capture with principal photon energies of 93, 185 and "
                "300 keV, and a physical half-life of 3.26 days.[4] The effective half-life of "
                "gallium 67 citrate ranges from 40 to 68 hours.[5,6]",
            ],
            "Effects in Breastfed Infants": [NOT_FOUND],
            "Effects on Lactation and Breastmilk": [NOT_FOUND],
        },
        "references": [
            (
                "LM665.r1",
                "1",
                "Mattsson S, Johansson L, Leide Svegborn S, et al. Radiation dose to patients "
                "from radiopharmaceuticals: A compendium of current information related to "
                "frequently used substances. ICRP Publication 128. Annex D. Recommendations on "
                "breast-feeding interruptions. Ann ICRP.",
            )
        ],
    },
    {
        "file": "LM672_indium_in111_wbc.nxml",
        "title": "Indium In 111 White Blood Cells",
        "lm_id": "LM672",
        "pmid": "30000625",
        "revision_text": "October 15, 2023",
        "date_style": "text",
        "nested": True,
        "sections": {
            "Summary of Use during Lactation": [
                "Information in this record refers to the use of indium In 111 white blood "
                "cells (In 111 leukocytes) as a diagnostic agent. Breastfeeding should be "
                "interrupted temporarily after administration of high doses of In 111 "
                "leukocytes to a nursing mother. British authorities state that doses greater "
                "than10MBq should not be administered to breastfeeding patients, and at that "
                "dose and below, no interruption of breastfeeding is required.[1] US "
                "recommendations state that a period of 6 days of interruption of "
                "breastfeeding is recommended, irrespective of dose.[2] The duration of "
                "breastfeeding interruption depends on the dose administered (see table). "
                "During the period of interruption, the breasts should be emptied regularly "
                "and completely. If the mother has expressed and saved milk prior to the "
                "examination, she can feed it to the infant during the period of nursing "
                "interruption.[1,3] The milk that is pumped by the mother during the time of "
                "breastfeeding interruption can either be discarded or stored frozen and given "
                "to the infant after 10 physical half-lives, or about 28 days, have elapsed. "
                "After doses greater than 10 MBq, consideration of temporarily limiting close "
                "contact between the mother and infant.[1]",
                RADIO_TAIL + "[4]",
            ],
        },
    },
    {
        "file": "iodohippurate_sodium_i131.nxml",
        "title": "Iodohippurate Sodium I 131",
        "nbk_id": "NBK501564",
        "pmid": "30000624",
        "revision": ("2024", "11", "15"),
        "date_style": "pub-history",
        "nested": False,
        "sections": {
            "Summary of Use during Lactation": [
                "Information in this record refers to the use of iodohippurate sodium I 131 "
                "(ortho-iodohippurate sodium I 131; I-131 OIH) as a diagnostic agent. A US "
                "Nuclear Regulatory Commission subcommittee has recommended should be "
                "interrupted for 4 hours after administration of I-131 OIH.[1] However, some "
                "experts recommend nursing the infant just before administration of the "
                "radiopharmaceutical and interrupting breastfeeding for 12 to 30 hours after "
                "the dose.[2-4] If the mother has expressed and saved milk prior to the "
                "examination, she can feed it to the infant during the period of nursing "
                "interruption.[2,5,6] " + RADIO_TAIL + "[7]",
                "Nursing mothers should not work with substances containing I 131 in their "
                "workplace.[8]",
            ],
        },
    },
    {
        "file": "iodohippurate_sodium_i123.nxml",
        "title": "Iodohippurate Sodium I 123",
        "pmid": "30000619",
        "date_style": None,
        "nested": False,
        "sections": {
            "Summary of Use during Lactation": [
                "Information in this record refers to the use of iodohippurate sodium I 123 (I "
                "123 ortho-iodohippurate; I 123 OIH) as a kidney function diagnostic agent. "
                "However, some experts recommend nursing the infant just before administration "
                "of the radiopharmaceutical and interrupting breastfeeding for 8 to 12 hours "
                "after the dose.[1-3] This recommendation is based on possible contamination "
                "with other iodine isotopes, which no longer occurs, so a US Nuclear "
                "Regulatory Commission subcommittee has recommended that breastfeeding should "
                "be interrupted for only 4 hours after administration of I 123 OIH in doses up "
                "to 100 MBq (4 mCi) to a nursing mother.[4] If the mother has expressed and "
                "saved milk prior to the examination, she can feed it to the infant during the "
                "period of nursing interruption.[1,5] Mothers need not refrain from close "
                "contact with their infants after usual clinical doses.[6]",
                RADIO_TAIL + "[7]",
            ],
        },
    },
    {
        "file": "iodohippurate_sodium_i125.nxml",
        "title": "Iodohippurate Sodium I 125",
        "pmid": "30000621",
        "date_style": None,
        "nested": False,
        "sections": {
            "Summary of Use during Lactation": [
                "Information in this record refers to the use of iodohippurate sodium I 125 "
                "(ortho-iodohippurate sodium I 125; I 125 OIH) as a kidney function diagnostic "
                "agent. International experts recommend nursing the infant just before "
                "administration of the radiopharmaceutical and interrupting breastfeeding for "
                "12 to 18 hours after the dose.[1-3] If the mother has expressed and saved "
                "milk prior to the examination, she can feed it to the infant during the "
                "period of nursing interruption.[1,4,5]",
                RADIO_TAIL + "[6]",
            ],
        },
    },
]


def _paragraphs(items: list[str]) -> str:
    # Items may hold inline markup (<italic>, <xref>) on purpose; plain '&' is escaped.
    return "".join(f"\n<p>{item.replace('&', '&amp;')}</p>" for item in items)


def _table(rows: list[list[str]]) -> str:
    head, *body = rows
    cells = "".join(f"<th>{escape(c)}</th>" for c in head)
    trs = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in body)
    return (
        '<table-wrap id="tbl1"><table><thead><tr>'
        + cells
        + "</tr></thead><tbody>"
        + trs
        + "</tbody></table></table-wrap>"
    )


def book_part_xml(record: dict[str, Any]) -> str:
    """One ``<book-part>`` for ``record`` (see SAMPLE_RECORDS for the keys)."""
    ident = record.get("lm_id") or ""
    meta: list[str] = []
    if record.get("pmid"):
        meta.append(f'<book-part-id book-part-id-type="pmid">{record["pmid"]}</book-part-id>')
    if record.get("nbk_id"):
        meta.append(
            f'<book-part-id book-part-id-type="accession">{record["nbk_id"]}</book-part-id>'
        )
    meta.append(f"<title-group><title>{escape(record['title'])}</title></title-group>")
    if record.get("date_style") == "pub-history" and record.get("revision"):
        year, month, day = record["revision"]
        meta.append(
            '<pub-history><date date-type="updated">'
            f"<day>{day}</day><month>{month}</month><year>{year}</year>"
            "</date></pub-history>"
        )
    if record.get("cas") and record.get("cas_style", "kwd") == "kwd":
        meta.append(f'<kwd-group kwd-group-type="CAS"><kwd>{record["cas"]}</kwd></kwd-group>')
    if record.get("classes"):
        kwds = "".join(f"<kwd>{escape(c)}</kwd>" for c in record["classes"])
        meta.append(f'<kwd-group kwd-group-type="drug-class">{kwds}</kwd-group>')
    if record.get("synonyms"):
        kwds = "".join(f"<kwd>{escape(c)}</kwd>" for c in record["synonyms"])
        meta.append(f'<kwd-group kwd-group-type="synonyms">{kwds}</kwd-group>')
    if record.get("nbk_id"):
        meta.append(
            f'<self-uri xlink:href="https://www.ncbi.nlm.nih.gov/books/{record["nbk_id"]}/"/>'
        )

    sections = []
    for heading, paragraphs in record["sections"].items():
        extra = (
            _table(record["table"]) if record.get("table") and heading.startswith("Summ") else ""
        )
        sections.append(
            f"\n<sec><title>{escape(heading)}</title>{_paragraphs(paragraphs)}{extra}</sec>"
        )
    body = "".join(sections)
    if record.get("nested"):
        body = f"<sec><title>Drug Levels and Effects</title>{body}</sec>"
    if record.get("date_style") == "text" and record.get("revision_text"):
        body = f"<p>Last Revision: {escape(record['revision_text'])}.</p>" + body
    if record.get("cas") and record.get("cas_style") == "section":
        body += (
            "<sec><title>Substance Identification</title>"
            f"<p>CAS Registry Number: {record['cas']}</p></sec>"
        )
    back = ""
    if record.get("references"):
        refs = "".join(
            f'<ref id="{rid}"><label>{label}</label><mixed-citation>{escape(text)}'
            "</mixed-citation></ref>"
            for rid, label, text in record["references"]
        )
        back = f"<back><ref-list><title>References</title>{refs}</ref-list></back>"
    id_attr = f" id={quoteattr(ident)}" if ident else ""
    return (
        f'<book-part{id_attr} book-part-type="chapter">'
        f"\n<book-part-meta>\n{chr(10).join(meta)}\n</book-part-meta>\n"
        f"<body>{body}\n</body>{back}\n</book-part>"
    )


def book_part_wrapper_xml(record: dict[str, Any]) -> str:
    """A whole ``.nxml`` document (one record), as in the NCBI tarball."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{DOCTYPE}\n{NOTICE}\n"
        '<book-part-wrapper xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="2.0" '
        'xml:lang="en">'
        '<book-meta><book-id book-id-type="pmcid">lactmed</book-id>'
        "<book-title-group><book-title>Drugs and Lactation Database (LactMed&#174;)"
        "</book-title></book-title-group></book-meta>"
        f"{book_part_xml(record)}</book-part-wrapper>\n"
    )


def synthetic_record(i: int) -> dict[str, Any]:
    """A synthetic record: realistic shape and size, clearly labelled as not clinical."""
    base = SAMPLE_RECORDS[i % len(SAMPLE_RECORDS)]
    marker = f"[Synthetic benchmark record {i:05d}; not clinical information.] "
    sections = {k: list(v) for k, v in base["sections"].items()}
    first = next(iter(sections))
    sections[first][0] = marker + sections[first][0]
    for heading in ("Effects in Breastfed Infants", "Effects on Lactation and Breastmilk"):
        sections.setdefault(heading, [NOT_FOUND])
    record: dict[str, Any] = {
        "title": f"Synthetic Agent {i:05d}",
        "lm_id": f"LM9{i:05d}",
        "revision": ("2024", f"{1 + i % 12:02d}", f"{1 + i % 28:02d}"),
        "date_style": "pub-history",
        "nested": bool(i % 2),
        "sections": sections,
        "references": [
            (f"LM9{i:05d}.r1", "1", f"Synthetic reference {i} for load testing only."),
        ],
    }
    if i % 10 == 0:
        record["table"] = [["Dose", "Duration of Interruption"], ["(synthetic)", "(synthetic)"]]
    return record


def make_lactmed_xml(n: int, start: int = 1) -> str:
    """One BITS ``<book>`` document holding ``n`` synthetic book-part records."""
    parts = "".join(book_part_xml(synthetic_record(i)) for i in range(start, start + n))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{NOTICE}\n"
        '<book xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="2.0">'
        "<book-meta><book-title-group><book-title>Drugs and Lactation Database (LactMed&#174;)"
        "</book-title></book-title-group></book-meta>"
        f"<book-body>{parts}</book-body></book>\n"
    )


def _add(tar: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1_700_000_000
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def make_lactmed_archive(path: str | Path, n: int, start: int = 1) -> Path:
    """A ``.tar.gz`` like ``lactmed_NBK501922.tar.gz`` with ``n`` synthetic ``.nxml`` files."""
    path = Path(path)
    with tarfile.open(path, "w:gz") as tar:
        for i in range(start, start + n):
            _add(tar, f"lactmed/LM9{i:05d}.nxml", book_part_wrapper_xml(synthetic_record(i)))
    return path


def sample_archive_bytes() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for record in SAMPLE_RECORDS:
            _add(tar, f"lactmed/{record['file']}", book_part_wrapper_xml(record))
    return buffer.getvalue()


def write_sample_files(directory: str | Path) -> list[Path]:
    """Write the committed sample set: records, an archive, malformed and truncated variants."""
    root = Path(directory)
    written: list[Path] = []
    records_dir = root / "lactmed"
    records_dir.mkdir(parents=True, exist_ok=True)
    for record in SAMPLE_RECORDS:
        target = records_dir / record["file"]
        target.write_text(book_part_wrapper_xml(record))
        written.append(target)
    archive = sample_archive_bytes()
    (root / "lactmed_sample.tar.gz").write_bytes(archive)
    (root / "lactmed_truncated.tar.gz").write_bytes(archive[: len(archive) * 2 // 3])
    written += [root / "lactmed_sample.tar.gz", root / "lactmed_truncated.tar.gz"]

    malformed = root / "lactmed_malformed"
    malformed.mkdir(exist_ok=True)
    good = SAMPLE_RECORDS[3]
    (malformed / good["file"]).write_text(book_part_wrapper_xml(good))
    # An unclosed <p>: the XML is not well-formed; the title is still readable for the error.
    broken = book_part_wrapper_xml(SAMPLE_RECORDS[4]).replace("</p>", "", 1)
    (malformed / SAMPLE_RECORDS[4]["file"]).write_text(broken)
    written += sorted(malformed.iterdir())
    return written
