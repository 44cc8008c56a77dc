"""Rebuild the clinician search index from published snapshots: `manage.py rebuild_search_index`."""

from typing import Any

from django.core.management.base import BaseCommand

from drugs import services
from drugs.search_index import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from published monographs and combination products."

    def handle(self, *args: Any, **options: Any) -> None:
        count = search_index_rebuild()
        services.search_version_bump()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} names."))
