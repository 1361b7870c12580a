"""The people picker (选人): one field and widget for every place people are chosen (invitees, audiences,
co-signers). Staff search by name, pinyin initials or member number, narrow by sector, group, special
committee or station, add one person or a whole filtered group; the form posts member ids, in the order
chosen, so a preview can say who gets the free places first."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.org.models import Member, Sector, SectorGroup, SpecialCommittee, Station, Term


class PeoplePicker(forms.SelectMultiple):
    """Renders the chosen people and a search box, never the thousand-option list a <select> would need."""

    template_name = "org/widgets/people_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.term: Term | None = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)
        ids = [int(v) for v in context["widget"]["value"] if str(v).isdigit()]
        queryset: QuerySet[Member] = self.choices.queryset
        found = queryset.filter(pk__in=ids).in_bulk()
        term = self.term
        context["widget"]["picker"] = {
            "chosen": [found[pk] for pk in dict.fromkeys(ids) if pk in found],
            "search_url": reverse("org:people_search"),
            "sectors": Sector.objects.filter(term=term) if term else [],
            "groups": SectorGroup.objects.filter(term=term) if term else [],
            "special_committees": SpecialCommittee.objects.filter(is_active=True),
            "stations": Station.objects.all(),
        }
        return context


class PeopleField(forms.ModelMultipleChoiceField):
    """Members chosen with the picker, returned as a list in the order they were chosen."""

    widget = PeoplePicker

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {}).update(
            {
                "required": _("请至少选择一位委员"),
                "invalid_choice": _("所选委员不在可选范围内（可能已离任），请重新选择"),
                "invalid_pk_value": _("所选委员不存在，请重新选择"),
            }
        )
        super().__init__(*args, **kwargs)

    def set_term(self, term: Term) -> None:
        self.widget.term = term

    def clean(self, value: Any) -> list[Member]:  # type: ignore[override]
        members = super().clean(value)
        if not members:
            return []
        by_pk = {m.pk: m for m in members}
        return [by_pk[int(pk)] for pk in dict.fromkeys(value) if int(pk) in by_pk]
