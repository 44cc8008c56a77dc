"""Reading a typed or coded product name as a list of ingredient names (pure Python).

Handles the usual ways a combination is written: "A and B", "A/B", "A-B", "A with B",
"A + B", "A B" when both are ingredient names, and RxNorm-style clinical drug names such as
"Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral Tablet" (strengths, units and dose
forms are dropped; salt words after an ingredient are dropped when the salt form itself is not
a known name). Which words are names is decided by the caller's ``known`` lookup, so nothing
here guesses: a word that is not part of a known name makes the whole reading fail.
"""

import re
from collections.abc import Callable

# Spanish "y" (and) and "con" (with) too: "paracetamol y codeína", "paracetamol con codeína".
CONNECTORS = frozenset({"and", "with", "w", "plus", "&", "+", "y", "con"})
# RxNorm dose-form and strength words (NLM RxNorm naming conventions, dose forms table).
FORM_WORDS = frozenset(
    [
        "oral",
        "tablet",
        "tablets",
        "tab",
        "tabs",
        "capsule",
        "capsules",
        "cap",
        "caps",
        "solution",
        "suspension",
        "injection",
        "injectable",
        "extended",
        "release",
        "delayed",
        "er",
        "xr",
        "sr",
        "dr",
        "cr",
        "la",
        "chewable",
        "disintegrating",
        "orally",
        "film",
        "coated",
        "cream",
        "ointment",
        "gel",
        "lotion",
        "foam",
        "topical",
        "patch",
        "transdermal",
        "system",
        "spray",
        "nasal",
        "inhaler",
        "inhalation",
        "powder",
        "metered",
        "dose",
        "drops",
        "drop",
        "ophthalmic",
        "otic",
        "suppository",
        "rectal",
        "vaginal",
        "elixir",
        "syrup",
        "liquid",
        "lozenge",
        "pack",
        "kit",
        "prefilled",
        "syringe",
        "pen",
        "injector",
        "auto",
        "actuat",
        "actuation",
        "enteric",
        "effervescent",
        "granules",
        "packet",
        "sublingual",
        "buccal",
        "mucosal",
        "implant",
        "intrauterine",
        "device",
        "ring",
        "insert",
        "shampoo",
        "wash",
        "pad",
    ]
)
UNIT_WORDS = frozenset(
    [
        "mg",
        "mcg",
        "ug",
        "g",
        "gm",
        "ml",
        "l",
        "meq",
        "unt",
        "unit",
        "units",
        "iu",
        "hr",
        "h",
        "%",
        "mg/ml",
        "mcg/ml",
        "mg/actuat",
        "ml/hr",
    ]
)
# Salt and ester words that follow an ingredient name in RxNorm and label names.
SALT_WORDS = frozenset(
    [
        "hydrochloride",
        "hcl",
        "dihydrochloride",
        "monohydrochloride",
        "phosphate",
        "sulfate",
        "sulphate",
        "bitartrate",
        "tartrate",
        "sodium",
        "potassium",
        "calcium",
        "magnesium",
        "maleate",
        "mesylate",
        "besylate",
        "succinate",
        "fumarate",
        "citrate",
        "acetate",
        "bromide",
        "chloride",
        "hydrobromide",
        "hyclate",
        "monohydrate",
        "dihydrate",
        "trihydrate",
        "anhydrous",
        "propionate",
        "dipropionate",
        "furoate",
        "xinafoate",
        "trihydrate",
        "lactate",
        "gluconate",
        "disodium",
        "dimesylate",
        "napsylate",
        "pamoate",
        "valerate",
        "cypionate",
        "enanthate",
        "hemihydrate",
        "hydrate",
        "salt",
        "base",
    ]
)
MAX_NAME_WORDS = 6


def product_words(text: str) -> list[str]:
    """Lower-case words of a product name with strengths, units, dose forms and connectors
    removed ('Percocet 5/325' -> ['percocet']; 'A 300 MG / B 30 MG Oral Tablet' -> ['a','b'])."""
    text = text.lower().replace("+", " + ").replace("/", " / ")
    text = re.sub(r"\[[^\]]*\]|\{|\}|\(|\)", " ", text)  # brand brackets, pack braces
    words = []
    for raw in re.split(r"[\s,;/]+|(?<=[a-z])-(?=[a-z])", text):
        word = raw.strip(".-:")
        if not word or word in CONNECTORS:
            continue
        if re.fullmatch(r"[\d.,]+(%|mg|mcg|ml|g|h|hr)?", word):
            continue
        if word in UNIT_WORDS or word in FORM_WORDS:
            continue
        words.append(word)
    return words


def segment(words: list[str], known: Callable[[str], bool]) -> list[tuple[str, bool]] | None:
    """Split words into known names, longest first; None when any word is left over.

    Returns (name, is_salt) pairs; salt words are kept only when they follow a name and
    the salt form is not itself known (the caller drops them).
    """
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + MAX_NAME_WORDS), i, -1):
            candidate = " ".join(words[i:j])
            if known(candidate):
                out.append((candidate, False))
                i = j
                break
        else:
            if out and not out[-1][1] and words[i] in SALT_WORDS:
                out.append((words[i], True))
                i += 1
                continue
            return None
    return out


def damerau_levenshtein(a: str, b: str, limit: int = 3) -> int:
    """Edit distance with transpositions; returns limit + 1 once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
