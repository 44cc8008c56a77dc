"""The reviewer's side-by-side view: the working copy against the published snapshot.

Both sides are compared as the content approval pins (``services.reviewed_content``), so the
diff shows exactly what a reviewer's approval would cover, section by section.
"""

from dataclasses import dataclass, field
from typing import Any

from drugs import services
from drugs.models import Drug

# (snapshot key, title, how a row is identified; None: by position)
LIST_SECTIONS: tuple[tuple[str, str, tuple[str, ...] | None], ...] = (
    ("generic_names", "Generic names", ("name",)),
    ("names", "Names (brands, synonyms, classes)", ("kind", "name")),
    ("pk", "Pharmacokinetics", ("parameter",)),
    ("milk_studies", "Milk-level studies", None),
    ("infant_effects", "Effects in breastfed infants", None),
    ("lactation_effects", "Effects on lactation", None),
    ("guidance", "Guidance", ("key",)),
    ("alternatives", "Alternatives", ("slug",)),
    ("citations", "Citations", ("key",)),
)
DICT_SECTIONS = (("flags", "Flags"), ("typical_dose", "Typical adult dose"))
SKIP = {"flags", "typical_dose", *(key for key, _, _ in LIST_SECTIONS)}


@dataclass
class DiffRow:
    label: str
    published: str
    working: str
    changed: bool


def _row(label: str, old: Any, new: Any, *, missing: str = "") -> DiffRow:
    """Compare the values themselves (PostgreSQL's jsonb does not keep key order)."""
    return DiffRow(
        label,
        missing if old is _ABSENT else _text(old),
        "(removed)" if new is _ABSENT else _text(new),
        old != new,
    )


_ABSENT = object()


@dataclass
class DiffSection:
    key: str
    title: str
    rows: list[DiffRow] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.rows)

    @property
    def changed_count(self) -> int:
        return sum(row.changed for row in self.rows)


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{k}: {_text(value[k])}" for k in sorted(value) if value[k] not in (None, "", [])
        )
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _list_rows(old: list[Any], new: list[Any], identity: tuple[str, ...] | None) -> list[DiffRow]:
    def keyed(items: list[Any]) -> dict[str, Any]:
        if identity is None:
            return {f"#{i}": item for i, item in enumerate(items, start=1)}
        return {" / ".join(str(item.get(k, "")) for k in identity): item for item in items}

    before, after = keyed(old), keyed(new)
    labels = list(before) + [label for label in after if label not in before]
    return [
        _row(
            label,
            before.get(label, _ABSENT),
            after.get(label, _ABSENT),
            missing="(not present)",
        )
        for label in labels
    ]


def monograph_diff(*, drug: Drug) -> list[DiffSection]:
    """Sections (fields, flags, dose, names, PK, studies, effects, guidance, alternatives,
    citations), each with one row per field or child row: published value vs working copy."""
    working = services.reviewed_content(drug)
    published_data = drug.published_data or {}
    published = {k: v for k, v in published_data.items() if k not in services.REVIEW_METADATA_KEYS}
    if published_data.get("name") and "generic_names" not in published:
        # A snapshot carries its generic name as the monograph's name.
        published["generic_names"] = [{"name": published_data["name"], "locale": "en"}]
    fields = DiffSection("fields", "Fields")
    for key in [k for k in working if k not in SKIP] + [
        k for k in published if k not in SKIP and k not in working
    ]:
        fields.rows.append(_row(key, published.get(key), working.get(key)))
    sections = [fields]
    for key, title in DICT_SECTIONS:
        old, new = published.get(key) or {}, working.get(key) or {}
        sections.append(
            DiffSection(
                key,
                title,
                [
                    _row(sub, old.get(sub), new.get(sub))
                    for sub in list(new) + [s for s in old if s not in new]
                ],
            )
        )
    for key, title, identity in LIST_SECTIONS:
        sections.append(
            DiffSection(
                key, title, _list_rows(published.get(key) or [], working.get(key) or [], identity)
            )
        )
    return sections
