"""Forms of the 社情民意 screens; the services check again (the API goes straight to them)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import BootstrapForm, date_input, unscoped_formfield
from lvzhi.opinions.models import Adoption, Category, InformationOfficer, LeaderLevel, Level, Opinion
from lvzhi.opinions.services import Draft
from lvzhi.opinions.services.common import GUIDE_CHARS, MAX_CHARS
from lvzhi.opinions.services.submission import RECORDABLE_SOURCES
from lvzhi.org.models import HandlingUnit, Member, Station


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class DraftForm(BootstrapForm, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=120)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices, initial=Category.OTHER)
    content = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 14, "data-guide": GUIDE_CHARS, "maxlength": MAX_CHARS}),
        help_text=_("一事一报，有情况、有分析、有建议；建议不超过 %(n)s 字。") % {"n": GUIDE_CHARS},
    )

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(data["title"], data["content"], data["category"])


class SubmitForm(DraftForm):
    attachments = MultipleFileField(
        label=_("附件"), required=False, help_text=_("可选，最多 5 个，每个不超过 10 MB；PDF、Word（.docx）、JPEG、PNG")
    )


class ReceivedForm(SubmitForm):
    source = forms.ChoiceField(
        label=_("来源"), choices=[(s.value, s.label) for s in Opinion.Source if s in RECORDABLE_SOURCES]
    )
    unit_name = forms.CharField(label=_("报送单位"), max_length=100, required=False)
    member = forms.ModelChoiceField(label=_("执笔委员"), queryset=Member.objects.none(), required=False)

    def __init__(self, *args: Any, committee: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(committee=committee).order_by("name_pinyin")


class EditForm(DraftForm):
    note = forms.CharField(label=_("修改说明"), max_length=200, required=False)


class ReasonForm(BootstrapForm, forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ForwardForm(BootstrapForm, forms.Form):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=HandlingUnit.objects.none())
    note = forms.CharField(label=_("转办意见"), max_length=300, required=False)
    due_on = forms.DateField(label=_("办理期限"), required=False, widget=date_input())

    def __init__(self, *args: Any, committee: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = HandlingUnit.objects.filter(committee=committee, is_active=True)


class AdoptForm(BootstrapForm, forms.Form):
    level = forms.ChoiceField(label=_("采用层级"), choices=Level.choices)
    body = forms.ChoiceField(label=_("采用机构"), choices=Adoption.Body.choices)
    mode = forms.ChoiceField(label=_("采用方式"), choices=Adoption.Mode.choices)
    issue = forms.CharField(label=_("刊发期号"), max_length=100, required=False)
    adopted_on = forms.DateField(label=_("采用日期"), widget=date_input(), initial=timezone.localdate)


class InstructionForm(BootstrapForm, forms.Form):
    leader_level = forms.ChoiceField(label=_("领导层级"), choices=LeaderLevel.choices)
    leader = forms.CharField(label=_("批示领导"), max_length=60, required=False)
    instructed_on = forms.DateField(label=_("批示日期"), widget=date_input(), initial=timezone.localdate)
    summary = forms.CharField(label=_("批示内容摘要"), widget=forms.Textarea(attrs={"rows": 3}))
    scan = forms.FileField(label=_("批示件扫描"), required=False, help_text=_("PDF、JPEG 或 PNG，不超过 10 MB"))


class AnswerForm(BootstrapForm, forms.Form):
    answer = forms.CharField(label=_("办理答复"), widget=forms.Textarea(attrs={"rows": 6}))


class BulletinForm(BootstrapForm, forms.Form):
    title = forms.CharField(label=_("刊名"), max_length=60, initial="社情民意")
    editor_note = forms.CharField(label=_("编者按"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class OfficerForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = InformationOfficer
        fields = ["name", "member", "station", "unit", "phone", "is_active"]
        formfield_callback = unscoped_formfield

    def __init__(self, *args: Any, committee: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(committee=committee).order_by("name_pinyin")
        self.fields["station"].queryset = Station.objects.filter(committee=committee)
