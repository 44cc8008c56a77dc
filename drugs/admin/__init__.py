"""The curators' tool: edit drafts inline, submit, approve (second person), publish, retire.

State changes go through ``drugs.services``; the admin only calls them. A monograph's child
rows (names, PK values, milk studies, effects, guidance, alternatives) are edited only inline,
inside their monograph's change page, whose save sends the monograph back to draft: there is no
stand-alone admin for them, so no edit can skip the fresh review. Every curated model is
registered with simple-history's admin, so each object has a history page with who/when/what
and the changed fields.

The package: `base` (permissions, history read-only, review actions), `inlines` (a monograph's
child rows), `monographs` (the monograph admin and its review pages), `shared` (citations,
classes, combination products, import jobs). Importing the package registers every admin; a
new admin (translations, say) goes in a module of its own, imported below.
"""

from drugs.admin.base import (
    CuratorPermissionMixin,
    HistoryReadOnlyMixin,
    ReviewActionsMixin,
    StaleFilter,
)
from drugs.admin.inlines import (
    AlternativeInline,
    GuidanceInline,
    InfantEffectInline,
    LactationEffectInline,
    MilkStudyInline,
    NameInline,
    PKInline,
)
from drugs.admin.monographs import DrugAdmin
from drugs.admin.shared import (
    CitationAdmin,
    CombinationProductAdmin,
    DrugClassAdmin,
    ImportJobAdmin,
)

__all__ = [
    "AlternativeInline",
    "CitationAdmin",
    "CombinationProductAdmin",
    "CuratorPermissionMixin",
    "DrugAdmin",
    "DrugClassAdmin",
    "GuidanceInline",
    "HistoryReadOnlyMixin",
    "ImportJobAdmin",
    "InfantEffectInline",
    "LactationEffectInline",
    "MilkStudyInline",
    "NameInline",
    "PKInline",
    "ReviewActionsMixin",
    "StaleFilter",
]
