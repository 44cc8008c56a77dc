"""Parse RxNorm normalized drug names (pure Python, no Django).

RxNorm builds its names from parts, following NLM's naming conventions (RxNorm Technical
Documentation, "RxNorm normal forms"):

- SCD  (clinical drug):   ``ingredient strength unit [/ ingredient strength unit ...] dose form``
  e.g. ``Acetaminophen 300 MG / Codeine Phosphate 30 MG Oral Tablet``; a quantity factor
  or a qualifier may come first: ``12 HR Oxycodone Hydrochloride 40 MG Extended Release
  Oral Tablet``, ``200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler``,
  ``Abuse-Deterrent 12 HR ...``.
- SBD  (branded drug):    the SCD name followed by the brand in brackets: ``... [Zoloft]``.
- SCDC / SBDC (component): ingredient strength without a dose form (``Buprenorphine 2 MG /
  Naloxone 0.5 MG [Suboxone]``).
- SCDF / SCDG (form / group): ingredients without strengths, then the dose form or the dose
  form group (``acetaminophen / codeine Oral Tablet``, ``... Oral Product``).
- GPCK / BPCK (packs):    ``{21 (drug) / 7 (drug) } Pack`` and, branded, ``... } Pack [Brand]``.

The strength is kept with its unit (``MG``, ``MG/ML``, ``MG/HR``, ``MG/ACTUAT``, ``UNT/ML``,
``MEQ``...). Salt forms are separated from the moiety so that an ingredient can be matched to
a monograph: ``Codeine Phosphate`` -> ``codeine``, ``Oxycodone Hydrochloride`` ->
``oxycodone``; a name that is only a salt of a metal (``Potassium Chloride``, ``Ferrous
sulfate``) is kept whole. The dose form gives the route (``Oral Tablet`` -> oral, ``Topical
Cream`` -> topical); an injectable form lists the routes it may be given by, and the order
decides which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Strength units RxNorm uses (numerator[/denominator]); matched case-insensitively.
_UNIT = (
    r"(?:%|(?:MG|MCG|G|ML|L|UNT|MEQ|MMOL|ACTUAT|HR|CELLS|BAU|PNU|AU|IR|ORGANISMS)"
    r"(?:/(?:MG|MCG|G|ML|L|HR|ACTUAT|UNT|SQCM|CM2|DAY))?)"
)
_NUMBER = r"\d+(?:\.\d+)?"
# Prefixes before the first ingredient: a qualifier and/or a quantity factor.
_QUALIFIER_RE = re.compile(r"^(?P<qualifier>Abuse-Deterrent|Milk-Free|Sugar-Free)\s+", re.I)
_QUANTITY_RE = re.compile(rf"^(?P<value>{_NUMBER})\s+(?P<unit>HR|ACTUAT|ML|DAY|WK|MG|G|L)\s+", re.I)
_STRENGTH_RE = re.compile(
    rf"^(?P<name>.+?)\s+(?P<value>{_NUMBER})\s*(?P<unit>{_UNIT})(?=\s|$)(?:\s+(?P<rest>.*))?$",
    re.I,
)
_BRAND_RE = re.compile(r"\s*\[(?P<brand>[^\[\]]+)\]\s*$")
_PACK_RE = re.compile(r"^\{(?P<body>.*)\}\s*Pack\b(?P<rest>.*)$", re.I | re.S)
_COMPONENT_RE = re.compile(r"^(?P<count>\d+(?:\.\d+)?)\s*\((?P<drug>.*)\)$", re.S)

# Dose form (RxNorm DF / DFG names) -> (route, routes an injectable may be given by).
_INJECTABLE = ("iv", "im", "sc")
DOSE_FORMS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    # Oral (sublingual, buccal and mucosal forms are absorbed systemically: read as oral).
    "oral tablet": ("oral", ()),
    "oral capsule": ("oral", ()),
    "oral solution": ("oral", ()),
    "oral suspension": ("oral", ()),
    "oral powder": ("oral", ()),
    "oral granules": ("oral", ()),
    "oral film": ("oral", ()),
    "oral gel": ("oral", ()),
    "oral lozenge": ("oral", ()),
    "oral spray": ("oral", ()),
    "oral paste": ("oral", ()),
    "oral pellet": ("oral", ()),
    "oral product": ("oral", ()),
    "pill": ("oral", ()),
    "chewable tablet": ("oral", ()),
    "chewable bar": ("oral", ()),
    "chewing gum": ("oral", ()),
    "disintegrating oral tablet": ("oral", ()),
    "effervescent oral tablet": ("oral", ()),
    "extended release oral tablet": ("oral", ()),
    "extended release oral capsule": ("oral", ()),
    "extended release oral suspension": ("oral", ()),
    "extended release suspension": ("oral", ()),
    "extended release tablet": ("oral", ()),
    "extended release capsule": ("oral", ()),
    "delayed release oral tablet": ("oral", ()),
    "delayed release oral capsule": ("oral", ()),
    "enteric coated tablet": ("oral", ()),
    "enteric coated capsule": ("oral", ()),
    "sublingual tablet": ("oral", ()),
    "sublingual film": ("oral", ()),
    "buccal film": ("oral", ()),
    "buccal tablet": ("oral", ()),
    "mucosal spray": ("oral", ()),
    "oral rinse": ("topical", ()),
    "mouthwash": ("topical", ()),
    "toothpaste": ("topical", ()),
    # Injectables: the order's route decides among the routes listed.
    "injectable solution": (None, _INJECTABLE),
    "injectable suspension": (None, ("im", "sc")),
    "extended release injectable suspension": (None, ("im", "sc")),
    "injectable foam": (None, ("iv",)),
    "injection": (None, _INJECTABLE),
    "injectable product": (None, _INJECTABLE),
    "prefilled syringe": (None, _INJECTABLE),
    "cartridge": (None, _INJECTABLE),
    "auto-injector": (None, ("im", "sc")),
    "pen injector": ("sc", ("sc",)),
    "drug implant": ("sc", ("sc",)),
    # Skin.
    "topical cream": ("topical", ()),
    "topical ointment": ("topical", ()),
    "topical gel": ("topical", ()),
    "topical lotion": ("topical", ()),
    "topical solution": ("topical", ()),
    "topical foam": ("topical", ()),
    "topical spray": ("topical", ()),
    "topical powder": ("topical", ()),
    "topical oil": ("topical", ()),
    "topical product": ("topical", ()),
    "medicated shampoo": ("topical", ()),
    "medicated pad": ("topical", ()),
    "medicated patch": ("topical", ()),
    "transdermal system": ("transdermal", ()),
    "transdermal patch": ("transdermal", ()),
    "transdermal product": ("transdermal", ()),
    # Eye and ear.
    "ophthalmic solution": ("ophthalmic", ()),
    "ophthalmic suspension": ("ophthalmic", ()),
    "ophthalmic ointment": ("ophthalmic", ()),
    "ophthalmic gel": ("ophthalmic", ()),
    "ophthalmic emulsion": ("ophthalmic", ()),
    "ophthalmic product": ("ophthalmic", ()),
    "otic solution": ("topical", ()),
    "otic suspension": ("topical", ()),
    "otic product": ("topical", ()),
    # Nose and lungs.
    "nasal spray": ("nasal", ()),
    "metered dose nasal spray": ("nasal", ()),
    "nasal inhaler": ("nasal", ()),
    "nasal solution": ("nasal", ()),
    "nasal gel": ("nasal", ()),
    "nasal powder": ("nasal", ()),
    "nasal product": ("nasal", ()),
    "metered dose inhaler": ("inhaled", ()),
    "dry powder inhaler": ("inhaled", ()),
    "inhalation powder": ("inhaled", ()),
    "inhalant powder": ("inhaled", ()),
    "inhalation solution": ("inhaled", ()),
    "inhalant solution": ("inhaled", ()),
    "inhalation suspension": ("inhaled", ()),
    "inhalation spray": ("inhaled", ()),
    "inhalant product": ("inhaled", ()),
    "gas for inhalation": ("inhaled", ()),
    # Vaginal, rectal, other local.
    "vaginal cream": ("vaginal", ()),
    "vaginal gel": ("vaginal", ()),
    "vaginal tablet": ("vaginal", ()),
    "vaginal suppository": ("vaginal", ()),
    "vaginal ring": ("vaginal", ()),
    "vaginal insert": ("vaginal", ()),
    "vaginal system": ("vaginal", ()),
    "vaginal foam": ("vaginal", ()),
    "vaginal product": ("vaginal", ()),
    "intrauterine system": ("local", ()),
    "rectal suppository": ("rectal", ()),
    "rectal cream": ("rectal", ()),
    "rectal foam": ("rectal", ()),
    "rectal gel": ("rectal", ()),
    "rectal ointment": ("rectal", ()),
    "rectal suspension": ("rectal", ()),
    "enema": ("rectal", ()),
    "rectal product": ("rectal", ()),
    "irrigation solution": ("local", ()),
    "urethral suppository": ("local", ()),
}
_DOSE_FORMS_LONGEST_FIRST = sorted(DOSE_FORMS, key=len, reverse=True)

# Salt and hydrate words that follow (or, for some cations, precede) a moiety's name.
SALT_WORDS = frozenset(
    [
        "acetate",
        "anhydrous",
        "benzoate",
        "besylate",
        "bisulfate",
        "bitartrate",
        "bromide",
        "butyrate",
        "calcium",
        "carbonate",
        "chloride",
        "citrate",
        "cypionate",
        "decanoate",
        "dihydrate",
        "dimesylate",
        "dipotassium",
        "dipropionate",
        "disodium",
        "enanthate",
        "fumarate",
        "furoate",
        "gluconate",
        "hemihydrate",
        "hyclate",
        "hydrobromide",
        "hydrochloride",
        "hcl",
        "lactate",
        "magnesium",
        "maleate",
        "malate",
        "mesylate",
        "monohydrate",
        "napsylate",
        "nitrate",
        "oxalate",
        "pamoate",
        "phosphate",
        "potassium",
        "propionate",
        "sodium",
        "stearate",
        "succinate",
        "sulfate",
        "tartrate",
        "terephthalate",
        "tosylate",
        "trihydrate",
        "valerate",
        "xinafoate",
        "hexahydrate",
        "sesquihydrate",
        "monosodium",
        "trometamol",
        "tromethamine",
    ]
)
# A moiety that is itself one of these is a mineral salt: keep the full name.
_MINERAL_BASES = frozenset(
    [
        "sodium",
        "potassium",
        "calcium",
        "magnesium",
        "ferrous",
        "ferric",
        "zinc",
        "aluminum",
        "lithium",
        "ammonium",
        "barium",
        "silver",
        "copper",
        "cupric",
    ]
)


@dataclass(frozen=True)
class Strength:
    value: float
    unit: str  # upper case, e.g. "MG", "MG/ML", "MG/HR"

    @property
    def numerator_unit(self) -> str:
        return self.unit.split("/", 1)[0]

    @property
    def denominator_unit(self) -> str | None:
        parts = self.unit.split("/", 1)
        return parts[1] if len(parts) == 2 else None

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


@dataclass(frozen=True)
class Ingredient:
    name: str  # as written ("Codeine Phosphate")
    base: str  # the moiety, lower case ("codeine")
    salt: str | None = None  # "phosphate"
    strength: Strength | None = None


@dataclass(frozen=True)
class PackComponent:
    count: float
    drug: ParsedName


@dataclass(frozen=True)
class ParsedName:
    """A parsed RxNorm name. ``structured`` is False when the text did not follow any of the
    normal forms (a plain word or a local name): its ``ingredients`` are then only a guess
    and must not be used to pick a drug."""

    text: str
    ingredients: tuple[Ingredient, ...] = ()
    dose_form: str | None = None
    route: str | None = None
    route_options: tuple[str, ...] = ()
    brand: str | None = None
    quantity: Strength | None = None  # quantity factor: "12 HR", "200 ACTUAT", "100 ML"
    qualifier: str | None = None  # "Abuse-Deterrent"
    pack: tuple[PackComponent, ...] = ()
    structured: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def is_pack(self) -> bool:
        return bool(self.pack)

    @property
    def injectable(self) -> bool:
        return bool(self.route_options) and any(r in ("iv", "im") for r in self.route_options)

    @property
    def all_ingredients(self) -> tuple[Ingredient, ...]:
        """Each distinct moiety once: a pack's ingredients are those of its components."""
        if not self.pack:
            return self.ingredients
        seen: dict[str, Ingredient] = {}
        for component in self.pack:
            for ingredient in component.drug.ingredients:
                seen.setdefault(ingredient.base, ingredient)
        return tuple(seen.values())

    @property
    def bases(self) -> tuple[str, ...]:
        return tuple(i.base for i in self.all_ingredients)


def split_salt(name: str) -> tuple[str, str | None]:
    """('Codeine Phosphate') -> ('codeine', 'phosphate'); mineral salts are kept whole."""
    words = name.strip().split()
    lowered = [w.lower().strip(",") for w in words]
    # Trailing salt words: "oxycodone hydrochloride", "penicillin v potassium".
    end = len(lowered)
    while end > 1 and lowered[end - 1] in SALT_WORDS:
        end -= 1
    whole = " ".join(words).lower()
    if end == len(lowered) or (end == 1 and lowered[0] in _MINERAL_BASES):
        return whole, None  # no salt; or "potassium chloride", "ferrous sulfate"
    return " ".join(words[:end]).lower(), " ".join(lowered[end:])


def dose_form_route(dose_form: str | None) -> tuple[str | None, tuple[str, ...]]:
    if not dose_form:
        return None, ()
    return DOSE_FORMS.get(dose_form.strip().lower(), (None, ()))


def _split_top(text: str, sep: str = " / ") -> list[str]:
    """Split on ``sep`` outside parentheses and brackets."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i + len(sep)
            i = start
            continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _trailing_dose_form(text: str) -> tuple[str, str | None]:
    lowered = text.lower()
    for form in _DOSE_FORMS_LONGEST_FIRST:
        if lowered == form:
            return "", text
        if lowered.endswith(" " + form):
            return text[: -len(form) - 1].strip(), text[-len(form) :]
    return text, None


def _ingredient(name: str, strength: Strength | None) -> Ingredient:
    base, salt = split_salt(name)
    return Ingredient(name=name.strip(), base=base, salt=salt, strength=strength)


def parse_rxnorm_name(text: str) -> ParsedName:
    """Parse one RxNorm name (SCD, SBD, GPCK, BPCK, SCDC, SBDC, SCDF, SCDG, IN, MIN...)."""
    raw = re.sub(r"\s+", " ", (text or "").replace("\x00", "")).strip()
    if not raw:
        return ParsedName(text="")
    pack = _PACK_RE.match(raw)
    if pack:
        return _parse_pack(raw, pack.group("body"), pack.group("rest"))
    body, brand = raw, None
    bracket = _BRAND_RE.search(body)
    if bracket:
        brand = bracket.group("brand").strip()
        body = body[: bracket.start()].strip()
    qualifier = None
    match = _QUALIFIER_RE.match(body)
    if match:
        qualifier = match.group("qualifier")
        body = body[match.end() :]
    quantity = None
    match = _QUANTITY_RE.match(body)
    if match and _STRENGTH_RE.match(body[match.end() :] or ""):
        quantity = Strength(float(match.group("value")), match.group("unit").upper())
        body = body[match.end() :]
    chunks = _split_top(body)
    ingredients: list[Ingredient] = []
    dose_form: str | None = None
    structured = False
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        strength_match = _STRENGTH_RE.match(chunk)
        if strength_match:
            strength = Strength(
                float(strength_match.group("value")), strength_match.group("unit").upper()
            )
            ingredients.append(_ingredient(strength_match.group("name"), strength))
            rest = (strength_match.group("rest") or "").strip()
            structured = True
            if rest:
                if not last:
                    return ParsedName(text=raw, brand=brand, notes=(f"unexpected '{rest}'",))
                dose_form = rest
            continue
        if last:
            name, form = _trailing_dose_form(chunk)
            if form:
                dose_form, structured = form, True
            if name:
                ingredients.append(_ingredient(name, None))
        else:
            ingredients.append(_ingredient(chunk, None))
    route, options = dose_form_route(dose_form)
    notes: tuple[str, ...] = ()
    if dose_form and dose_form.lower() not in DOSE_FORMS:
        notes = (f"dose form '{dose_form}' not recognised",)
    return ParsedName(
        text=raw,
        ingredients=tuple(ingredients),
        dose_form=dose_form,
        route=route,
        route_options=options,
        brand=brand,
        quantity=quantity,
        qualifier=qualifier,
        structured=structured and bool(ingredients),
        notes=notes,
    )


def _parse_pack(raw: str, body: str, rest: str) -> ParsedName:
    brand = None
    bracket = _BRAND_RE.search(rest)
    if bracket:
        brand = bracket.group("brand").strip()
    components: list[PackComponent] = []
    for part in _split_top(body.strip()):
        match = _COMPONENT_RE.match(part.strip())
        if not match:
            return ParsedName(text=raw, brand=brand, notes=(f"pack component '{part}' unreadable",))
        drug = parse_rxnorm_name(match.group("drug"))
        if not drug.structured:
            return ParsedName(text=raw, brand=brand, notes=(f"pack component '{part}' unreadable",))
        components.append(PackComponent(count=float(match.group("count")), drug=drug))
    routes = {c.drug.route for c in components if c.drug.route}
    return ParsedName(
        text=raw,
        brand=brand,
        pack=tuple(components),
        dose_form="Pack",
        route=routes.pop() if len(routes) == 1 else None,
        structured=bool(components),
    )
