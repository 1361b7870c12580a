"""Forms of the member registry screens: validation and widgets only; writes go through org.services."""

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import BootstrapForm, date_input, unscoped_formfield
from lvzhi.org.import_check import MOBILE_RE, birth_date_problem, id_number_problem
from lvzhi.org.models import (
    Gender,
    GroupSeat,
    Member,
    Membership,
    MembershipStatus,
    RegionalGroup,
    Sector,
    SectorGroup,
    SpecialCommittee,
    SpecialCommitteeSeat,
    Station,
    Term,
)
from lvzhi.org.services.members import DECISION_REQUIRED_STATUSES
from lvzhi.org.transitions import allowed_targets

# Landlines come as "0571-8888 1234", "(0571)88881234", "+86 571 88881234 分机 12" or "…转12".
OFFICE_PHONE_RE = re.compile(r"^[\d\s\-+()（）]*(?:(?:分机|转)\s*\d+)?$")


def clean_mobile(value: str) -> str:
    """A mainland mobile number, spaces and dashes dropped; shared by member and account forms."""
    value = value.strip().replace(" ", "").replace("-", "")
    if value and not MOBILE_RE.match(value):
        raise forms.ValidationError(_("手机号应为以1开头的11位数字"))
    return value


def clean_office_phone(value: str) -> str:
    value = value.strip()
    if value and not (OFFICE_PHONE_RE.match(value) and any(c.isdigit() for c in value)):
        raise forms.ValidationError(_("办公电话只能包含数字、空格、-、+、括号以及“分机”或“转”"))
    return value


MEMBER_SECTIONS = [
    (_("基本信息"), ["name", "gender", "ethnicity", "birth_date", "native_place", "id_number"]),
    (_("政治面貌"), ["political_affiliation", "party_joined_on", "party_position"]),
    (
        _("学历工作"),
        [
            "education",
            "degree",
            "professional_title",
            "employer",
            "job_title",
            "employer_kind",
            "industry",
            "employer_address",
        ],
    ),
    (
        _("联系方式"),
        ["mobile", "office_phone", "email", "wechat", "secretary", "home_address", "mobile_in_directory"],
    ),
    (_("履职简介"), ["expertise", "focus_areas", "social_positions", "honours"]),
]


class MemberForm(BootstrapForm, forms.ModelForm):
    """The member's own record (基本信息库); the photo is managed elsewhere."""

    class Meta:
        model = Member
        fields = [name for __, names in MEMBER_SECTIONS for name in names]
        widgets = {
            "birth_date": date_input(),
            "party_joined_on": date_input(),
            "expertise": forms.Textarea(attrs={"rows": 2}),
            "focus_areas": forms.Textarea(attrs={"rows": 2}),
            "social_positions": forms.Textarea(attrs={"rows": 2}),
            "honours": forms.Textarea(attrs={"rows": 3}),
        }

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[n] for n in names if n in self.fields]) for title, names in MEMBER_SECTIONS]

    def __init__(self, *args: Any, show_sensitive: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("请选择")), *Gender.choices]
        if not show_sensitive:
            # Staff without the sensitive-data capability neither see nor overwrite the ID number.
            del self.fields["id_number"]

    def clean_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["mobile"])

    def clean_office_phone(self) -> str:
        return clean_office_phone(self.cleaned_data["office_phone"])

    def clean_id_number(self) -> str:
        """The import's check (GB 11643, check digit included), so the edit form lets through no number it refuses."""
        value = self.cleaned_data["id_number"].strip().upper()
        if value and (problem := id_number_problem(value)):
            raise forms.ValidationError(problem)
        return value

    def clean_birth_date(self) -> datetime.date | None:
        value = self.cleaned_data["birth_date"]
        if value and (problem := birth_date_problem(value, timezone.localdate())):
            raise forms.ValidationError(problem)
        return value


SEAT_ROLE_FIELDS: dict[str, type[SpecialCommitteeSeat] | type[GroupSeat]] = {
    "special_committees": SpecialCommitteeSeat,
    "groups": GroupSeat,
}


class MembershipForm(BootstrapForm, forms.ModelForm):
    """The member's tenure in the current term, with seats in special committees and sector groups."""

    special_committees = forms.ModelMultipleChoiceField(
        label=_("专门委员会"),
        queryset=SpecialCommittee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选所在的专委会，并在右侧选择职务（主任、副主任或委员）"),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("界别活动组"),
        queryset=SectorGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选所在的活动组，并在右侧选择职务（召集人、副召集人、联络员或成员）"),
    )

    class Meta:
        model = Membership
        fields = [
            "number",
            "sector",
            "is_standing_member",
            "recommending_unit",
            "appointment",
            "joined_on",
            "regional_group",
            "regional_group_role",
            "station",
            "concurrent_posts",
        ]
        formfield_callback = unscoped_formfield
        widgets = {"joined_on": date_input()}
        help_texts = {"joined_on": _("留空则为本届起始日；本届首次全会之后任职的记为增补")}

    def __init__(self, *args: Any, term: Term, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Querysets are built here, inside the request's committee scope (a module-level one would be unscoped).
        self.fields["sector"].queryset = Sector.objects.filter(term=term)
        self.fields["sector"].empty_label = _("请选择界别")
        self.fields["regional_group"].queryset = RegionalGroup.objects.filter(term=term)
        self.fields["regional_group"].empty_label = _("无")
        self.fields["station"].queryset = Station.objects.all()
        self.fields["station"].empty_label = _("无")
        self.fields["special_committees"].queryset = SpecialCommittee.objects.filter(is_active=True)
        self.fields["groups"].queryset = SectorGroup.objects.filter(term=term)
        self.fields["joined_on"].required = not creating
        if not creating:
            self.fields["joined_on"].help_text = ""
        held: dict[str, dict[int, str]] = {"special_committees": {}, "groups": {}}
        if self.instance.pk:
            held["special_committees"] = {
                s.special_committee_id: s.role for s in self.instance.special_committee_seats.all()
            }
            held["groups"] = {s.group_id: s.role for s in self.instance.group_seats.all()}
            if not self.is_bound:
                self.initial["special_committees"] = list(held["special_committees"])
                self.initial["groups"] = list(held["groups"])
        # One role choice per body, next to its checkbox; a body not ticked ignores its role.
        for name, seat_model in SEAT_ROLE_FIELDS.items():
            for body in self.fields[name].queryset:
                self.fields[f"{name}_role_{body.pk}"] = forms.ChoiceField(
                    label=_("%(body)s职务") % {"body": body.name},
                    choices=seat_model.Role.choices,
                    initial=held[name].get(body.pk, seat_model.Role.MEMBER),
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )

    def tenure_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self._meta.fields]

    def seat_rows(self) -> list[tuple[forms.BoundField, list[tuple[Any, forms.BoundField]]]]:
        """For each kind of seat: the checkbox field, and each body's checkbox beside its role choice."""
        return [
            (self[name], [(choice, self[f"{name}_role_{choice.data['value']}"]) for choice in self[name]])
            for name in SEAT_ROLE_FIELDS
        ]

    def seat_roles(self) -> dict[str, dict[int, str]]:
        """set_member_seats' role arguments for the ticked bodies; a role not sent leaves the seat's as it is."""
        roles: dict[str, dict[int, str]] = {}
        for name, keyword in (("special_committees", "special_committee_roles"), ("groups", "group_roles")):
            chosen = {body.pk: self.cleaned_data.get(f"{name}_role_{body.pk}") for body in self.cleaned_data[name]}
            roles[keyword] = {pk: role for pk, role in chosen.items() if role}
        return roles

    def membership_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        if data["joined_on"] is None:
            del data["joined_on"]  # the service dates it from the term's start
        return data


class AccountForm(BootstrapForm, forms.Form):
    """An optional login for a new member: both fields or neither."""

    username = forms.CharField(label=_("登录用户名"), max_length=150, required=False)
    # A staff member types the initial password while creating the record; keep it across a failed save.
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("username") and not data.get("password"):
            self.add_error("password", _("设置登录账号时请填写初始密码"))
        if data.get("password") and not data.get("username"):
            self.add_error("username", _("请填写登录用户名"))
        return data


class StatusChangeForm(BootstrapForm, forms.Form):
    """A lifecycle step (DOMAIN.md §3.9) offered from the membership's current status."""

    to_status = forms.ChoiceField(label=_("变更为"))
    effective_on = forms.DateField(label=_("生效日期"), widget=date_input())
    decided_by = forms.CharField(label=_("决定会议/文件"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = allowed_targets(current)
        moves = [(s.value, s.label) for s in MembershipStatus if s in allowed]
        # No move is preselected: an untouched submit must not end a membership.
        self.fields["to_status"].choices = [("", _("请选择")), *moves] if moves else []
        self.fields["to_status"].error_messages["required"] = _("请选择要变更的状态")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("to_status") == MembershipStatus.ACTIVE and not data.get("note"):
            self.add_error("note", _("恢复在任须填写说明"))
        if data.get("to_status") in DECISION_REQUIRED_STATUSES and not data.get("decided_by", "").strip():
            self.add_error("decided_by", _("请填写决定会议或文件"))
        return data


class MyProfileForm(BootstrapForm, forms.ModelForm):
    """What members may change about themselves: contact details, profile and directory consent."""

    class Meta:
        model = Member
        fields = [
            "mobile",
            "office_phone",
            "email",
            "wechat",
            "home_address",
            "expertise",
            "focus_areas",
            "honours",
            "mobile_in_directory",
        ]
        widgets = {
            "mobile": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "office_phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "expertise": forms.Textarea(attrs={"rows": 2}),
            "focus_areas": forms.Textarea(attrs={"rows": 2}),
            "honours": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"mobile_in_directory": _("同意在委员通讯录中向其他委员显示我的手机号")}

    def clean_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["mobile"])

    def clean_office_phone(self) -> str:
        return clean_office_phone(self.cleaned_data["office_phone"])
