"""Forms of the yearly cycle's screens: the member's dispute, the office's re-check, talks and nominations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import BootstrapForm, date_input
from lvzhi.core.uploads import EVIDENCE, UploadField
from lvzhi.ledger.taxonomy import DutyKind, DutyRole


class OpenYearForm(BootstrapForm, forms.Form):
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100)


class DisputeForm(BootstrapForm, forms.Form):
    reason = forms.CharField(label=_("异议理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_file = UploadField(policy=EVIDENCE, label=_("佐证材料（可选）"), required=False)


class ResolveForm(BootstrapForm, forms.Form):
    DECISIONS = [("keep", _("维持原记录")), ("void", _("更正：作废该记录")), ("replace", _("更正：改记为下列记录"))]
    decision = forms.ChoiceField(label=_("复核结论"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(label=_("复核意见"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("更正后的类别"), choices=[("", ""), *DutyKind.choices], required=False)
    role = forms.ChoiceField(label=_("更正后的角色"), choices=[("", ""), *DutyRole.choices], required=False)
    title = forms.CharField(label=_("更正后的事项（留空沿用原事项）"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "replace" and not (data.get("kind") and data.get("role")):
            self.add_error("role", _("改记时请选择类别和角色"))
        return data


class TalkForm(BootstrapForm, forms.Form):
    held_on = forms.DateField(label=_("约谈日期"), widget=date_input())
    talker = forms.CharField(label=_("约谈人"), max_length=60)
    content = forms.CharField(label=_("谈话内容"), widget=forms.Textarea(attrs={"rows": 5}))


class NominationForm(BootstrapForm, forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("推荐理由"), max_length=300, required=False)
