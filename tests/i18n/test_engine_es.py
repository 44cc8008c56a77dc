"""The engine's sentences in Spanish (advice/engine_es.py): every fixed phrase by its code,
patterned sentences with the same numbers and Spanish drug names, curated parts replaced by
their reviewed translation, and None (shown in English, marked) for anything unknown."""

import pytest

from advice import engine_es
from advice.engine.phrases import TEXT, Phrase

NAMES = {"acetaminophen": "paracetamol", "codeine": "codeína", "ibuprofen": "ibuprofeno"}


def name(english: str) -> str:
    return NAMES.get(english, english)


@pytest.mark.parametrize("code", list(Phrase))
def test_every_fixed_phrase_has_its_spanish_text(code):
    assert engine_es.PHRASES[code]
    assert engine_es.translate(TEXT[code]) == engine_es.PHRASES[code]


def test_a_measured_rid_keeps_its_numbers():
    text = (
        "For reference: Measured milk levels (1 study, the highest used): RID 0.57 % is below "
        "the 10 % threshold."
    )
    assert engine_es.translate(text) == (
        "Como referencia: Niveles medidos en leche (1 estudio; se usa el más alto): la DRL de "
        "0.57 % está por debajo del umbral del 10 %."
    )


def test_alternatives_are_named_in_spanish():
    out = engine_es.translate(
        "Use acetaminophen, ibuprofen or another analgesic instead.", name=name
    )
    assert out == "Use en su lugar paracetamol, ibuprofeno u otro analgésico."


class Curated(dict):
    @property
    def passages(self):
        return list(self)

    def __call__(self, english):
        return self.get(english)


def test_a_guidance_statement_uses_the_reviewed_translation_of_its_rationale():
    rationale = "LactMed reports low milk levels. Most reviewers prefer it."
    text = f"LactMed (2024-02-15): breastfeeding can continue. {rationale}"
    curated = Curated({rationale: "LactMed describe niveles bajos. La mayoría lo prefieren."})
    assert engine_es.translate(text, curated=curated) == (
        "LactMed (2024-02-15): se puede seguir amamantando. LactMed describe niveles bajos. "
        "La mayoría lo prefieren."
    )
    # Without a current translation of the rationale, nothing half-translated is returned.
    assert engine_es.translate(text, curated=Curated()) is None


def test_an_unknown_sentence_is_not_guessed():
    assert engine_es.translate("A sentence the engine never wrote.") is None


def test_defaults_and_interval_sentences():
    assert engine_es.translate(
        "Defaults assumed: dose 50 mg (typical), regimen chronic (typical), route oral "
        "(typical), maternal weight 70 kg."
    ) == (
        "Valores supuestos: dosis 50 mg (habitual), pauta dosis regulares (habitual), vía oral "
        "(habitual), peso materno 70 kg."
    )
    assert engine_es.translate(
        "Doses are 24 h apart (one dose a day), longer than 5 half-lives (5 x 2 h = 10 h): the "
        "drug clears between doses, so each dose behaves like a single dose."
    ).startswith("Las dosis se separan 24 h (una dosis al día), más de 5 semividas")
