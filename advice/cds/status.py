"""Is the patient breastfeeding? From the prefetch, else from the EHR's FHIR server.

The answer decides whether the service speaks at all (see advice.cds.views):

- ``breastfeeding``      latest LOINC 63895-7 Observation answers LA29252-6 (or true)
- ``not_breastfeeding``  ... answers LA29253-4 (or false)
- ``male``               no such Observation and Patient.gender is "male"
- ``unknown``            anything else, including every failure to find out

The prefetch templates are declared in discovery (``PREFETCH``). When the EHR did not send the
``lactation`` key (the key is absent, not null) and the request names a ``fhirServer``, the
service asks that server itself, with the ``fhirAuthorization`` bearer token and a short
timeout. Only servers listed in ``settings.LACTRX_CDS_FHIR_SERVERS`` (URL prefixes) are ever
called: the hook endpoint is open to anonymous callers, and an open fetch would let anyone
make this server request any address. Redirects are not followed. Any failure (not allowed,
timeout, HTTP error, bad JSON) is logged and read as ``unknown`` -- never as compatible.
"""

from __future__ import annotations

import enum
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from advice.cds.shape import items as shape_items
from advice.cds.shape import text

logger = logging.getLogger(__name__)

LOINC = "http://loinc.org"
LOINC_BREASTFEEDING_STATUS = "63895-7"
LOINC_CURRENTLY_BREASTFEEDING = "LA29252-6"
LOINC_NOT_BREASTFEEDING = "LA29253-4"
PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "lactation": (
        "Observation?patient={{context.patientId}}"
        f"&code={LOINC}|{LOINC_BREASTFEEDING_STATUS}&_sort=-date&_count=1"
    ),
}
_USABLE = {"final", "amended", "corrected", "preliminary"}
MAX_FHIR_BYTES = 1024 * 1024


class Lactation(enum.StrEnum):
    BREASTFEEDING = "breastfeeding"
    NOT_BREASTFEEDING = "not_breastfeeding"
    MALE = "male"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LactationStatus:
    status: Lactation
    source: str  # "prefetch" | "fhir" | "none"
    note: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx becomes an HTTPError: never follow it with the token


_OPENER = urllib.request.build_opener(_NoRedirect)


def _when(resource: dict[str, Any]) -> str:
    period = resource.get("effectivePeriod") or {}
    return str(
        resource.get("effectiveDateTime")
        or (period.get("start") if isinstance(period, dict) else None)
        or resource.get("issued")
        or ""
    )


def _observations(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, dict):
        return []
    if value.get("resourceType") == "Observation":
        items = [value]
    else:
        entries = value.get("entry")
        items = (
            [
                e.get("resource")
                for e in entries
                if isinstance(e, dict) and isinstance(e.get("resource"), dict)
            ]
            if isinstance(entries, list)
            else []
        )
    return [
        o
        for o in items
        if o.get("resourceType") == "Observation" and text(o.get("status")) in _USABLE
    ]


def status_from_observations(value: Any) -> bool | None:
    """True/False from the latest usable LOINC 63895-7 Observation; None when unknown."""
    usable = _observations(value)
    if not usable:
        return None
    latest = max(usable, key=_when)
    if isinstance(latest.get("valueBoolean"), bool):
        return bool(latest["valueBoolean"])
    concept = latest.get("valueCodeableConcept")
    codings = concept.get("coding") if isinstance(concept, dict) else None
    for coding in shape_items(codings):
        code = coding.get("code") if isinstance(coding, dict) else None
        if code == LOINC_CURRENTLY_BREASTFEEDING:
            return True
        if code == LOINC_NOT_BREASTFEEDING:
            return False
    return None


def _allowed(server: str) -> bool:
    parts = urllib.parse.urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    prefixes = getattr(settings, "LACTRX_CDS_FHIR_SERVERS", []) or []
    base = server.rstrip("/") + "/"
    return any(base.startswith(str(p).rstrip("/") + "/") for p in prefixes)


def fhir_get(body: dict[str, Any], path: str) -> dict[str, Any] | None:
    """GET ``{fhirServer}/{path}`` as the EHR allowed; None on any failure (logged)."""
    server = body.get("fhirServer")
    if not isinstance(server, str) or not server:
        return None
    if not _allowed(server):
        logger.info("cds: fhirServer %s is not in LACTRX_CDS_FHIR_SERVERS; not called", server)
        return None
    request = urllib.request.Request(  # noqa: S310 (scheme checked in _allowed)
        f"{server.rstrip('/')}/{path}", headers={"Accept": "application/fhir+json"}
    )
    auth = body.get("fhirAuthorization")
    token = auth.get("access_token") if isinstance(auth, dict) else None
    if isinstance(token, str) and token:
        request.add_unredirected_header("Authorization", f"Bearer {token}")
    timeout = float(getattr(settings, "LACTRX_CDS_FHIR_TIMEOUT_S", 2.0))
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            raw = response.read(MAX_FHIR_BYTES + 1)
        if len(raw) > MAX_FHIR_BYTES:
            raise ValueError("response too large")
        data = json.loads(raw)
    except (OSError, ValueError, urllib.error.URLError) as exc:
        logger.warning("cds: FHIR GET %s failed (%s); lactation status unknown", path, exc)
        return None
    return data if isinstance(data, dict) else None


def lactation_status(body: dict[str, Any]) -> LactationStatus:
    prefetch = body.get("prefetch") if isinstance(body.get("prefetch"), dict) else {}
    patient_id = str(body.get("context", {}).get("patientId", ""))
    source = "prefetch"
    if "lactation" in prefetch:
        observations = prefetch.get("lactation")
    else:
        query = urllib.parse.urlencode(
            {
                "patient": patient_id,
                "code": f"{LOINC}|{LOINC_BREASTFEEDING_STATUS}",
                "_sort": "-date",
                "_count": "1",
            }
        )
        observations = fhir_get(body, f"Observation?{query}")
        source = "fhir" if observations is not None else "none"
    found = status_from_observations(observations)
    if found is True:
        return LactationStatus(Lactation.BREASTFEEDING, source)
    if found is False:
        return LactationStatus(Lactation.NOT_BREASTFEEDING, source)
    patient = prefetch.get("patient") if "patient" in prefetch else None
    if patient is None and "patient" not in prefetch and patient_id:
        patient = fhir_get(body, f"Patient/{urllib.parse.quote(patient_id, safe='')}")
    if (
        isinstance(patient, dict)
        and patient.get("resourceType") == "Patient"
        and patient.get("gender") == "male"
    ):
        return LactationStatus(Lactation.MALE, source)
    return LactationStatus(Lactation.UNKNOWN, source)
