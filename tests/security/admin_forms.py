"""Build the POST a browser would send from an admin change page (fields and inlines)."""

from typing import Any

from django import forms


def _value(bound: forms.BoundField) -> Any:
    field = bound.field
    value = bound.value()  # already prepared for the widget (JSON text, pks...)
    if isinstance(field, forms.NullBooleanField):
        return {None: "unknown", True: "true", False: "false"}[value]
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(getattr(v, "pk", v)) for v in value or []]
    return "" if value is None else value


def _add(data: dict[str, Any], form: forms.BaseForm) -> None:
    for name in form.fields:
        value = _value(form[name])
        if value is not None:
            data[form.add_prefix(name)] = value


def change_form_data(response) -> dict[str, Any]:
    """The data of the rendered change form, as it would be submitted unchanged."""
    data: dict[str, Any] = {}
    _add(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        _add(data, formset.management_form)
        for form in formset.forms:
            _add(data, form)
    return data


def inline_prefix(response, model_name: str) -> str:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model._meta.model_name == model_name:
            return inline.formset.prefix
    raise LookupError(model_name)
