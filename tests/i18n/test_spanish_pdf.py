"""The PDF handout in Spanish names the drug in Spanish (text read back from WeasyPrint's
laid-out pages, i.e. what is printed)."""

import pytest

from advice.handouts import content as handouts
from drugs.models import Drug

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def _printed_text(document) -> str:
    parts: list[str] = []

    def walk(box) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            parts.append(text)
        for child in getattr(box, "children", ()) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(" ".join(parts).split())


@pytest.mark.skipif(not handouts.pdf_support()["available"], reason="WeasyPrint unavailable")
@pytest.mark.parametrize(
    ("slug", "title"),
    [("codeine", "Codeína y la lactancia"), ("acetaminophen", "Paracetamol y la lactancia")],
)
def test_the_spanish_pdf_handout_names_the_drug_in_spanish(slug, title):
    drug = Drug.objects.get(slug=slug)
    document = handouts.render_handout_document(
        drug=drug, params={"infant_age_days": 10}, lang="es", clinician="", query=""
    )
    printed = _printed_text(document)
    assert title in printed
    english = {"codeine": "codeine", "acetaminophen": "acetaminophen"}[slug]
    # The English record name only beside the Spanish one, in the footer's "Medicamento" line.
    assert printed.count(english) <= printed.count(f"({english})") + printed.count(f"/{slug}/")
