"""Audit lines for drug classes: a class's name reaches every member's snapshot, so creating,
renaming or deleting a class, and adding or removing a monograph's classes, is logged to
``lactmed.audit`` with who did it (connected by ``drugs.apps.DrugsConfig.ready()``)."""

import logging
from typing import Any

from lactmed.audit import _clean, _request_user

audit = logging.getLogger("lactmed.audit")


def _who(instance: Any) -> str:
    user = getattr(instance, "_history_user", None)
    if user is not None:
        return _clean(user.get_username())
    return _request_user()


def on_class_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    audit.info(
        "drug_class_%s id=%s name=%s by=%s",
        "create" if created else "change",
        instance.pk,
        _clean(instance.name),
        _who(instance),
    )


def on_class_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    audit.warning(
        "drug_class_delete id=%s name=%s by=%s", instance.pk, _clean(instance.name), _who(instance)
    )


def on_drug_classes_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    from drugs.models import DrugClass

    names = sorted(DrugClass.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
    audit.info(
        "drug_classes_%s drug=%s classes=%s by=%s",
        action.removeprefix("post_"),
        _clean(getattr(instance, "slug", instance.pk)),
        _clean(",".join(names)),
        _who(instance),
    )


def on_monograph_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A monograph row deleted (admin delete, shell): not the retire workflow, so say so."""
    audit.warning(
        "monograph_delete drug=%s status=%s published=%s by=%s",
        _clean(getattr(instance, "slug", "")),
        _clean(getattr(instance, "status", "")),
        getattr(instance, "published_data", None) is not None,
        _who(instance),
    )


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from drugs.models import Drug, DrugClass

    post_delete.connect(on_monograph_deleted, sender=Drug, dispatch_uid="lactmed.audit.delete")
    post_save.connect(on_class_saved, sender=DrugClass, dispatch_uid="drugs.audit.class_saved")
    post_delete.connect(
        on_class_deleted, sender=DrugClass, dispatch_uid="drugs.audit.class_deleted"
    )
    m2m_changed.connect(
        on_drug_classes_changed,
        sender=Drug.classes.through,
        dispatch_uid="drugs.audit.drug_classes",
    )
