"""The engine's publish-time check of a monograph snapshot (registered by AdviceConfig.ready).

A snapshot is published only if it becomes an engine profile and gives a verdict for the
default scenario (the drug page's first answer). Otherwise clinicians would get a 500 on the
page, the API and CDS. Each complaint names the curator's field where one is to blame.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from advice import engine
from advice.engine import Regimen, Route, Scenario, ScenarioError


def _enum_errors(snapshot: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def check(field: str, values: Any, kind: type, what: str) -> None:
        for value in values or []:
            try:
                kind(value)
            except ValueError:
                errors.setdefault(field, []).append(f"{value!r} is not a {what} the engine knows.")

    flags = snapshot.get("flags") or {}
    dose = snapshot.get("typical_dose") or {}
    check("minimal_absorption_routes", flags.get("minimal_absorption_routes"), Route, "route")
    check("typical_route", [dose.get("route")] if dose.get("route") else [], Route, "route")
    check(
        "typical_regimen", [dose.get("regimen")] if dose.get("regimen") else [], Regimen, "regimen"
    )
    for row in snapshot.get("guidance") or []:
        check(f"guidance {row.get('key')}: routes", row.get("routes"), Route, "route")
        check(
            f"guidance {row.get('key')}: regimen",
            [row["regimen"]] if row.get("regimen") else [],
            Regimen,
            "regimen",
        )
        check(
            f"guidance {row.get('key')}: verdict", [row.get("verdict")], engine.Category, "verdict"
        )
    for index, row in enumerate(snapshot.get("milk_studies") or [], start=1):
        check(f"milk study {index}: regimen", [row.get("regimen") or "chronic"], Regimen, "regimen")
    return errors


def engine_check(snapshot: dict[str, Any]) -> None:
    """Raise ValidationError unless the engine can give this snapshot's default verdict."""
    from advice.services import profile_from_snapshot

    errors = _enum_errors(snapshot)
    if errors:
        raise ValidationError(errors)
    try:
        profile = profile_from_snapshot(snapshot)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(f"The engine cannot read this monograph ({exc!r}).") from exc
    try:
        engine.advise(profile, Scenario(today=timezone.localdate()))
    except ScenarioError as exc:
        raise ValidationError({field: [message] for field, message in exc.errors.items()}) from exc
    except Exception as exc:  # any engine failure must stop the publish
        raise ValidationError(
            f"The engine gives no verdict for the default scenario ({exc!r})."
        ) from exc
