"""Forms of the public mailbox and of the people who answer it."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import BootstrapForm, date_input
from lvzhi.liaison.models import ContactLog, Letter, LinkAssignment, Reception, StandingContact, Visit
from lvzhi.org.models import HandlingUnit, Member


class LetterForm(BootstrapForm, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Letter.Kind.choices, initial=Letter.Kind.SUGGESTION)
    title = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    writer_name = forms.CharField(label=_("称呼（可不填）"), max_length=30, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, help_text=_("仅供办理人员联系您，不会公开"))
    attachment = forms.FileField(
        label=_("附件（可不填）"),
        required=False,
        help_text=_("图片、PDF 或 Word、Excel 文档，不超过 10 MB"),
    )
    is_public = forms.BooleanField(label=_("同意在信箱页面公开来信和答复（隐去电话和称呼）"), required=False)
    # Filled only by robots: people never see it.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    solution = forms.CharField(widget=forms.HiddenInput, required=False)


class RatingForm(BootstrapForm, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("您对答复是否满意"), choices=Letter.Rating.choices, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("意见（可不填）"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(BootstrapForm, forms.Form):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)


class NoteForm(BootstrapForm, forms.Form):
    note = forms.CharField(label=_("说明"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class UnitReplyForm(BootstrapForm, forms.Form):
    reply = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)


class AssignForm(BootstrapForm, forms.Form):
    member = forms.ModelChoiceField(label=_("分送委员"), queryset=Member.objects.none())
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: object, committee_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(committee_id=committee_id).order_by("name_pinyin")


class ForwardForm(BootstrapForm, forms.Form):
    unit = forms.ModelChoiceField(label=_("办理单位"), queryset=HandlingUnit.objects.none())
    note = forms.CharField(label=_("转办说明"), max_length=300, required=False)

    def __init__(self, *args: object, committee_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)


class LeadForm(BootstrapForm, forms.Form):
    kind = forms.ChoiceField(label=_("线索类型"), choices=Letter.LeadKind.choices)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class ContactForm(BootstrapForm, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=30)
    occupation = forms.CharField(label=_("界别/职业"), max_length=60)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class ContactLogForm(BootstrapForm, forms.Form):
    contact = forms.ModelChoiceField(label=_("联系对象"), queryset=StandingContact.objects.none())
    date = forms.DateField(label=_("日期"), widget=date_input())
    mode = forms.ChoiceField(label=_("方式"), choices=ContactLog.Mode.choices)
    topics = forms.CharField(label=_("交流主题"), max_length=200)
    issues = forms.CharField(label=_("反映的问题"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("办理情况"), choices=ContactLog.Outcome.choices)
    outcome_note = forms.CharField(label=_("办理说明"), max_length=300, required=False)

    def __init__(self, *args: object, member: Member, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = StandingContact.objects.filter(member=member, is_active=True)


def _members(committee_id: int) -> QuerySet[Member]:
    return Member.objects.filter(committee_id=committee_id).order_by("name_pinyin", "id")


class LinkForm(BootstrapForm, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=LinkAssignment.Kind.choices)
    leader = forms.ModelChoiceField(label=_("联系人"), queryset=Member.objects.none())
    member = forms.ModelChoiceField(label=_("被联系委员"), queryset=Member.objects.none())
    target = forms.IntegerField(label=_("年度联系次数目标"), min_value=1, max_value=50, initial=2)

    def __init__(self, *args: object, committee_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _members(committee_id)
        self.fields["member"].queryset = _members(committee_id)


class VisitForm(BootstrapForm, forms.Form):
    visitor = forms.ModelChoiceField(label=_("走访人"), queryset=Member.objects.none())
    visited = forms.ModelChoiceField(label=_("被走访委员"), queryset=Member.objects.none())
    date = forms.DateField(label=_("日期"), widget=date_input())
    form = forms.ChoiceField(label=_("形式"), choices=Visit.Form.choices)
    topics = forms.CharField(label=_("交流内容"), max_length=200)
    requests = forms.CharField(label=_("委员诉求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.CharField(label=_("跟进安排"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, committee_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visitor"].queryset = _members(committee_id)
        self.fields["visited"].queryset = _members(committee_id)


class CampaignForm(BootstrapForm, forms.Form):
    title = forms.CharField(label=_("名称"), max_length=100)
    starts_on = forms.DateField(label=_("开始日期"), widget=date_input())
    ends_on = forms.DateField(label=_("结束日期"), widget=date_input())
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HouseholdForm(BootstrapForm, forms.Form):
    date = forms.DateField(label=_("走访日期"), widget=date_input())
    name = forms.CharField(label=_("走访对象（住户、企业、村居）"), max_length=100)
    visitors = forms.CharField(label=_("走访人员"), max_length=200)
    note = forms.CharField(label=_("情况"), max_length=300, required=False)
    issues = forms.CharField(
        label=_("反映的问题（每行一条）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReceptionForm(BootstrapForm, forms.Form):
    date = forms.DateField(label=_("接待日期"), widget=date_input())
    member = forms.ModelChoiceField(label=_("接待委员"), queryset=Member.objects.none(), required=False)
    visitor = forms.CharField(label=_("来访人"), max_length=60)
    matter = forms.CharField(label=_("反映事项"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("处理情况"), choices=Reception.Outcome.choices)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: object, committee_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _members(committee_id)
