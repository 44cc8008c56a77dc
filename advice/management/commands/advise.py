"""`python manage.py advise DRUG [options]` and `advise --batch FILE` (JSON Lines)."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from advice.engine import ScenarioError
from advice.services import advice_for
from advice.text import render_result_text

OPTION_FIELDS = {
    "dose_mg": float,
    "regimen": str,
    "doses_per_day": float,
    "route": str,
    "infant_age_days": int,
    "infant_weight_kg": float,
    "maternal_weight_kg": float,
    "activity_mbq": float,
    "dose_time": str,
}
BATCH_FIELDS = {"id", "drug", "preterm", *OPTION_FIELDS}


class Command(BaseCommand):
    help = "Print the breastfeeding verdict for a drug and scenario (or a JSON Lines batch)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("drug", nargs="?", help="Generic, brand or common name.")
        parser.add_argument("--dose-mg", type=float)
        parser.add_argument("--regimen", choices=["single", "chronic"])
        parser.add_argument("--doses-per-day", type=float)
        parser.add_argument("--route")
        parser.add_argument("--infant-age-days", type=int)
        parser.add_argument("--preterm", action="store_true")
        parser.add_argument("--infant-weight-kg", type=float)
        parser.add_argument("--maternal-weight-kg", type=float)
        parser.add_argument("--activity-mbq", type=float)
        parser.add_argument("--dose-time", help="ISO 8601, e.g. 2026-11-28T14:30+00:00")
        parser.add_argument("--json", action="store_true", help="Print the verdict as JSON.")
        parser.add_argument("--batch", help="JSON Lines file of scenarios ('-' for stdin).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"]:
            self._batch(options["batch"])
            return
        if not options["drug"]:
            raise CommandError("Name a drug, e.g. `manage.py advise sertraline`, or use --batch.")
        data: dict[str, Any] = {
            name: options[name] for name in OPTION_FIELDS if options.get(name) is not None
        }
        if options["preterm"]:
            data["preterm"] = True
        try:
            result = advice_for(drug=options["drug"], data=data)
        except ScenarioError as exc:
            raise CommandError(_errors_text(exc.errors)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), indent=2, sort_keys=True))
        else:
            self.stdout.write(render_result_text(result))

    def _batch(self, source: str) -> None:
        if source == "-":
            lines = sys.stdin.read().splitlines()
        else:
            path = Path(source)
            if not path.exists():
                raise CommandError(f"Batch file {path} not found.")
            lines = path.read_text().splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            self.stdout.write(json.dumps(_batch_line(line, number), sort_keys=True))


def _batch_line(line: str, number: int) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "line": number, "error": f"Line {number} is not valid JSON: {exc}"}
    if not isinstance(item, dict):
        return {"id": None, "line": number, "error": f"Line {number} is not a JSON object."}
    ident = item.get("id")
    missing = [k for k in ("id", "drug") if item.get(k) in (None, "")]
    if missing:
        return {"id": ident, "error": f"Missing required key(s): {', '.join(missing)}."}
    unknown = sorted(set(item) - BATCH_FIELDS)
    if unknown:
        return {"id": ident, "error": f"Unknown key(s): {', '.join(unknown)}."}
    data = {k: v for k, v in item.items() if k not in ("id", "drug") and v is not None}
    try:
        result = advice_for(drug=str(item["drug"]), data=data)
    except ScenarioError as exc:
        return {"id": ident, "error": _errors_text(exc.errors)}
    return {**result.to_dict(), "id": ident}


def _errors_text(errors: dict[str, str]) -> str:
    return "; ".join(f"{field}: {message}" for field, message in sorted(errors.items()))
