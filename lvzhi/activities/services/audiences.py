"""常用范围: named audiences the office saves once and applies to any activity (女委员, 新任委员, 召集人…)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lvzhi.activities.models import SavedAudience
from lvzhi.activities.services.lifecycle import Audience, resolve_audience
from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, User
from lvzhi.org.services.members import current_term


@transaction.atomic
def save_audience(*, committee: Committee, name: str, audience: Audience, actor: User) -> SavedAudience:
    """Checked like an activity's audience against the current term, so applying it later normally succeeds."""
    name = name.strip()
    if not name:
        raise DomainError("audience.name_required", _("请填写名称"), fields={"name": [_("此项为必填")]})
    resolve_audience(committee, current_term(committee), audience)
    if not audience.has_units and not audience.member_ids:
        raise DomainError("audience.empty", _("请至少选择一项范围"), fields={"audience.all": [_("请至少选择一项范围")]})
    try:
        with transaction.atomic():
            saved = SavedAudience.objects.create(
                committee=committee, name=name[:60], definition=audience.as_json(), created_by=actor
            )
    except IntegrityError:
        taken = _("已有同名的常用范围")
        raise Conflict("audience.duplicate", taken, fields={"name": [taken]}) from None
    log_event("saved_audience.created", saved, actor=actor, committee=committee, data={"name": saved.name})
    return saved


@transaction.atomic
def delete_audience(saved: SavedAudience, *, actor: User) -> None:
    """Activities already set from it keep their copy."""
    log_event("saved_audience.deleted", saved, actor=actor, committee=saved.committee, data={"name": saved.name})
    saved.delete()


def audience_from(saved: SavedAudience) -> Audience:
    return Audience.from_json(saved.definition)
