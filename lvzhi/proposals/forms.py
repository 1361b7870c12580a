"""Forms of the proposal screens: validation and widgets only; every write goes through proposals.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import BootstrapForm
from lvzhi.proposals.models import CONTENT_GUIDE, CONTENT_MAX, TITLE_MAX, Category, NotAcceptReason, Proposal


class DraftForm(BootstrapForm, forms.Form):
    """The member's draft. Every field may be empty while drafting; submitting needs them all (the service checks)."""

    title = forms.CharField(label=_("案由（标题）"), max_length=TITLE_MAX, required=False)
    category = forms.ChoiceField(label=_("类别"), choices=[("", _("请选择")), *Category.choices], required=False)
    content = forms.CharField(
        label=_("正文"),
        max_length=CONTENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("建议不超过 %(n)s 字；写清情况、分析和具体建议。") % {"n": CONTENT_GUIDE},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs.update({"placeholder": _("关于……的建议"), "maxlength": TITLE_MAX})
        self.fields["title"].error_messages["max_length"] = _("案由不能超过 %(n)s 个字") % {"n": TITLE_MAX}
        self.fields["content"].error_messages["max_length"] = _("正文不能超过 %(n)s 个字") % {"n": CONTENT_MAX}


class ReviewForm(BootstrapForm, forms.Form):
    DECISIONS = [
        ("accept", _("立案")),
        ("return", _("退回修改")),
        ("reject", _("不予立案")),
        ("merge", _("并案")),
        ("convert", _("转为社情民意/意见建议")),
        ("withdraw", _("撤案（提案人申请）")),
    ]

    decision = forms.ChoiceField(label=_("审查决定"), choices=DECISIONS)
    reason_code = forms.ChoiceField(
        label=_("不予立案理由"), choices=[("", _("请选择")), *NotAcceptReason.choices], required=False
    )
    merge_into = forms.IntegerField(label=_("并入的主提案"), required=False, widget=forms.Select)
    convert_to = forms.ChoiceField(
        label=_("转为"), choices=[("", _("请选择")), *Proposal.ConvertTo.choices], required=False
    )
    consent = forms.BooleanField(label=_("已征得提案人同意"), required=False)
    note = forms.CharField(label=_("说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, lead_choices: list[tuple[int, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].widget.choices = [("", _("请选择")), *lead_choices]
