"""Forms of the calendar and work-plan screens: validation and widgets only; writes go through planning.services."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import DomainError
from lvzhi.core.forms import BootstrapForm, show_domain_error
from lvzhi.org.models import Member, SectorGroup, SpecialCommittee, Term
from lvzhi.planning.models import CalendarRule, PlanItem, WarningSettings


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _scoped_later(field: Any, **kwargs: Any) -> forms.Field | None:
    # Scoped models refuse queries outside a committee scope, which a module import is not in:
    # start empty, and __init__ (inside the request) sets the real queryset.
    if field.is_relation:
        kwargs["queryset"] = field.related_model.objects.none()
    return field.formfield(**kwargs)


def month_choices() -> list[tuple[Any, str]]:
    return [("", "—"), *((m, gettext("%(m)s月") % {"m": m}) for m in range(1, 13))]


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class HolidayForm(BootstrapForm, forms.Form):
    date = forms.DateField(label=_("日期"), widget=_date_input())
    name = forms.CharField(label=_("名称"), max_length=30, required=False, help_text=_("如：国庆节"))
    is_makeup_workday = forms.BooleanField(label=_("调休上班（周末上班）"), required=False)

    def show(self, exc: DomainError) -> None:
        show_domain_error([self], exc)


class CalendarRuleForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = CalendarRule
        fields = [
            "enabled",
            "title",
            "activity_kind",
            "mode",
            "location",
            "starts_at",
            "ends_at",
            "shift",
            "months",
            "weekday",
            "day",
            "quarter_month",
            "months_before",
            "per_group",
        ]
        widgets = {"starts_at": _time_input(), "ends_at": _time_input()}

    # Parameters that mean something only for some kinds of rule.
    ONLY_FOR = {
        "months": {CalendarRule.Kind.ACTIVITY_DAY, CalendarRule.Kind.SECTOR_MONTH},
        "weekday": {CalendarRule.Kind.ACTIVITY_DAY},
        "day": {CalendarRule.Kind.LECTURE, CalendarRule.Kind.STUDY_DAY},
        "quarter_month": {CalendarRule.Kind.LECTURE},
        "months_before": {CalendarRule.Kind.PROPOSAL_MONTH},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, kinds in self.ONLY_FOR.items():
            if self.instance.kind not in kinds:
                del self.fields[name]

    def show(self, exc: DomainError) -> None:
        show_domain_error([self], exc)


class WarningSettingsForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = WarningSettings
        fields = [
            "consultation_month",
            "consultation_day",
            "consultation_min",
            "activity_month",
            "activity_day",
            "activity_min",
            "lecture_warning_month",
        ]

    def show(self, exc: DomainError) -> None:
        show_domain_error([self], exc)


class PlanItemForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = [
            "level",
            "special_committee",
            "sector_group",
            "member",
            "parent",
            "title",
            "item_type",
            "month",
            "target_count",
            "note",
        ]
        formfield_callback = _scoped_later
        widgets = {"note": forms.Textarea(attrs={"rows": 3}), "month": forms.Select()}

    def __init__(self, *args: Any, year: int, term: Term | None, parents: list[PlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Querysets are set here, inside the request's committee scope (see org.forms._unscoped_formfield).
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(is_active=True)
        self.fields["sector_group"].queryset = SectorGroup.objects.filter(term=term)
        self.fields["member"].queryset = (
            Member.objects.filter(memberships__term=term).order_by("name_pinyin", "id")
            if term
            else Member.objects.none()
        )
        self.fields["parent"].queryset = PlanItem.objects.filter(pk__in=[p.pk for p in parents]).order_by("level", "id")
        self.fields["month"].widget.choices = month_choices()
        self.fields["parent"].label_from_instance = lambda p: f"[{p.get_level_display()}] {p.title}"
        if self.instance.pk:
            # Level and year place the item in the cascade; they are fixed once it exists.
            self.fields["level"].disabled = True

    def show(self, exc: DomainError) -> None:
        show_domain_error([self], exc)


class LinkActivitiesForm(forms.Form):
    activity_ids = forms.TypedMultipleChoiceField(coerce=int, choices=[], label=_("选择活动"))

    def __init__(self, *args: Any, candidates: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity_ids"].choices = [(pk, pk) for pk in candidates]
