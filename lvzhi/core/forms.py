"""The form kit every app's forms share: Bootstrap widgets, Chinese blank choices, domain errors on fields."""

from typing import Any

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import DomainError
from lvzhi.core.forminput import CleanInputMixin


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def unscoped_formfield(field: Any, **kwargs: Any) -> forms.Field | None:
    # A scoped model's choices can only be queried inside a committee scope, which the module import is
    # not in: start empty, and each form's __init__ (running inside the request) sets the real queryset.
    if field.is_relation:
        kwargs["queryset"] = field.related_model.objects.none()
    return field.formfield(**kwargs)


def _say_please_choose(field: forms.Field) -> None:
    """Django's blank option reads "---------"; ours reads 请选择."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == BLANK_CHOICE_DASH[0][1]:
            field.empty_label = _("请选择")
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if choices and tuple(choices[0]) == BLANK_CHOICE_DASH[0]:
            field.choices = [("", _("请选择")), *choices[1:]]


class BootstrapForm(CleanInputMixin, forms.BaseForm):
    """Bootstrap classes on every widget, and `is-invalid` on fields with errors, so templates stay plain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = _("请输入有效的电子邮箱地址")
            _say_please_choose(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                css = "form-check-input"  # applied to each option's input
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields and "is-invalid" not in self.fields[name].widget.attrs.get("class", ""):
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def show_domain_error(forms_: list[BootstrapForm], exc: DomainError) -> None:
    """Spread a service's field errors over the forms of one page; the message goes on the first form."""
    for form in forms_:
        for name, messages in (exc.fields or {}).items():
            if name in form.fields:
                for message in messages:
                    form.add_error(name, message)
    forms_[0].add_error(None, exc.message)
