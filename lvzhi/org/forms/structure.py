"""Forms of the organisation and account screens: they parse input; the services decide and write."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import DomainError
from lvzhi.core.forminput import CleanInputMixin
from lvzhi.org.models import (
    SERVING_STATUSES,
    Member,
    RegionalGroup,
    SpecialCommittee,
    StandardsChecklist,
    Station,
    StationDuty,
    Term,
)
from lvzhi.org.presets import SECTOR_PRESETS
from lvzhi.org.services.structure import MAX_YEAR, MIN_YEAR, SECTOR_PRESET_LABELS, SECTORS_FROM_NONE

YEAR = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}


class StyledForm(CleanInputMixin, forms.Form):
    """Bootstrap classes on every widget, and is-invalid on the fields that failed."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"
        return valid

    def add_domain_error(self, exc: DomainError) -> None:
        """Show a service's refusal at the top of the form and mark the fields it names."""
        placed: list[str] = []
        for name, messages in (exc.fields or {}).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, list(messages))
                self.fields[name].widget.attrs["class"] += " is-invalid"
                placed.extend(messages)
        if exc.message != "；".join(placed):
            self.add_error(None, exc.message)


class DateInput(forms.DateInput):
    input_type = "date"


def sector_source_choices(has_previous: bool) -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [("previous", _("沿用上一届界别"))] if has_previous else []
    choices += [(key, SECTOR_PRESET_LABELS[key]) for key in SECTOR_PRESETS]
    return [*choices, (SECTORS_FROM_NONE, _("暂不设置，稍后逐个添加"))]


class TermStartForm(StyledForm):
    number = forms.IntegerField(label=_("届次"), min_value=1, max_value=99, required=False, help_text=_("留空则顺延"))
    start_year = forms.IntegerField(label=_("起始年份"), **YEAR)
    end_year = forms.IntegerField(label=_("结束年份"), required=False, help_text=_("留空则为起始年份后五年"), **YEAR)
    sectors_from = forms.ChoiceField(label=_("界别来源"), choices=[])
    copy_groups = forms.BooleanField(
        label=_("同时沿用上一届的界别活动组和联络组"), required=False, help_text=_("仅在沿用上一届界别时有效")
    )
    carry_members = forms.BooleanField(
        label=_("本届在职委员转入新一届（记为连任）"),
        required=False,
        help_text=_("按同名界别转入；不再连任的委员可在新一届设为本届前调整"),
    )

    def __init__(self, *args: Any, has_previous: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["sectors_from"].choices = sector_source_choices(has_previous)
        if not has_previous:
            del self.fields["copy_groups"]
            del self.fields["carry_members"]


class TermForm(StyledForm):
    start_year = forms.IntegerField(label=_("起始年份"), **YEAR)
    end_year = forms.IntegerField(label=_("结束年份"), **YEAR)


class SessionForm(StyledForm):
    number = forms.IntegerField(label=_("次"), min_value=1, max_value=20, required=False, help_text=_("留空则顺延"))
    year = forms.IntegerField(label=_("年度"), **YEAR)
    opens_on = forms.DateField(label=_("开幕日期"), required=False, widget=DateInput)
    closes_on = forms.DateField(label=_("闭幕日期"), required=False, widget=DateInput)


class SectorForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=50)
    code = forms.CharField(label=_("代码"), max_length=20, required=False, help_text=_("留空自动生成"))
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=999, required=False)


class SpecialCommitteeForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=60)
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class SectorGroupForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=60)
    sectors = forms.ModelMultipleChoiceField(
        label=_("所含界别"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    special_committee = forms.ModelChoiceField(
        label=_("指导专委会"), queryset=None, required=False, empty_label=_("（无）")
    )
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=999, initial=0)

    def __init__(self, *args: Any, term: Term, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = term.sectors.all()
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(committee=term.committee_id)


class RegionalGroupForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=60)
    kind = forms.ChoiceField(label=_("类型"), choices=RegionalGroup.Kind.choices)
    area = forms.CharField(label=_("片区（镇街）"), max_length=60, required=False)


class ChecklistForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=30, help_text=_("如：八有、五有"))
    items = forms.CharField(
        label=_("条目"), widget=forms.Textarea(attrs={"rows": 8}), help_text=_("每行一个条目，如“有办公场所”")
    )

    def clean_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class StationForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=80)
    kind = forms.ChoiceField(label=_("类型"), choices=Station.Kind.choices)
    host_unit = forms.CharField(label=_("依托单位"), max_length=100, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    checklist = forms.ModelChoiceField(label=_("建设标准"), queryset=None, required=False, empty_label=_("（无）"))

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = StandardsChecklist.objects.filter(committee=committee_id)


class StationChecklistForm(StyledForm):
    done = forms.MultipleChoiceField(
        label=_("已达标条目"), choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, items: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["done"].choices = [(i, i) for i in items]


class DutyForm(StyledForm):
    weekday = forms.TypedChoiceField(label=_("星期"), coerce=int, choices=[])
    member = forms.ModelChoiceField(label=_("值班委员"), queryset=None, empty_label=_("请选择委员"))
    note = forms.CharField(label=_("说明"), max_length=100, required=False)

    def __init__(self, *args: Any, term: Term | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        weekdays = StationDuty._meta.get_field("weekday").choices
        self.fields["weekday"].choices = [(i, gettext("周%(d)s") % {"d": d}) for i, d in weekdays]
        members = Member.objects.none()
        if term is not None:
            members = Member.objects.filter(memberships__term=term, memberships__status__in=SERVING_STATUSES).order_by(
                "name_pinyin", "id"
            )
        self.fields["member"].queryset = members
