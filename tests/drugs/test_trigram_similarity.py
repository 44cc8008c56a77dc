"""The fuzzy pre-filter runs on the in-process index with pg_trgm's own similarity, so a
keystroke needs no query and SQLite answers as PostgreSQL does."""

import pytest
from django.conf import settings
from django.db import connection

from drugs.search_index import MemoryIndex, _TrigramIndex, trigrams


def test_trigrams_are_pg_trgms():
    # PostgreSQL's documentation: show_trgm('cat') is {"  c"," ca","at ","cat"}.
    assert trigrams("cat") == {"  c", " ca", "cat", "at "}
    # Each word is padded on its own; case and punctuation do not count.
    assert trigrams("Vitamin-K") == trigrams("vitamin k")
    assert "n k" not in trigrams("vitamin k")


def test_similarity_is_shared_over_all_trigrams():
    index = _TrigramIndex(["sertraline", "cetirizine", "warfarin"])
    # "sert" has 5 trigrams; sertraline has 11; they share 4 -> 4 / 12 = 0.33.
    assert index.similar("sert", 0.3) == ["sertraline"]
    assert index.similar("sert", 0.34) == []
    assert index.similar("", 0.0) == []


def test_most_similar_first_and_ties_in_row_order():
    rows = [
        ("amoxicillin", "amoxicillin", "generic", "drug", "amoxicillin", "amoxicillin"),
        ("amoxil", "Amoxil", "brand", "drug", "amoxicillin", "amoxicillin"),
        ("ampicillin", "ampicillin", "generic", "drug", "ampicillin", "ampicillin"),
    ]
    index = MemoryIndex(rows, [])
    found = [row[0] for row in index.similar("amoxicilin", 0.2, 10)]
    assert found[0] == "amoxicillin"
    assert set(found) == {"amoxicillin", "amoxil", "ampicillin"}
    assert [row[0] for row in index.similar("amoxicilin", 0.2, 1)] == ["amoxicillin"]


@pytest.mark.django_db
@pytest.mark.skipif(not settings.USING_POSTGRES, reason="compares with PostgreSQL's pg_trgm")
def test_the_same_scores_as_postgresql():
    names = ["sertraline", "cetirizine", "hydrocodone and acetaminophen", "vitamin d", "i-131"]
    queries = ["sert", "cetrizine", "hydrocodone apap", "vitamin k", "i 131", "zz"]
    index = _TrigramIndex(names)
    with connection.cursor() as cursor:
        for query in queries:
            for name in names:
                cursor.execute("SELECT similarity(%s, %s)", [query, name])
                expected = cursor.fetchone()[0]
                grams, other = trigrams(query), trigrams(name)
                union = len(grams | other)
                ours = len(grams & other) / union if union else 0.0
                assert ours == pytest.approx(expected, abs=1e-6), (query, name)
        # The pre-filter keeps exactly what PostgreSQL's % operator keeps at 0.2.
        cursor.execute("SET pg_trgm.similarity_threshold = 0.2")
        for query in queries:
            cursor.execute("SELECT n FROM unnest(%s::text[]) AS n WHERE n %% %s", [names, query])
            kept = {row[0] for row in cursor.fetchall()}
            assert set(index.similar(query, 0.2)) == kept, query
