"""Translations of curated text are part of the monograph: reviewed (approval pins them),
published in the snapshot, and never shown once the English they translate has changed."""

import html

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from drugs import services
from drugs.admin.translations import TranslationForm
from drugs.translations import MonographTranslation, is_current, localized, source_sha
from tests.factories import CuratorFactory, ReviewerFactory, publish, published_drug

pytestmark = pytest.mark.django_db

ENGLISH = "Passes into milk in tiny amounts; breastfeeding can continue."
SPANISH = "Pasa a la leche en cantidades mínimas; se puede seguir amamantando."


@pytest.fixture
def translated():
    drug = published_drug(name="translatin", summary=ENGLISH)
    MonographTranslation.objects.create(
        drug=drug, locale="es", section="summary", source_text=ENGLISH, text=SPANISH
    )
    editor = CuratorFactory()
    services.monograph_record_edit(drug=drug, by=editor)  # a translation is an edit
    return publish(drug, editor=editor)


def _page(client, slug: str, lang: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return html.unescape(client.get(f"/drugs/{slug}/").content.decode())


def test_the_snapshot_carries_the_translation_with_the_english_it_translates(translated):
    [row] = translated.published_data["translations"]
    assert row == {
        "locale": "es",
        "section": "summary",
        "ref": "",
        "text": SPANISH,
        "source_sha": source_sha(ENGLISH),
    }
    assert localized(translated.published_data, "summary", ENGLISH, "es").text == SPANISH


def test_a_published_translation_is_shown_in_spanish_and_never_in_english(client, translated):
    assert SPANISH in _page(client, translated.slug, "es")
    english = _page(client, translated.slug, "en")
    assert ENGLISH in english and SPANISH not in english


def test_approval_pins_the_translation(translated):
    editor, reviewer = CuratorFactory(), ReviewerFactory()
    services.monograph_record_edit(drug=translated, by=editor)
    services.monograph_submit(drug=translated, by=editor)
    services.monograph_approve(drug=translated, by=reviewer)
    row = translated.translations.get()
    row.text = "Otra traducción, sin revisar."
    row.save()
    with pytest.raises(ValidationError, match="translations"):
        services.monograph_publish(drug=translated, by=reviewer)


def test_a_stale_translation_falls_back_to_the_english_and_is_flagged(client, translated):
    editor = CuratorFactory()
    translated.summary = "Passes into milk; new data since the translation was written."
    services.monograph_record_edit(drug=translated, by=editor)
    row = translated.translations.get()
    assert not is_current(row)
    publish(translated, editor=editor)
    page = _page(client, translated.slug, "es")
    assert SPANISH not in page  # never shown as if current
    assert "Passes into milk; new data since the translation was written." in page
    assert "(en inglés)" in page
    found = localized(translated.published_data, "summary", translated.summary, "es")
    assert not found.translated and found.stale


def test_curators_see_the_stale_flag_beside_the_english(client, translated):
    translated.summary = "Changed English."
    translated.save()
    client.force_login(CuratorFactory())
    body = client.get(f"/admin/drugs/drug/{translated.pk}/change/").content.decode()
    assert "STALE" in body and "Changed English." in body


def test_a_curator_translation_records_the_current_english():
    drug = published_drug(name="formulin", summary=ENGLISH)
    form = TranslationForm(
        data={"locale": "es", "section": "summary", "ref": "", "source_text": "", "text": SPANISH},
        instance=MonographTranslation(drug=drug),
    )
    assert form.is_valid(), form.errors
    row = form.save()
    assert row.source_text == ENGLISH and row.origin == "curator" and is_current(row)


def test_a_translation_of_english_that_is_not_in_the_monograph_is_refused():
    drug = published_drug(name="refusin", summary=ENGLISH)
    form = TranslationForm(
        data={
            "locale": "es",
            "section": "summary",
            "ref": "",
            "source_text": "Some older English.",
            "text": SPANISH,
        },
        instance=MonographTranslation(drug=drug),
    )
    assert not form.is_valid() and "source_text" in form.errors
