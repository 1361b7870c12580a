"""Forms for the committees below one's own (政协管理)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import BootstrapForm
from lvzhi.core.models import Committee

PRESET_LABELS = {"city23": _("市县政协（23 个界别）"), "national34": _("全国政协（34 个界别）")}


class CommitteeEditForm(BootstrapForm, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100, min_length=2)
    level = forms.ChoiceField(label=_("级别"), choices=Committee.Level.choices)
    parent_code = forms.ChoiceField(label=_("上级政协"))

    def __init__(self, *args: Any, parents: list[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent_code"].choices = [(c.code, c.name) for c in parents]


class CommitteeCreateForm(CommitteeEditForm):
    code = forms.SlugField(
        label=_("代码"), max_length=40, help_text=_("小写字母、数字和连字符，如 changzhou-wujin；创建后不能修改")
    )
    sector_preset = forms.ChoiceField(label=_("界别设置"), choices=list(PRESET_LABELS.items()), initial="city23")
    term_number = forms.IntegerField(label=_("首届届次"), min_value=1, max_value=99, initial=1)
    term_start_year = forms.IntegerField(label=_("首届起始年份"), min_value=1949, max_value=2100, required=False)

    field_order = ["name", "code", "level", "parent_code", "sector_preset", "term_number", "term_start_year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term_start_year"].initial = timezone.localdate().year
