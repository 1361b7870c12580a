"""信息员: the office appoints officers (members or not), ties them to a login and a station."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.audit import log_event
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Committee, User
from lvzhi.opinions.models import InformationOfficer

OFFICER_FIELDS = ("name", "user", "member", "station", "unit", "phone", "is_active")


@transaction.atomic
def save_officer(
    *, committee: Committee, data: dict, actor: User, officer: InformationOfficer | None = None
) -> InformationOfficer:
    name = (data.get("name") or "").strip()
    if not name:
        raise DomainError("validation.invalid", _("请填写姓名"), fields={"name": [_("请填写姓名")]})
    user = data.get("user")
    if (
        user is not None
        and InformationOfficer.objects.filter(user=user).exclude(pk=getattr(officer, "pk", None)).exists()
    ):
        raise DomainError("officer.user_taken", _("该账号已是另一名信息员"), fields={"user": [_("该账号已被使用")]})
    officer = officer or InformationOfficer(committee=committee)
    for field in OFFICER_FIELDS:
        if field in data:
            setattr(officer, field, data[field])
    officer.name = name
    officer.save()
    log_event("opinions.officer.saved", officer, actor=actor, committee=committee, data={"name": name})
    return officer
