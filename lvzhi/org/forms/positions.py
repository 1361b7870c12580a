"""Forms for positions (职务) and photos: validation and widgets only; writes go through org.services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import BootstrapForm
from lvzhi.core.uploads import PHOTO, UploadField
from lvzhi.org.models import Position


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PositionForm(BootstrapForm, forms.Form):
    title = forms.ChoiceField(label=_("职务"), choices=[("", _("请选择")), *Position.Title.choices])
    note = forms.CharField(label=_("说明"), max_length=60, required=False, help_text=_("如“专职”“兼职”或具体分工"))
    started_on = forms.DateField(label=_("任职日期"), widget=_date_input())
    decided_by = forms.CharField(label=_("决定会议/文件"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "position")
        super().__init__(*args, **kwargs)


class PositionEndForm(BootstrapForm, forms.Form):
    ended_on = forms.DateField(label=_("免职日期"), widget=_date_input())
    decided_by = forms.CharField(label=_("决定会议/文件"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "end")
        super().__init__(*args, **kwargs)


class PhotoForm(BootstrapForm, forms.Form):
    """A new photo, or (staff only) removing the one there is; the service checks the file again."""

    photo = UploadField(
        policy=PHOTO,
        label=_("照片"),
        required=False,
        widget=forms.FileInput(attrs={"accept": PHOTO.accept_attr}),
    )
    remove_photo = forms.BooleanField(label=_("删除现有照片"), required=False)

    def __init__(self, *args: Any, removable: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "photo")
        super().__init__(*args, **kwargs)
        if not removable:
            del self.fields["remove_photo"]

    @property
    def changes(self) -> bool:
        return bool(self.cleaned_data.get("photo") or self.cleaned_data.get("remove_photo"))
