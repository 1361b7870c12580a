"""The information office's desk: edit (every version kept), return, decline, merge several into one."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import User
from lvzhi.opinions.models import Opinion, Revision
from lvzhi.opinions.services.common import OPINION, add_event, says, tell_authors
from lvzhi.opinions.services.submission import Draft, checked
from lvzhi.opinions.transitions import IN_REVIEW, OA

OS = Opinion.Status


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError("validation.invalid", _("请填写理由"), fields={"reason": [_("请填写理由")]})
    return reason[:300]


@transaction.atomic
def edit_opinion(opinion: Opinion, *, draft: Draft, actor: User, note: str = "") -> Opinion:
    """The office's edit: a new revision when the text changed; the report is then 已编辑 (ready to compile)."""
    draft = checked(draft)
    opinion = OPINION.lock(opinion)
    OPINION.check(OA.EDIT, opinion.status)
    changed = (draft.title, draft.content) != (opinion.title, opinion.content)
    if changed:
        number = (opinion.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        Revision.objects.create(
            committee_id=opinion.committee_id,
            opinion=opinion,
            number=number,
            title=draft.title,
            content=draft.content,
            by=actor,
            note=note.strip()[:200],
        )
    opinion.title, opinion.content, opinion.category = draft.title, draft.content, draft.category
    first_edit = opinion.status == OS.SUBMITTED
    opinion = OPINION.transition(
        opinion,
        OA.EDIT,
        actor=actor,
        locked=True,
        note=note,
        fields=["title", "content", "category"],
        data={"changed": changed},
    )
    if first_edit:
        tell_authors(opinion, kind="opinions.edited", title=says(opinion) + _("已进入编辑"))
    return opinion


@transaction.atomic
def return_opinion(opinion: Opinion, *, actor: User, reason: str) -> Opinion:
    """Back to the author to rework (退回修改), with the reason."""
    reason = _reason(reason)
    opinion.reason = reason
    opinion = OPINION.transition(opinion, OA.RETURN, actor=actor, note=reason, fields=["reason"])
    tell_authors(opinion, kind="opinions.returned", title=says(opinion) + _("被退回修改"), body=reason)
    return opinion


@transaction.atomic
def decline_opinion(opinion: Opinion, *, actor: User, reason: str) -> Opinion:
    """未采用: the office will not use it; the author is told why. It still counts as submitted."""
    reason = _reason(reason)
    opinion.reason = reason
    opinion = OPINION.transition(opinion, OA.DECLINE, actor=actor, note=reason, fields=["reason"])
    tell_authors(opinion, kind="opinions.declined", title=says(opinion) + _("未被采用"), body=reason)
    return opinion


@transaction.atomic
def merge_opinions(sources: Sequence[Opinion], *, draft: Draft, actor: User) -> Opinion:
    """Several reports on one matter become one (综合): a new report the office writes; each source is 已合并
    into it, and its outcomes count for every source's author."""
    if len(sources) < 2:
        raise DomainError("opinion.merge_too_few", _("请至少选择两篇进行合并"))
    draft = checked(draft)
    locked = list(Opinion.objects.select_for_update().filter(pk__in=[s.pk for s in sources]).order_by("pk"))
    if len(locked) != len({s.pk for s in sources}):
        raise DomainError("opinion.merge_missing", _("所选信息不存在"))
    for source in locked:
        if source.status not in IN_REVIEW:
            raise Conflict(
                "opinion.bad_status",
                _("《%(t)s》当前状态为“%(s)s”，不能合并") % {"t": source.title, "s": source.get_status_display()},
            )
    first = locked[0]
    now = timezone.now()
    merged = Opinion.objects.create(
        committee_id=first.committee_id,
        title=draft.title,
        content=draft.content,
        category=draft.category,
        source=Opinion.Source.OFFICE,
        author_name="、".join(dict.fromkeys(s.author_name for s in locked))[:100],
        station=first.station,
        status=OS.EDITED,
        submitted_at=now,
        year=timezone.localdate(now).year,
    )
    Revision.objects.create(
        committee_id=merged.committee_id,
        opinion=merged,
        number=1,
        title=draft.title,
        content=draft.content,
        by=actor,
        note=_("由 %(n)s 篇合并") % {"n": len(locked)},
    )
    add_event(merged, action="merge_create", actor=actor, to_status=OS.EDITED, data={"sources": [s.pk for s in locked]})
    for source in locked:
        source.merged_into = merged
        OPINION.transition(source, OA.MERGE, actor=actor, locked=True, fields=["merged_into"], data={"into": merged.pk})
    tell_authors(
        merged, kind="opinions.merged", title=_("您报送的社情民意已与其他来稿合并编辑：%(t)s") % {"t": merged.title}
    )
    return merged
