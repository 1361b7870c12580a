"""Forms of signing in and of the committee's accounts and roles."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Role
from lvzhi.org.forms.members import clean_mobile
from lvzhi.org.forms.structure import StyledForm
from lvzhi.org.models import RegionalGroup, SectorGroup, SpecialCommittee, Station, Term


class LoginForm(forms.Form):
    username = forms.CharField(label=_("用户名或手机号"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput)


class ScopeFields(StyledForm):
    special_committee = forms.ModelChoiceField(
        label=_("限定专委会"), queryset=None, required=False, empty_label=_("（不限）")
    )
    sector_group = forms.ModelChoiceField(
        label=_("限定界别活动组"), queryset=None, required=False, empty_label=_("（不限）")
    )
    regional_group = forms.ModelChoiceField(
        label=_("限定联络组"), queryset=None, required=False, empty_label=_("（不限）")
    )
    station = forms.ModelChoiceField(
        label=_("限定委员工作站点"), queryset=None, required=False, empty_label=_("（不限）")
    )

    def __init__(self, *args: Any, committee_id: int, term: Term | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(committee=committee_id)
        groups = SectorGroup.objects.filter(term=term) if term is not None else SectorGroup.objects.none()
        self.fields["sector_group"].queryset = groups
        regional = RegionalGroup.objects.filter(term=term) if term is not None else RegionalGroup.objects.none()
        self.fields["regional_group"].queryset = regional
        self.fields["station"].queryset = Station.objects.filter(committee=committee_id)


class PasswordForm(StyledForm):
    password = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput(render_value=False))
    password2 = forms.CharField(label=_("再次输入密码"), strip=False, widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致"))
        return data


class UserCreateForm(ScopeFields, PasswordForm):
    username = forms.CharField(label=_("用户名"), min_length=3, max_length=150)
    display_name = forms.CharField(label=_("显示名"), max_length=50)
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False)
    roles = forms.MultipleChoiceField(label=_("角色"), choices=Role.choices, widget=forms.CheckboxSelectMultiple)

    field_order = ["username", "display_name", "mobile", "password", "password2", "roles"]

    def clean_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["mobile"])


class RoleForm(ScopeFields):
    role = forms.ChoiceField(
        label=_("角色"),
        choices=[("", _("请选择")), *Role.choices],
        error_messages={"required": _("请选择角色")},
    )

    field_order = ["role", "special_committee", "sector_group", "regional_group", "station"]


class AccountForm(StyledForm):
    display_name = forms.CharField(label=_("显示名"), max_length=50)
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False)

    def clean_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["mobile"])
