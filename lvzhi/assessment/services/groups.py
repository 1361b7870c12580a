"""The office ticks a sector group's checklist item with evidence, or takes a tick back (DOMAIN.md §4.4)."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.assessment.groups import ITEM_CODES, check_group_year
from lvzhi.assessment.models_groups import GroupEvidence
from lvzhi.core.audit import log_event
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.models import User
from lvzhi.core.uploads import EVIDENCE, accept
from lvzhi.org.models import SectorGroup
from lvzhi.planning.services.calendar import check_year

MAX_NOTE = 300


@transaction.atomic
def tick(
    group: SectorGroup, *, year: int, item: str, note: str, file: UploadedFile | None, actor: User
) -> GroupEvidence:
    """Record (or replace) the evidence for one item; a note is required, a file is optional."""
    check_year(year)
    check_group_year(group.committee, group, year)
    if item not in ITEM_CODES:
        raise DomainError("group_assessment.bad_item", _("未知的考评项目"), fields={"item": [_("未知的考评项目")]})
    note = (note or "").strip()
    if not note:
        raise DomainError("group_assessment.note_required", _("请填写佐证说明"), fields={"note": [_("必填")]})
    if len(note) > MAX_NOTE:
        raise DomainError(
            "group_assessment.note_too_long",
            _("佐证说明不能超过 %(n)s 字") % {"n": MAX_NOTE},
            fields={"note": [_("太长")]},
        )
    if file is not None:
        accept(file, EVIDENCE)
    evidence, _created = GroupEvidence.objects.select_for_update().get_or_create(
        committee=group.committee,
        group=group,
        year=year,
        item=item,
        defaults={"note": note, "ticked_by": actor},
    )
    evidence.note, evidence.ticked_by, evidence.ticked_at = note, actor, timezone.now()
    if file is not None:
        evidence.file = file
    evidence.save()
    log_event("group_assessment.ticked", evidence, actor=actor, committee=group.committee, data={"item": item})
    return evidence


@transaction.atomic
def untick(group: SectorGroup, *, year: int, item: str, actor: User) -> None:
    evidence = GroupEvidence.objects.select_for_update().filter(group=group, year=year, item=item).first()
    if evidence is None:
        raise NotFound("not_found", _("对象不存在"))
    log_event("group_assessment.unticked", evidence, actor=actor, committee=group.committee, data={"item": item})
    evidence.delete()
