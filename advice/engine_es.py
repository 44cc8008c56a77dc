# ruff: noqa: RUF001, RUF003, E501 - a table of long Spanish sentences (with × and t½)
"""The engine's sentences in Spanish, with the same numbers and names.

The engine (advice/engine/) writes its reasons, warnings and monitoring lines in English and
stays that way. This table words them in Spanish for the pages and handouts:
- the fixed sentences by their message code (``advice.engine.phrases.Phrase``);
- every other sentence by its pattern: a reason is split into sentences, each must match one
  pattern here, and its parts (numbers, guideline names, drug names, verdict phrases) are put
  into the Spanish sentence. Drug names become their Spanish names (``name``); curated text
  inside a reason (a guidance rationale, an infant effect) is replaced by the monograph's
  reviewed translation (``curated``) before the sentences are read.

``translate`` answers None when any sentence is not known here (or a curated part has no
current translation): the caller then shows the English, marked as English. A half-translated
reason is never shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from advice.engine.phrases import TEXT, Phrase

Names = Callable[[str], str]
Curated = Callable[[str], str | None]

PHRASES: dict[Phrase, str] = {
    Phrase.MONITOR_CNS: (
        "Vigile si el bebé está más somnoliento de lo habitual, come mal, está flácido o "
        "respira despacio o con dificultad; busque atención urgente si cuesta despertarlo."
    ),
    Phrase.MONITOR_SUPPLY: (
        "Vigile la producción de leche, el aumento de peso del bebé y el número de pañales mojados."
    ),
    Phrase.MONITOR_NTI: (
        "Índice terapéutico estrecho: si el bebé tiene síntomas, se puede medir la concentración "
        "en sangre del lactante."
    ),
    Phrase.COST_SUPPLY: (
        "La producción de leche puede bajar durante la pausa; extraiga leche a las horas "
        "habituales de las tomas para mantenerla."
    ),
    Phrase.COST_ENGORGEMENT: (
        "Ingurgitación, obstrucción de conductos y mastitis si no se extrae la leche."
    ),
    Phrase.COST_REFUSAL: "El bebé puede rechazar el biberón, o el pecho después.",
    Phrase.COST_WEANING: "Las interrupciones aumentan el riesgo de destete precoz.",
    Phrase.COST_BURDEN: "Extraerse la leche y desecharla es una carga real para la madre.",
    Phrase.HALF_LIFE_UNVERIFIED: "La semivida usada para la pausa no está verificada.",
    Phrase.ACTIVITY_NOT_GIVEN: (
        "No se indicó la actividad administrada: se aplicó la fila más restrictiva de la tabla "
        "de actividades. Indique la actividad (MBq) para una respuesta concreta."
    ),
    Phrase.COLOSTRUM_ANTIBODIES: (
        "Proteína grande, pero en la primera semana los anticuerpos pueden pasar al calostro; "
        "no se aplica la regla de las moléculas grandes a este lactante."
    ),
    Phrase.INFANT_AGE_UNKNOWN: (
        "No se indicó la edad del bebé: la recomendación supone un bebé a término de más de "
        "2 meses. Un recién nacido (menos de 60 días) o un prematuro puede recibir una "
        "respuesta más estricta."
    ),
    Phrase.NO_REVIEW_DATE: (
        "La monografía no tiene fecha de revisión; compruebe que está actualizada."
    ),
}
EXACT: dict[str, str] = {TEXT[code]: es for code, es in PHRASES.items()}

ROUTES = {
    "oral": "oral",
    "sublingual": "sublingual",
    "buccal": "bucal",
    "intravenous": "intravenosa",
    "intramuscular": "intramuscular",
    "subcutaneous": "subcutánea",
    "intradermal": "intradérmica",
    "inhaled": "inhalada",
    "nasal": "nasal",
    "topical (skin)": "tópica (piel)",
    "breast or nipple": "en el pecho o el pezón",
    "eye": "oftálmica",
    "ear": "ótica",
    "vaginal": "vaginal",
    "rectal": "rectal",
    "local (infiltration, nerve block, dental)": "local (infiltración, bloqueo nervioso, dental)",
    "epidural": "epidural",
    "intrathecal": "intratecal",
    "intra-articular": "intraarticular",
    "intrauterine": "intrauterina",
    "transdermal": "transdérmica",
    "percutaneous": "percutánea",
}
ROUTE_CODES = {
    "oral": "oral",
    "iv": "intravenosa",
    "im": "intramuscular",
    "sc": "subcutánea",
    "inhaled": "inhalada",
    "topical": "tópica",
    "transdermal": "transdérmica",
    "percutaneous": "percutánea",
    "nasal": "nasal",
    "vaginal": "vaginal",
    "rectal": "rectal",
    "local": "local",
    "epidural": "epidural",
    "ophthalmic": "oftálmica",
    "sublingual": "sublingual",
    "buccal": "bucal",
}

# Sources and notes of the numbers table, and units.
NUMBER_WORDS = {
    "profile": "monografía",
    "missing": "no disponible",
    "threshold": "umbral",
    "measured": "medido",
    "scenario": "escenario",
    "computed": "calculado",
    "estimated": "estimado",
    "not given": "no indicado",
    "not measured": "no medido",
    "LactRx policy (newborn/preterm)": "criterio de LactRx (recién nacido o prematuro)",
    "measured, scaled to this dose": "medido, escalado a esta dosis",
    "measured peak, scaled to this dose": "pico medido, escalado a esta dosis",
    "measured peak used as the average (conservative), scaled to this dose": (
        "pico medido usado como media (conservador), escalado a esta dosis"
    ),
    "RID threshold x maternal dose / intake": "umbral de DRL × dosis materna / ingesta",
    "the average-level RID is used as the peak": "se usa como pico la DRL del nivel medio",
    "F x dose / Vd": "F × dosis / Vd",
}
UNITS = {"mg/kg/day": "mg/kg/día", "L/kg/day": "L/kg/día", "mg/day": "mg/día"}


def _phrase(p: str) -> str | None:
    """``advice.engine.phrases.verdict_phrase`` and ``would_be`` in Spanish."""
    fixed = {
        "breastfeeding can continue": "se puede seguir amamantando",
        "do not use while breastfeeding; use an alternative": (
            "no usar durante la lactancia; usar una alternativa"
        ),
        "prefer an alternative (or use only with infant monitoring)": (
            "preferir una alternativa (o usar solo vigilando al lactante)"
        ),
        "pause feeding": "pausar la lactancia",
        "breastfeeding is contraindicated for the course of treatment": (
            "la lactancia está contraindicada durante todo el tratamiento"
        ),
        "no pause would be needed": "no haría falta ninguna pausa",
        "breastfeeding would have to stop": "habría que suspender la lactancia",
        "an alternative would be preferred": "sería preferible una alternativa",
        "breastfeed as soon as the mother is awake and alert after the procedure; there is no "
        "need to pump and discard milk": (
            "amamantar en cuanto la madre esté despierta y alerta tras el procedimiento; no hace "
            "falta extraer y desechar la leche"
        ),
    }
    if p in fixed:
        return fixed[p]
    m = re.fullmatch(r"pause breastfeeding for (at least )?([\d.]+) h after the dose", p)
    if m:
        return f"pausar la lactancia {'al menos ' if m[1] else ''}{m[2]} h tras la dosis"
    m = re.fullmatch(r"the pause would be (at least )?([\d.]+) h", p)
    if m:
        return f"la pausa sería de {'al menos ' if m[1] else ''}{m[2]} h"
    return None


def _alts(text: str, name: Names) -> str:
    if text == "a better-studied alternative":
        return "una alternativa mejor estudiada"
    return ", ".join(name(n.strip()) for n in text.split(", "))


def _prefer(text: str, name: Names) -> str:
    """'Prefer X, Y' / 'Prefer a better-studied alternative: X' (no final stop)."""
    m = re.fullmatch(r"Prefer a better-studied alternative(?:: (.+))?", text)
    if m:
        tail = f": {_alts(m[1], name)}" if m[1] else ""
        return f"Prefiera una alternativa mejor estudiada{tail}"
    m = re.fullmatch(r"Prefer (.+)", text)
    return f"Prefiera {_alts(m[1], name)}" if m else ""


def _stud(n: str) -> str:
    return f"{n} estudio{'' if n == '1' else 's'}"


def _threshold(thr: str, lowered: str | None) -> str:
    return f"{thr} %" + (
        " (rebajado para un recién nacido o prematuro; criterio de LactRx)" if lowered else ""
    )


RID_LABELS = {
    "RID": "la DRL",
    "RID for the whole exposure from this single dose": "la DRL de toda la exposición a esta dosis única",
    "RID for the whole exposure from each dose": "la DRL de toda la exposición a cada dosis",
}
_RID = (
    r"(?P<label>RID(?: for the whole exposure from (?:this single|each) dose)?) (?P<rid>[\d.e+-]+) "
    r"% is (?P<cmp>below|at or above) the (?P<thr>[\d.]+) %(?P<low> \(lowered for a newborn or "
    r"preterm infant; LactRx policy\))? threshold\."
)


def _rid_clause(m: re.Match[str]) -> str:
    cmp = "está por debajo" if m["cmp"] == "below" else "alcanza o supera"
    where = "del umbral" if m["cmp"] == "below" else "el umbral"
    return f"{RID_LABELS[m['label']]} de {m['rid']} % {cmp} {where} del {_threshold(m['thr'], m['low'])}."


def _data_note(note: str) -> str | None:
    if note == "no milk data":
        return "sin datos en leche"
    m = re.fullmatch(
        r"the (\d+) milk stud(?:y|ies) listed gives? no level that can be scaled to this dose", note
    )
    if m:
        return (
            f"{'el' if m[1] == '1' else 'los'} {_stud(m[1])} en leche "
            f"{'registrado no da' if m[1] == '1' else 'registrados no dan'} un nivel que se pueda "
            "escalar a esta dosis"
        )
    return None


def _missing(item: str) -> str | None:
    fixed = {
        "no milk-level studies": "sin estudios de niveles en leche",
        "no M/P ratio": "sin cociente leche/plasma",
        "no half-life": "sin semivida",
        "no volume of distribution": "sin volumen de distribución",
        "no dose (and no typical dose)": "sin dosis (ni dosis habitual)",
        "no oral bioavailability": "sin biodisponibilidad oral",
    }
    if item in fixed:
        return fixed[item]
    m = re.fullmatch(r"(\d+) milk stud(?:y|ies) but no level that can be scaled to this dose", item)
    if m:
        return f"{_stud(m[1])} en leche, pero ningún nivel que se pueda escalar a esta dosis"
    return None


def _sentence(s: str, name: Names) -> str | None:
    """One English sentence of the engine in Spanish (None: not known here)."""
    if s in EXACT:
        return EXACT[s]
    for prefix, es in (
        ("For reference: ", "Como referencia: "),
        (
            "For reference (an upper bound; it does not decide): ",
            "Como referencia (una cota superior; no decide): ",
        ),
        (
            "For reference (the cytotoxic rule decides): ",
            "Como referencia (decide la regla de los citotóxicos): ",
        ),
        (
            "For reference (little reaches the baby, so this does not decide): ",
            "Como referencia (llega poco al bebé, así que esto no decide): ",
        ),
        (
            "For reference (the FDA recommendation decides): ",
            "Como referencia (decide la recomendación de la FDA): ",
        ),
        ("Also matching, less strict: ", "También aplicable, menos estricta: "),
        ("Also: ", "Además: "),
        ("Curated guidance decides; note: ", "Decide la guía revisada; nota: "),
    ):
        if s.startswith(prefix):
            rest = _sentence(s[len(prefix) :], name)
            return es + rest if rest is not None else None
    if s.startswith("⟦") and s.endswith("⟧"):
        return s  # a curated text, translated already
    m = re.fullmatch(r"Measured milk levels \((\d+) stud(?:y|ies), the highest used\): " + _RID, s)
    if m:
        return f"Niveles medidos en leche ({_stud(m[1])}; se usa el más alto): " + _rid_clause(m)
    m = re.fullmatch(
        r"Estimated from pharmacokinetics \((?P<note>.+?)\):(?P<bound>.*?) M/P x F x dose rate / "
        r"\(Vd x weight x ln2 / t1/2\), infant intake (?P<intake>[\d.]+) L/kg/day; " + _RID,
        s,
    )
    if m:
        note = _data_note(m["note"])
        bound = m["bound"]
        bm = re.fullmatch(
            r" an upper bound for (.+) use \(all of the dose assumed absorbed\)", bound or ""
        )
        if note is None or (bound and (bm is None or bm[1] not in ROUTES)):
            return None
        bound_es = (
            f" cota superior para la vía {ROUTES[bm[1]]} (se supone absorbida toda la dosis)"
            if bm
            else ""
        )
        return (
            f"Estimado a partir de la farmacocinética ({note}):{bound_es} M/P × F × ritmo de "
            f"dosis / (Vd × peso × ln2 / t½), ingesta del lactante {m['intake']} L/kg/día; "
            + _rid_clause(m)
        )
    m = re.fullmatch(
        r"It is also above the ([\d.]+) % line \(a common literature line, unverified\)\.", s
    )
    if m:
        return f"También supera la línea del {m[1]} % (una línea habitual en la literatura, sin verificar)."
    if s == "The half-life is unknown, so no safe pause can be computed.":
        return "Se desconoce la semivida, así que no se puede calcular una pausa segura."
    m = re.fullmatch(r"(Prefer .+?)(, especially for a newborn or preterm infant)?\.", s)
    if m and not m[1].endswith(", or use with close infant monitoring"):
        tail = ", sobre todo para un recién nacido o prematuro" if m[2] else ""
        return _prefer(m[1], name) + tail + "."
    m = re.fullmatch(r"Prefer (.+), or use with close infant monitoring\.", s)
    if m:
        return f"Prefiera {_alts(m[1], name)}, o úselo vigilando de cerca al lactante."
    m = re.fullmatch(
        r"Although little reaches the milk, serious effects in breastfed infants are reported: "
        r"((?:⟦\d+⟧(?:; )?)+)\.",
        s,
    )
    if m:
        return (
            "Aunque poco pasa a la leche, se han descrito efectos graves en lactantes "
            f"amamantados: {m[1]}."
        )
    m = re.fullmatch(
        r"Doses are ([\d.e+]+) h apart \((.+)\), longer than ([\d.]+) half-lives \(([\d.]+) x "
        r"([\d.]+) h = ([\d.e+]+) h\): the drug clears between doses, so each dose behaves like a "
        r"single dose( and timing feeds or a pause after each dose is meaningful)?\.",
        s,
    )
    if m:
        every = _interval(m[2])
        if every is None:
            return None
        tail = (
            " y programar las tomas o hacer una pausa tras cada dosis tiene sentido" if m[7] else ""
        )
        return (
            f"Las dosis se separan {m[1]} h ({every}), más de {m[3]} semividas ({m[4]} × {m[5]} h "
            f"= {m[6]} h): el fármaco se elimina entre dosis, así que cada dosis se comporta como "
            f"una dosis única{tail}."
        )
    m = re.fullmatch(r"Little (.+?) reaches the baby: (.+)\.", s)
    if m:
        parts = []
        for why in m[2].split("; "):
            w = re.fullmatch(r"little is absorbed into the mother's blood after (.+) use", why)
            if w and w[1] in ROUTES:
                parts.append(f"poco se absorbe a la sangre de la madre por vía {ROUTES[w[1]]}")
            elif why == "it is hardly absorbed from the baby's gut":
                parts.append("apenas se absorbe en el intestino del bebé")
            elif w2 := re.fullmatch(
                r"the molecule is very large \(([\d.]+) Da > ([\d.]+) Da\) and passes poorly into milk",
                why,
            ):
                parts.append(
                    f"la molécula es muy grande ({w2[1]} Da > {w2[2]} Da) y pasa mal a la leche"
                )
            else:
                return None
        return f"Llega muy poca cantidad de {name(m[1])} al bebé: " + "; ".join(parts) + "."
    m = re.fullmatch(r"(.+?) can lower milk supply\.", s)
    if m:
        return f"{_cap(name(m[1]))} puede reducir la producción de leche."
    m = re.fullmatch(
        r"That effect is known from use that reaches the whole body; after (.+) use much less "
        r"reaches the mother's blood, so it is noted here rather than deciding\.",
        s,
    )
    if m and m[1] in ROUTES:
        return (
            "Ese efecto se conoce del uso que llega a todo el organismo; por vía "
            f"{ROUTES[m[1]]} llega mucho menos a la sangre de la madre, así que aquí se señala "
            "sin decidir."
        )
    if s == "Watch milk supply.":
        return "Vigile la producción de leche."
    m = re.fullmatch(r"Too little is known about (.+?) in breastfeeding \((.+)\)\.", s)
    if m:
        items = [_missing(i) for i in m[2].split(", ")]
        if any(i is None for i in items):
            return None
        return f"Se sabe demasiado poco de {name(m[1])} en la lactancia ({', '.join(items)})."  # type: ignore[arg-type]
    m = re.fullmatch(
        r"No lactation-specific source: the monograph of (.+?) cites none; check LactMed or a drug "
        r"information service\.",
        s,
    )
    if m:
        return (
            f"No hay una fuente específica sobre lactancia: la monografía de {name(m[1])} no cita "
            "ninguna; consulte LactMed o un servicio de información de medicamentos."
        )
    m = re.fullmatch(
        r"At its peak the milk level corresponds to an RID of ([\d.e+-]+) %; it falls with the "
        r"half-life \(([\d.]+) h\) to the acceptable level in t1/2 x log2\(([\d.e+-]+) / ([\d.]+)\) = "
        r"([\d.]+) h, rounded up to ([\d.]+) h\.",
        s,
    )
    if m:
        return (
            f"En su pico, el nivel en leche corresponde a una DRL de {m[1]} %; baja con la semivida "
            f"({m[2]} h) hasta el nivel aceptable en t½ × log2({m[3]} / {m[4]}) = {m[5]} h, "
            f"redondeado a {m[6]} h."
        )
    m = re.fullmatch(
        r"Pause breastfeeding for ([\d.]+) h \(express and discard to keep the supply\), then resume\.",
        s,
    )
    if m:
        return (
            f"Pause la lactancia {m[1]} h (extraiga y deseche la leche para mantener la "
            "producción) y luego reanúdela."
        )
    m = re.fullmatch(
        r"The FDA \(Drug Safety Communication, 20 April 2017\) recommends against (.+?) while "
        r"breastfeeding: some mothers convert it very quickly into its active opioid \(ultra-rapid "
        r"CYP2D6 metabolisers\), and breastfed infants have had serious breathing problems and "
        r"deaths\.",
        s,
    )
    if m:
        return (
            "La FDA (comunicado de seguridad del 20 de abril de 2017) desaconseja el uso de "
            f"{name(m[1])} durante la lactancia: algunas madres transforman el fármaco muy deprisa "
            "en su opioide activo (metabolizadoras ultrarrápidas por CYP2D6), y lactantes amamantados "
            "han tenido problemas respiratorios graves y muertes."
        )
    if s == (
        "This applies at every infant age, dose and route, and a pause in feeding does not make "
        "it safe."
    ):
        return (
            "Esto vale para cualquier edad del bebé, dosis y vía, y una pausa en las tomas no lo "
            "hace seguro."
        )
    m = re.fullmatch(r"Use (.+) or another analgesic instead\.", s)
    if m:
        return f"Use en su lugar {_alts(m[1], name)} u otro analgésico."
    if s == "Use another analgesic.":
        return "Use otro analgésico."
    m = re.fullmatch(
        r"(.+?) is cytotoxic: breastfeeding is contraindicated for the course of "
        r"treatment \(and a drug-specific washout after the last dose\), unless curated "
        r"guidance for this exact situation says otherwise\.",
        s,
    )
    if m:
        return (
            f"{_cap(name(m[1]))} es un fármaco citotóxico: la lactancia está contraindicada durante todo el "
            "tratamiento (y un periodo de lavado propio del fármaco tras la última dosis), salvo "
            "que una guía revisada para esta situación concreta diga otra cosa."
        )
    if s == "Curated guidance for this situation decides.":
        return "Decide la guía revisada para esta situación."
    m = re.fullmatch(
        r"The regimen is regular \(chronic\) dosing: milk levels reach a steady state, so pausing "
        r"or timing feeds does not help\.",
        s,
    )
    if m:
        return (
            "La pauta es de dosis regulares (crónica): los niveles en leche alcanzan un estado "
            "estacionario, así que pausar o programar las tomas no ayuda."
        )
    m = re.fullmatch(r"The guideline gives ([\d.]+)-([\d.]+) h; LactRx uses the upper value\.", s)
    if m:
        return f"La guía indica {m[1]}-{m[2]} h; LactRx usa el valor superior."
    m = re.fullmatch(r"Sources disagree: (.+?) says (.+)\.", s)
    if m and (p := _phrase(m[2])) is not None:
        return f"Las fuentes discrepan: {m[1]} indica {p}."
    m = re.fullmatch(r"LactRx follows (.+)\.", s)
    if m:
        return f"LactRx sigue {m[1]}."
    m = re.fullmatch(
        r"The chart's estimated peak milk level \(an RID of ([\d.e+-]+) % at its peak\) is above "
        r"the acceptable level \(([\d.]+) %\)( for about ([\d.]+) h after the dose)?\.",
        s,
    )
    if m:
        during = f" durante unas {m[4]} h tras la dosis" if m[3] else ""
        return (
            f"El pico estimado del nivel en leche del gráfico (una DRL de {m[1]} % en su pico) "
            f"supera el nivel aceptable ({m[2]} %){during}."
        )
    m = re.fullmatch(
        r"Curated guidance overrides this estimate: (.+?) says breastfeeding can continue after "
        r"this dose\.",
        s,
    )
    if m:
        return (
            f"La guía revisada prevalece sobre esta estimación: {m[1]} indica que se puede seguir "
            "amamantando tras esta dosis."
        )
    m = re.fullmatch(r"(.+?) is radioactive \((.+?)\)\.", s)
    if m:
        return f"{_cap(name(m[1]))}: sustancia radiactiva ({m[2]})."
    m = re.fullmatch(
        r"(No administered activity was given|Administered activity ([\d.]+) MBq)"
        r"(; LactRx does not assume one and applies the most restrictive row of the activity "
        r"table)?: (.+)\.",
        s,
    )
    if m and (p := _phrase(m[4])) is not None:
        head = (
            "No se indicó la actividad administrada"
            if m[2] is None
            else f"Actividad administrada: {m[2]} MBq"
        )
        lead = (
            "; LactRx no supone ninguna y aplica la fila más restrictiva de la tabla de actividades"
            if m[3]
            else ""
        )
        return f"{head}{lead}: {p}."
    m = re.fullmatch(r"At the typical ([\d.]+) MBq (.+)\.", s)
    if m and (p := _phrase(m[2])) is not None:
        return f"Con la actividad habitual de {m[1]} MBq, {p}."
    if s == "Ask for the administered activity (MBq) for a specific answer.":
        return "Pida la actividad administrada (MBq) para una respuesta concreta."
    m = re.fullmatch(
        r"No curated activity guidance: pause for ([\d.]+) physical half-lives \(([\d.]+) x "
        r"([\d.]+) h, rounded to ([\d.]+) h\)\.",
        s,
    )
    if m:
        return (
            f"No hay una guía revisada por actividad: pausa de {m[1]} semividas físicas "
            f"({m[2]} × {m[3]} h, redondeado a {m[4]} h)."
        )
    m = re.fullmatch(r"Defaults assumed: (.+)\.", s)
    if m:
        items = [_default(i) for i in m[1].split(", ")]
        if any(i is None for i in items):
            return None
        return "Valores supuestos: " + ", ".join(items) + "."  # type: ignore[arg-type]
    m = re.fullmatch(r"Unverified values used in the estimate: (.+)\.", s)
    if m:
        words = {"M/P ratio": "cociente leche/plasma", "half-life": "semivida", "Vd": "Vd"}
        items = m[1].split(", ")
        if not all(i in words for i in items):
            return None
        return (
            "Valores sin verificar usados en la estimación: "
            + ", ".join(words[i] for i in items)
            + "."
        )
    m = re.fullmatch(r"The infant is (.+?), and (.+?) ((?:has|depresses).+)\.", s)
    if m:
        who = _who(m[1])
        why = _accumulation(m[3])
        if who is None or why is None:
            return None
        return f"El bebé {who}, y {name(m[2])} {why}."
    if s == (
        "Newborn and preterm infants clear drugs slowly and had most reported reactions, about "
        "half with CNS-active drugs."
    ):
        return (
            "Los recién nacidos y los prematuros eliminan los fármacos despacio y tuvieron la "
            "mayoría de las reacciones descritas, cerca de la mitad con fármacos que actúan sobre "
            "el SNC."
        )
    m = re.fullmatch(
        r"The RID \(([\d.e+-]+) %\) is (not )?below the threshold lowered to ([\d.]+) % \(LactRx "
        r"policy\)\.",
        s,
    )
    if m:
        return (
            f"La DRL ({m[1]} %) {'no ' if m[2] else ''}está por debajo del umbral rebajado al "
            f"{m[3]} % (criterio de LactRx)."
        )
    m = re.fullmatch(
        r"No RID is known below the threshold lowered to ([\d.]+) % \(LactRx policy\)\.", s
    )
    if m:
        return (
            "No se conoce ninguna DRL por debajo del umbral rebajado al "
            f"{m[1]} % (criterio de LactRx)."
        )
    m = re.fullmatch(
        r"This is one dose of at most the usual dose, and the RID \(([\d.e+-]+) %\) is below the "
        r"threshold lowered to ([\d.]+) % \(LactRx policy\): breastfeeding can continue with close "
        r"watching of the baby for drowsiness and breathing \(LactRx policy; repeated doses would "
        r"need an alternative\)\.",
        s,
    )
    if m:
        return (
            f"Es una sola dosis no mayor que la habitual, y la DRL ({m[1]} %) está por debajo del "
            f"umbral rebajado al {m[2]} % (criterio de LactRx): se puede seguir amamantando "
            "vigilando de cerca la somnolencia y la respiración del bebé (criterio de LactRx; "
            "dosis repetidas requerirían una alternativa)."
        )
    # "<guideline>: <verdict phrase>." (a curated guidance statement; its rationale follows)
    m = re.fullmatch(r"(.+?): (.+)\.", s)
    if m and (p := _phrase(m[2])) is not None:
        return f"{m[1]}: {p}."
    return None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _interval(text: str) -> str | None:
    if text == "one dose a day":
        return "una dosis al día"
    m = re.fullmatch(r"([\d.]+) doses a day", text)
    if m:
        return f"{m[1]} dosis al día"
    m = re.fullmatch(r"one dose every ([\d.]+) days", text)
    if m:
        return f"una dosis cada {m[1]} días"
    return None


def _default(item: str) -> str | None:
    m = re.fullmatch(r"dose ([\d.]+) mg \(typical\)", item)
    if m:
        return f"dosis {m[1]} mg (habitual)"
    m = re.fullmatch(r"regimen (single|chronic) \(typical\)", item)
    if m:
        return "pauta " + ("dosis única" if m[1] == "single" else "dosis regulares") + " (habitual)"
    m = re.fullmatch(r"route (\w+) \(typical\)", item)
    if m and m[1] in ROUTE_CODES:
        return f"vía {ROUTE_CODES[m[1]]} (habitual)"
    m = re.fullmatch(r"maternal weight ([\d.]+) kg", item)
    if m:
        return f"peso materno {m[1]} kg"
    return None


def _who(text: str) -> str | None:
    parts = []
    for p in text.split(" and "):
        m = re.fullmatch(r"(\d+) days? old", p)
        if m:
            parts.append(f"tiene {m[1]} día{'' if m[1] == '1' else 's'}")
        elif p == "preterm":
            parts.append("es prematuro")
        else:
            return None
    return " y ".join(parts)


def _accumulation(text: str) -> str | None:
    out = []
    for p in re.split(r", | and (?=has|depresses)", text):
        m = re.fullmatch(r"has a long half-life \(([\d.]+) h > ([\d.]+) h\) and accumulates", p)
        if m:
            out.append(f"tiene una semivida larga ({m[1]} h > {m[2]} h) y se acumula")
        elif p == "has active metabolites":
            out.append("tiene metabolitos activos")
        elif p == "depresses the central nervous system":
            out.append("deprime el sistema nervioso central")
        else:
            return None
    return out[0] if len(out) == 1 else ", ".join(out[:-1]) + " y " + out[-1]


_SPLIT = re.compile(r"(?<=[.!?⟧])\s+(?=[A-Z⟦])")


def translate(
    text: str, *, name: Names = lambda n: n, curated: Curated = lambda t: None
) -> str | None:
    """``text`` (an engine reason, warning or monitoring line) in Spanish, or None.

    ``name`` gives a drug's Spanish name from its English record name; ``curated`` the current
    reviewed translation of a curated English text of this monograph (None: none)."""
    if text in EXACT:
        return EXACT[text]
    pieces: list[str] = []

    def hold(es: str) -> str:
        pieces.append(es)
        return f"⟦{len(pieces) - 1}⟧"

    # Curated parts first (they can hold several sentences): replaced by their translation.
    work = text
    for english, es in _curated_parts(text, curated):
        work = work.replace(english, hold(es))
    out = []
    for sentence in _SPLIT.split(work.strip()):
        es = _sentence(sentence, name)
        if es is None:
            return None
        out.append(es)
    result = " ".join(out)
    return re.sub(r"⟦(\d+)⟧", lambda m: pieces[int(m[1])], result)


def _curated_parts(text: str, curated: Curated) -> list[tuple[str, str]]:
    """The curated English passages found in ``text`` with their translations, longest first
    (asks ``curated`` about every passage the caller knows; see ``advice.localize``)."""
    found = getattr(curated, "passages", None)
    if not found:
        return []
    out = []
    for english in sorted(found, key=len, reverse=True):
        if english and english in text:
            es = curated(english)
            if es is not None:
                out.append((english, es))
    return out


def number_word(text: str) -> str | None:
    return NUMBER_WORDS.get(text)
