"""Forms read as a person would: an error summary at the top, "(required)" where it tells."""

from django import forms, template

register = template.Library()

# Fields that a person never thinks of as "to fill in": a box one ticks or not, a hidden value.
_NEVER_MARKED = (forms.CheckboxInput, forms.HiddenInput, forms.MultipleHiddenInput)


def _counts(field: forms.Field) -> bool:
    return not isinstance(field.widget, _NEVER_MARKED) and not field.disabled


@register.filter
def marked_required(bound_field) -> bool:
    """Whether the label says "(required)": the field is required and the form also has optional
    fields (where every field is required, the mark on each would only be noise)."""
    if bound_field.form is None or not bound_field.field.required:
        return False
    if not _counts(bound_field.field):
        return False
    form = bound_field.form
    some_optional = getattr(form, "_some_optional", None)
    if some_optional is None:
        some_optional = any(not f.required for f in form.fields.values() if _counts(f))
        form._some_optional = some_optional
    return some_optional


def _target(bound_field) -> str:
    """The id that a link to the field goes to: its input, or a group's first choice."""
    if bound_field.id_for_label:
        return bound_field.id_for_label
    return f"{bound_field.auto_id}_0" if bound_field.auto_id else ""


def _items(form) -> list[dict]:
    items = [{"label": "", "error": error, "target": ""} for error in form.non_field_errors()]
    for bound_field in form:
        for error in bound_field.errors:
            items.append(
                {
                    "label": bound_field.label if not bound_field.is_hidden else "",
                    "error": error,
                    "target": "" if bound_field.is_hidden else _target(bound_field),
                }
            )
    return items


def _refused(value) -> bool:
    """Whether a bound form or formset has an error (type(), not isinstance(): a lazy object,
    such as request.user, is not evaluated for this)."""
    if issubclass(type(value), forms.BaseFormSet):
        return value.is_bound and bool(value.total_error_count())
    if issubclass(type(value), forms.BaseForm):
        return value.is_bound and bool(value.errors)
    return False


@register.simple_tag(takes_context=True)
def page_refused(context) -> bool:
    """Whether a form or formset of the page was refused, whatever its name in the context (a
    meeting's form has its programme and workshops formsets): the title then says "Error – "."""
    return any(_refused(value) for value in context.flatten().values())


@register.inclusion_tag("includes/form_errors.html")
def form_errors(*forms_or_formsets, refused_as_a_whole=False):
    """The error summary of a page's forms and formsets, each error linked to its field.

    `refused_as_a_whole`: the form was refused without naming a field (a sign-in whose address
    or password is wrong), so each of its fields is marked invalid too (aria-invalid)."""
    items = []
    for each in forms_or_formsets:
        if each is None or not getattr(each, "is_bound", False):
            continue
        if isinstance(each, forms.BaseFormSet):
            items.extend({"label": "", "error": e, "target": ""} for e in each.non_form_errors())
            for form in each.forms:
                items.extend(_items(form))
        else:
            items.extend(_items(each))
            refused = each.non_field_errors() and not any(f.errors for f in each)
            if refused_as_a_whole and refused:
                for bound_field in each.visible_fields():
                    if _counts(bound_field.field):
                        bound_field.field.widget.attrs["aria-invalid"] = "true"
    return {"items": items}
