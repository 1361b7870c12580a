"""Forms of the organiser screens: validation and widgets only; every write goes through activities.services."""

import datetime
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.activities.models import AUDIENCE_POSITIONS, Activity, ActivityFile, Registration, SavedAudience
from lvzhi.activities.services import Audience, audience_from
from lvzhi.activities.services.lifecycle import ACTIVITY_FIELDS, audience_of
from lvzhi.activities.transitions import BEFORE_START
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import BootstrapForm, show_domain_error
from lvzhi.core.models import Committee
from lvzhi.core.uploads import MATERIAL, UploadField
from lvzhi.core.widgets import FastSelect
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import (
    SERVING_STATUSES,
    Gender,
    Member,
    Membership,
    RegionalGroup,
    Sector,
    SectorGroup,
    SpecialCommittee,
    Station,
    Term,
)
from lvzhi.org.people_picker import PeopleField

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# Once members have been told, time and place change only by rescheduling, and the mode never.
SCHEDULE_LOCKED = ("starts_at", "ends_at", "location", "mode", "recorded_afterwards")
AUDIENCE_FIELDS = {
    "organiser_special_committee_id": "organiser_special_committee",
    "organiser_group_id": "organiser_group",
    "organiser_regional_group_id": "organiser_regional_group",
    "organiser_station_id": "organiser_station",
    "audience.all": "audience_all",
    "audience.sectors": "audience_sectors",
    "audience.groups": "audience_groups",
    "audience.special_committees": "audience_special_committees",
    "audience.members": "audience_members",
    "audience.regional_groups": "audience_regional_groups",
    "audience.stations": "audience_stations",
    "audience.committees": "audience_committees",
    "audience.gender": "audience_gender",
    "audience.new_only": "audience_new_only",
    "audience.positions": "audience_positions",
}
AUDIENCE_NAMES = [
    "saved_audience",
    "audience_all",
    "audience_sectors",
    "audience_groups",
    "audience_special_committees",
    "audience_regional_groups",
    "audience_stations",
    "audience_committees",
    "audience_gender",
    "audience_new_only",
    "audience_positions",
    "audience_members",
]


def datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def datetime_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, widget=datetime_input())


def _scoped_later(field: Any, **kwargs: Any) -> forms.Field | None:
    # Scoped querysets can only run inside the request's committee scope: start empty, fill in __init__.
    if field.is_relation:
        kwargs["queryset"] = field.related_model.objects.none()
    return field.formfield(**kwargs)


def serving_members(term: Term) -> QuerySet[Member]:
    serving = Membership.objects.filter(term=term, status__in=SERVING_STATUSES).values("member_id")
    return Member.objects.filter(pk__in=serving).order_by("name_pinyin", "id")


def show_error(forms_: list[BootstrapForm], exc: DomainError) -> None:
    """A service error on the page's forms; the service names audience fields "audience.sectors" and so on."""
    if exc.fields:
        renamed = {AUDIENCE_FIELDS.get(k, k): v for k, v in exc.fields.items()}
        exc = DomainError(exc.code, exc.message, fields=renamed)
    show_domain_error(forms_, exc)


ACTIVITY_SECTIONS = [
    (_("基本信息"), ["title", "kind", "mode", "content", "goal"]),
    (_("时间地点"), ["starts_at", "ends_at", "location", "registration_closes_at", "recorded_afterwards"]),
    (
        _("承办"),
        [
            "organiser_name",
            "organiser_special_committee",
            "organiser_group",
            "organiser_regional_group",
            "organiser_station",
            "counterpart_department",
        ],
    ),
    (_("名额与签到"), ["capacity", "min_participants", "checkin_opens_before", "checkin_closes_after", "late_after"]),
    (_("面向范围"), AUDIENCE_NAMES),
]


def _checkboxes(label: Any) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label, queryset=Sector.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )


class AudienceFields(forms.Form):
    """面向范围 on a form: units of this committee, lower committees (跨层级), the filters that narrow them, and
    members named outright; or a saved audience (常用范围) that replaces them all."""

    saved_audience = forms.ModelChoiceField(
        label=_("使用常用范围"),
        queryset=SavedAudience.objects.none(),
        required=False,
        empty_label=_("（不使用，按下面的选择）"),
        help_text=_("选择后以常用范围为准，下面的选择不再生效"),
    )
    audience_all = forms.BooleanField(label=_("面向全体委员"), required=False)
    audience_sectors = forms.ModelMultipleChoiceField(
        label=_("界别"), queryset=Sector.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    audience_groups = forms.ModelMultipleChoiceField(
        label=_("界别活动组"), queryset=SectorGroup.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    audience_special_committees = forms.ModelMultipleChoiceField(
        label=_("专门委员会"),
        queryset=SpecialCommittee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_regional_groups = _checkboxes(_("联络组/活动组"))
    audience_stations = _checkboxes(_("委员工作站点"))
    audience_committees = _checkboxes(_("下级政协全体委员（跨层级邀请）"))
    audience_gender = forms.ChoiceField(
        label=_("性别"), required=False, choices=[("", _("不限")), *Gender.choices], widget=forms.RadioSelect
    )
    audience_new_only = forms.BooleanField(label=_("仅本届新任委员"), required=False)
    audience_positions = forms.MultipleChoiceField(
        label=_("职务"),
        required=False,
        choices=AUDIENCE_POSITIONS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("性别、新任、职务在上面选定的范围内筛选"),
    )
    audience_members = PeopleField(
        label=_("指定委员"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("与上面的范围合并计算"),
    )

    def setup_audience(self, committee: Committee, term: Term, instance: Activity | None = None) -> None:
        """Fill the choices inside the request's scope (they cannot be read when the class is defined)."""
        self.fields["saved_audience"].queryset = SavedAudience.objects.filter(committee=committee)
        self.fields["audience_sectors"].queryset = Sector.objects.filter(term=term)
        self.fields["audience_groups"].queryset = SectorGroup.objects.filter(term=term)
        self.fields["audience_special_committees"].queryset = SpecialCommittee.objects.filter(is_active=True)
        self.fields["audience_regional_groups"].queryset = RegionalGroup.objects.filter(term=term)
        self.fields["audience_stations"].queryset = Station.objects.all()
        self.fields["audience_committees"].queryset = Committee.objects.filter(pk__in=committee.descendant_ids())
        members = serving_members(term)
        if instance is not None and instance.pk:
            members = Member.objects.filter(
                Q(pk__in=members.values("pk")) | Q(pk__in=instance.audience_members.values("pk"))
            ).order_by("name_pinyin", "id")
        self.fields["audience_members"].queryset = members
        self.fields["audience_members"].set_term(term)
        if instance is not None and instance.pk and not self.is_bound:
            current = audience_of(instance)
            self.initial.update(
                audience_all=current.all,
                audience_sectors=list(current.sector_ids),
                audience_groups=list(current.group_ids),
                audience_special_committees=list(current.special_committee_ids),
                audience_regional_groups=list(current.regional_group_ids),
                audience_stations=list(current.station_ids),
                audience_committees=list(current.committee_ids),
                audience_gender=current.gender,
                audience_new_only=current.new_only,
                audience_positions=list(current.positions),
                audience_members=list(current.member_ids),
            )

    def audience(self) -> Audience:
        saved = self.cleaned_data.get("saved_audience")
        if saved is not None:
            return audience_from(saved)

        def ids(name: str) -> tuple[int, ...]:
            return tuple(obj.pk for obj in self.cleaned_data[name])

        return Audience(
            all=self.cleaned_data["audience_all"],
            sector_ids=ids("audience_sectors"),
            group_ids=ids("audience_groups"),
            special_committee_ids=ids("audience_special_committees"),
            member_ids=ids("audience_members"),
            regional_group_ids=ids("audience_regional_groups"),
            station_ids=ids("audience_stations"),
            committee_ids=ids("audience_committees"),
            gender=self.cleaned_data["audience_gender"],
            new_only=self.cleaned_data["audience_new_only"],
            positions=tuple(self.cleaned_data["audience_positions"]),
        )


class SavedAudienceForm(BootstrapForm, AudienceFields):
    """常用范围: a name and an audience (no saved audience inside a saved audience)."""

    name = forms.CharField(label=_("名称"), max_length=60)

    field_order = ["name"]

    def __init__(self, *args: Any, committee: Committee, term: Term, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_audience(committee, term)
        del self.fields["saved_audience"]

    def audience(self) -> Audience:
        self.cleaned_data["saved_audience"] = None
        return super().audience()

    def audience_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in AUDIENCE_NAMES if n in self.fields]


class ActivityForm(BootstrapForm, AudienceFields, forms.ModelForm):
    """An activity's fields as services.create_activity / update_activity take them, plus its audience (面向范围)."""

    class Meta:
        model = Activity
        fields = list(ACTIVITY_FIELDS)
        formfield_callback = _scoped_later
        widgets = {
            "mode": forms.RadioSelect,
            "content": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 2}),
            "starts_at": datetime_input(),
            "ends_at": datetime_input(),
            "registration_closes_at": datetime_input(),
        }
        help_texts = {
            "registration_closes_at": _("留空则报名至活动开始"),
            "recorded_afterwards": _("记录已经举办的活动（允许过去的时间，不通知委员）"),
            "mode": _("指定参加：面向范围内的委员即为参加名单；菜单报名：委员自行报名"),
        }

    def __init__(self, *args: Any, term: Term, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mode"].widget.attrs["class"] = "form-check-input"
        # The kind's blank choice reads "---------" otherwise.
        self.fields["kind"].choices = [("", _("请选择种类")), *ActivityKind.choices]
        active = SpecialCommittee.objects.filter(is_active=True)
        self.fields["organiser_special_committee"].queryset = active
        self.fields["organiser_group"].queryset = SectorGroup.objects.filter(term=term)
        self.fields["organiser_regional_group"].queryset = RegionalGroup.objects.filter(term=term)
        self.fields["organiser_station"].queryset = Station.objects.all()
        for name in ("organiser_special_committee", "organiser_group", "organiser_regional_group", "organiser_station"):
            self.fields[name].empty_label = _("（无）")
        self.setup_audience(committee, term, self.instance)
        if self.instance.pk and self.instance.status != Activity.Status.DRAFT:
            for name in SCHEDULE_LOCKED:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("已发布，时间地点请通过“改期”修改")

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[n] for n in names]) for title, names in ACTIVITY_SECTIONS]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("结束时间不能早于开始时间"))
        moved = not self.instance.pk or "starts_at" in self.changed_data
        if starts and moved and not data.get("recorded_afterwards") and starts <= timezone.now():
            self.add_error("starts_at", _("开始时间已过；记录已举办的活动请勾选“补录”"))
        return data

    def activity_data(self) -> dict[str, Any]:
        return {n: self.cleaned_data[n] for n in self._meta.fields if not self.fields[n].disabled}


class ActivityFilterForm(forms.Form):
    """The list's filters; a value that does not parse is ignored rather than refused."""

    q = forms.CharField(label=_("主题"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, widget=FastSelect)
    kind = forms.ChoiceField(label=_("种类"), required=False, widget=FastSelect)
    mode = forms.ChoiceField(label=_("参加方式"), required=False, widget=FastSelect)
    month = forms.CharField(label=_("月份"), required=False, widget=forms.DateInput(attrs={"type": "month"}))
    # Set by the home's "待确认考勤" link: the view narrows the list to queries.to_close.
    to_close = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部状态")), *Activity.Status.choices]
        self.fields["kind"].choices = [("", _("全部种类")), *ActivityKind.choices]
        self.fields["mode"].choices = [("", _("全部方式")), *Activity.Mode.choices]
        for field in self.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs["class"] = (
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                )

    def clean_month(self) -> tuple[int, int] | None:
        match = re.fullmatch(r"(\d{4})-(\d{2})", self.cleaned_data["month"].strip())
        if match is None or not 1 <= int(match[2]) <= 12:
            return None
        return int(match[1]), int(match[2])

    def filter(self, activities: QuerySet[Activity]) -> QuerySet[Activity]:
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            activities = activities.filter(title__icontains=data["q"].strip())
        for name in ("status", "kind", "mode"):
            if data.get(name):
                activities = activities.filter(**{name: data[name]})
        if data.get("month"):
            year, month = data["month"]
            first = timezone.make_aware(datetime.datetime(year, month, 1))
            after = timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1))
            activities = activities.filter(starts_at__gte=first, starts_at__lt=after)
        return activities


class RescheduleForm(BootstrapForm, forms.Form):
    """改期: the new time and place; the old stay on the timeline and everyone on the list is told."""

    starts_at = datetime_field(_("新的开始时间"))
    ends_at = datetime_field(_("新的结束时间"))
    location = forms.CharField(label=_("地点"), max_length=200, required=False)
    registration_closes_at = datetime_field(_("报名截止"), required=False)
    reason = forms.CharField(label=_("改期原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("结束时间不能早于开始时间"))
        return data


class ExtendRegistrationForm(BootstrapForm, forms.Form):
    """延长报名: a later deadline, before the start."""

    closes_at = datetime_field(_("新的报名截止时间"))


class OutcomeForm(BootstrapForm, forms.ModelForm):
    """成果反馈: minutes, outcome and the number of suggestions."""

    class Meta:
        model = Activity
        fields = ["minutes", "outcome", "suggestions_count"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 5}), "outcome": forms.Textarea(attrs={"rows": 4})}


class ActivityFileForm(BootstrapForm, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ActivityFile.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    file = UploadField(policy=MATERIAL, label=_("文件"))


class AttendanceForm(BootstrapForm, forms.Form):
    attendance = forms.ChoiceField(label=_("考勤"), choices=Registration.Attendance.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False, help_text=_("考勤确认后更正须填写原因"))


class ReassignForm(BootstrapForm, forms.Form):
    """调剂: another activity that still takes people (before its start)."""

    to_activity = forms.ModelChoiceField(label=_("调剂至"), queryset=Activity.objects.none())
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: Any, source: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_activity"].queryset = (
            Activity.objects.filter(status__in=BEFORE_START).exclude(pk=source.pk).order_by("starts_at", "id")
        )
        self.fields["to_activity"].label_from_instance = lambda a: (
            f"{timezone.localtime(a.starts_at):%m-%d %H:%M} {a.title}（{a.get_status_display()}）"
        )


class InviteForm(BootstrapForm, forms.Form):
    members = PeopleField(
        label=_("邀请委员"),
        queryset=Member.objects.none(),
        help_text=_("按选择的先后占用剩余名额；超出名额的进入候补，确认前会列出"),
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = serving_members(activity.term)
        self.fields["members"].set_term(activity.term)


class AdjustForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("confirm", _("确认参加")), ("waitlist", _("移入候补")), ("remove", _("移出名单"))]
    )
    note = forms.CharField(max_length=300, required=False)


class MemberCodeForm(BootstrapForm, forms.Form):
    code = forms.CharField(
        label=_("委员码"),
        max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("用摄像头或扫码枪扫描委员手机上的二维码，或输入二维码下方的 6 位数字"),
        error_messages={"required": _("请扫描委员码或输入 6 位数字码")},
    )

    def clean_code(self) -> str:
        # A scanner reading a QR that holds a link types the whole link: the code is its "code" parameter.
        value = self.cleaned_data["code"].strip()
        if "?" in value:
            value = parse_qs(urlsplit(value).query).get("code", [value])[0]
        return value


class LeaveDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("同意")), ("reject", _("不同意"))])
    note = forms.CharField(max_length=200, required=False)
