"""Forms for the office's screens: a notice with its audience (面向范围), attachments, the list filters."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import DomainError
from lvzhi.core.forms import BootstrapForm, show_domain_error, unscoped_formfield
from lvzhi.core.uploads import MATERIAL, UploadField
from lvzhi.notices.models import Audience, EssayCall, Notice, Story, StudyAssignment, StudyMaterial, Topic
from lvzhi.notices.services import (
    ASSIGNMENT_FIELDS,
    MATERIAL_FIELDS,
    NOTICE_FIELDS,
    TOPIC_FIELDS,
    AudienceSpec,
    QuestionSpec,
)
from lvzhi.notices.services.audience import audience_of
from lvzhi.org.models import SERVING_STATUSES, Member, Membership, Sector, SectorGroup, SpecialCommittee, Term
from lvzhi.org.people_picker import PeopleField

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
AUDIENCE_NAMES = [
    "audience_all",
    "audience_sectors",
    "audience_groups",
    "audience_special_committees",
    "audience_members",
]
AUDIENCE_ERRORS = {f"audience.{n.removeprefix('audience_')}": n for n in AUDIENCE_NAMES[1:]} | {
    "audience": "audience_all"
}


def datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def show_error(forms_: list[BootstrapForm], exc: DomainError) -> None:
    """A service error on the page's forms; services name audience fields "audience.sectors" and so on."""
    if exc.fields:
        exc = DomainError(exc.code, exc.message, fields={AUDIENCE_ERRORS.get(k, k): v for k, v in exc.fields.items()})
    show_domain_error(forms_, exc)


def serving_members(term: Term) -> QuerySet[Member]:
    serving = Membership.objects.filter(term=term, status__in=SERVING_STATUSES).values("member_id")
    return Member.objects.filter(pk__in=serving).order_by("name_pinyin", "id")


class AudienceForm(BootstrapForm, forms.ModelForm):
    """The 面向范围 fields every audience-bearing form shares (a plain multi-select for named members)."""

    audience_all = forms.BooleanField(label=_("面向全体委员"), required=False)
    audience_sectors = forms.ModelMultipleChoiceField(
        label=_("界别"), queryset=Sector.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    audience_groups = forms.ModelMultipleChoiceField(
        label=_("界别活动组"), queryset=SectorGroup.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    audience_special_committees = forms.ModelMultipleChoiceField(
        label=_("专委会"), queryset=SpecialCommittee.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    audience_members = PeopleField(
        label=_("指定委员"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("与上面的范围合并计算"),
    )

    def __init__(self, *args: Any, term: Term, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = serving_members(term)
        instance: Audience = self.instance
        if instance.pk:
            members = Member.objects.filter(
                Q(pk__in=members.values("pk")) | Q(pk__in=instance.audience_members.values("pk"))
            ).order_by("name_pinyin", "id")
            if not self.is_bound:
                spec = audience_of(instance)
                self.initial.update(
                    audience_all=spec.all,
                    audience_sectors=list(spec.sector_ids),
                    audience_groups=list(spec.group_ids),
                    audience_special_committees=list(spec.special_committee_ids),
                    audience_members=list(spec.member_ids),
                )
        self.fields["audience_members"].queryset = members
        self.fields["audience_members"].set_term(term)
        self.fields["audience_sectors"].queryset = Sector.objects.filter(term=term)
        self.fields["audience_groups"].queryset = SectorGroup.objects.filter(term=term)
        self.fields["audience_special_committees"].queryset = SpecialCommittee.objects.all()

    def audience(self) -> AudienceSpec:
        def ids(name: str) -> tuple[int, ...]:
            return tuple(o.pk for o in self.cleaned_data[name])

        return AudienceSpec(
            all=self.cleaned_data["audience_all"],
            sector_ids=ids("audience_sectors"),
            group_ids=ids("audience_groups"),
            special_committee_ids=ids("audience_special_committees"),
            member_ids=ids("audience_members"),
        )

    def data_for_service(self, names: tuple[str, ...]) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class NoticeForm(AudienceForm):
    class Meta:
        model = Notice
        fields = list(NOTICE_FIELDS)
        formfield_callback = unscoped_formfield
        widgets = {
            "content": forms.Textarea(attrs={"rows": 8}),
            "publish_at": datetime_input(),
            "expires_at": datetime_input(),
        }


class FileForm(BootstrapForm, forms.Form):
    title = forms.CharField(label=_("附件名称"), max_length=200, required=False)
    file = forms.FileField(label=_("文件"), error_messages={"required": _("请选择文件")})


class ReasonForm(BootstrapForm, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200, error_messages={"required": _("请填写原因")})


class SearchForm(forms.Form):
    """A list's search box and filters; a value that is not a choice is ignored rather than refused."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=100)

    def __init__(self, *args: Any, choices: dict[str, list] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, options in (choices or {}).items():
            self.fields[name] = forms.ChoiceField(label=name, required=False, choices=options)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def value(self, name: str) -> str:
        raw = str(self.data.get(name) or "").strip()[:100]
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField) and raw not in {str(key) for key, _label in field.choices}:
            return ""
        return raw


def material_upload(label: Any, *, required: bool) -> UploadField:
    """A file checked by the upload kit's MATERIAL policy; a plain input (no "clear" box: a file is replaced,
    never silently removed)."""
    return UploadField(
        policy=MATERIAL,
        label=label,
        required=required,
        widget=forms.FileInput(attrs={"accept": MATERIAL.accept_attr}),
        error_messages={"required": _("请选择文件")},
    )


class MaterialForm(BootstrapForm, forms.ModelForm):
    url = forms.URLField(
        label=_("内网链接"), required=False, assume_scheme="https", help_text=_("内网视频或文件的地址")
    )
    file = material_upload(_("文件"), required=False)

    class Meta:
        model = StudyMaterial
        fields = list(MATERIAL_FIELDS)
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def changes(self) -> dict[str, Any]:
        """What the service sets: the text fields, and the file only when a new one was chosen."""
        data = {name: self.cleaned_data[name] for name in MATERIAL_FIELDS if name != "file"}
        if isinstance(self.cleaned_data.get("file"), UploadedFile):
            data["file"] = self.cleaned_data["file"]
        return data


class TopicFileForm(BootstrapForm, forms.Form):
    title = forms.CharField(label=_("材料名称"), max_length=200, required=False, help_text=_("留空则用文件名"))
    file = material_upload(_("文件"), required=True)


class AssignmentForm(AudienceForm):
    materials = forms.ModelMultipleChoiceField(
        label=_("学习资料"), queryset=StudyMaterial.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = StudyAssignment
        fields = list(ASSIGNMENT_FIELDS)
        formfield_callback = unscoped_formfield
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "deadline": datetime_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = StudyMaterial.objects.order_by("topic", "-id")
        if self.instance.pk and not self.is_bound:
            self.initial["materials"] = list(self.instance.materials.values_list("pk", flat=True))


class QuestionForm(BootstrapForm, forms.Form):
    text = forms.CharField(label=_("题目"), max_length=300, error_messages={"required": _("请填写题目")})
    choices = forms.CharField(
        label=_("选项"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个选项；正确选项前加 *（可多个）"),
        error_messages={"required": _("请填写选项")},
    )

    def spec(self) -> QuestionSpec:
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]
        choices = [(line.lstrip("*＊").strip(), line[0] in "*＊") for line in lines]
        return QuestionSpec(self.cleaned_data["text"], choices)


class QuizForm(forms.Form):
    """One field per question: radio buttons where one choice is right, check boxes where several are."""

    def __init__(self, *args: Any, assignment: StudyAssignment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in assignment.questions.prefetch_related("choices"):
            choices = list(question.choices.all())
            several = sum(c.correct for c in choices) > 1
            field_class = forms.MultipleChoiceField if several else forms.ChoiceField
            widget = forms.CheckboxSelectMultiple if several else forms.RadioSelect
            label = f"{question.order}. {question.text}" + (str(_("（多选）")) if several else "")
            self.fields[f"q{question.pk}"] = field_class(
                label=label,
                choices=[(str(c.pk), c.text) for c in choices],
                widget=widget,
                required=False,
            )
            self.fields[f"q{question.pk}"].question_id = question.pk

    def answers(self) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {}
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name) or []
            found[field.question_id] = {int(v) for v in ([value] if isinstance(value, str) else value) if v}
        return found


class TopicForm(AudienceForm):
    class Meta:
        model = Topic
        fields = list(TOPIC_FIELDS)
        formfield_callback = unscoped_formfield
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "materials": forms.Textarea(attrs={"rows": 3}),
            "opens_at": datetime_input(),
            "closes_at": datetime_input(),
        }


class ContributionForm(BootstrapForm, forms.Form):
    body = forms.CharField(
        label=_("我的建言"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("请填写发言内容"), "max_length": _("发言不能超过 5000 字")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SummaryForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["summary", "opinion_reference"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"opinion_reference": _("综述整理为社情民意信息报送时，填写其编号或标题")}


class StoryForm(BootstrapForm, forms.ModelForm):
    member = forms.ModelChoiceField(label=_("委员"), queryset=Member.objects.none())

    class Meta:
        model = Story
        fields = ["member", "title", "body", "public"]
        formfield_callback = unscoped_formfield
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, term: Term, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = serving_members(term)


class EssayCallForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = EssayCall
        fields = ["title", "description", "deadline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "deadline": datetime_input()}


class EssayForm(BootstrapForm, forms.Form):
    title = forms.CharField(label=_("题目"), max_length=200, error_messages={"required": _("请填写题目")})
    body = forms.CharField(
        label=_("正文"), widget=forms.Textarea(attrs={"rows": 10}), error_messages={"required": _("请填写正文")}
    )
