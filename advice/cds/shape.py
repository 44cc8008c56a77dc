"""Read untrusted FHIR JSON by shape: a field of the wrong JSON type counts as absent.

A CDS client may send anything where FHIR expects a list, an object or a code (`"entry": 5`,
`"coding": "x"`, a number where a code should be); the readers in advice.cds use these
helpers so such a part is ignored, never a 500.
"""

from __future__ import annotations

from typing import Any


def items(value: Any) -> list[Any]:
    """`value` if it is a JSON array, else [] (None, a number, a string or an object)."""
    return value if isinstance(value, list) else []


def dicts(value: Any) -> list[dict[str, Any]]:
    """The JSON objects of an array (other elements and non-arrays ignored)."""
    return [v for v in items(value) if isinstance(v, dict)]


def text(value: Any) -> str | None:
    """`value` if it is a JSON string, else None."""
    return value if isinstance(value, str) else None
