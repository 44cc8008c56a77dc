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

The package reads in four steps, each its own module: ``archive`` (sources → XML bytes),
``parser`` (XML → ``records.LactMedRecord``, pure), ``matching`` (records → monographs, and
the validate phase) and ``writes`` (the only step that touches the database).
"""

from drugs.importers.lactmed.archive import iter_sources
from drugs.importers.lactmed.matching import Resolver, load_records
from drugs.importers.lactmed.parser import parse_document, parse_part
from drugs.importers.lactmed.records import LactMedRecord
from drugs.importers.lactmed.writes import import_lactmed, write_records

__all__ = [
    "LactMedRecord",
    "Resolver",
    "import_lactmed",
    "iter_sources",
    "load_records",
    "parse_document",
    "parse_part",
    "write_records",
]
