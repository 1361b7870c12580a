"""《社情民意》 issues: compile edited reports, approve (审核), sign off (签发), then issue with the next number."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, User
from lvzhi.opinions.models import Adoption, Bulletin, BulletinSequence, Level, Opinion
from lvzhi.opinions.services.common import BULLETIN, OPINION
from lvzhi.opinions.services.outcomes import adopt_opinion
from lvzhi.opinions.transitions import BA, OA

OS = Opinion.Status


def _compile(bulletin: Bulletin, opinions: Sequence[Opinion], actor: User) -> None:
    for opinion in Opinion.objects.select_for_update().filter(pk__in=[o.pk for o in opinions]).order_by("pk"):
        if opinion.status != OS.EDITED:
            raise Conflict(
                "opinion.not_edited",
                _("《%(t)s》当前状态为“%(s)s”，只有已编辑的信息可以编入期刊")
                % {"t": opinion.title, "s": opinion.get_status_display()},
            )
        opinion.bulletin = bulletin
        OPINION.transition(
            opinion, OA.COMPILE, actor=actor, locked=True, fields=["bulletin"], data={"bulletin": bulletin.pk}
        )


@transaction.atomic
def create_bulletin(
    *,
    committee: Committee,
    opinions: Sequence[Opinion],
    actor: User,
    title: str = "",
    editor_note: str = "",
    year: int | None = None,
) -> Bulletin:
    if not opinions:
        raise DomainError("bulletin.empty", _("请至少选择一篇已编辑的信息"), fields={"opinions": [_("请至少选择一篇")]})
    BULLETIN.check(BA.CREATE, "")
    bulletin = Bulletin.objects.create(
        committee=committee,
        year=year or timezone.localdate().year,
        title=(title.strip() or "社情民意")[:60],
        editor_note=editor_note.strip(),
        created_by=actor,
    )
    _compile(bulletin, opinions, actor)
    return bulletin


@transaction.atomic
def update_bulletin(
    bulletin: Bulletin,
    *,
    actor: User,
    add: Sequence[Opinion] = (),
    remove: Sequence[Opinion] = (),
    editor_note: str | None = None,
    title: str | None = None,
) -> Bulletin:
    """Change a draft issue: its reports, title and editor's note."""
    bulletin = BULLETIN.lock(bulletin)
    BULLETIN.check(BA.UPDATE, bulletin.status)
    for opinion in Opinion.objects.select_for_update().filter(pk__in=[o.pk for o in remove], bulletin=bulletin):
        opinion.bulletin = None
        OPINION.transition(opinion, OA.UNCOMPILE, actor=actor, locked=True, fields=["bulletin"])
    _compile(bulletin, add, actor)
    if editor_note is not None:
        bulletin.editor_note = editor_note.strip()
    if title is not None and title.strip():
        bulletin.title = title.strip()[:60]
    bulletin.save(update_fields=["editor_note", "title", "updated_at"])
    return bulletin


@transaction.atomic
def approve_bulletin(bulletin: Bulletin, *, actor: User) -> Bulletin:
    if not bulletin.opinions.exists():
        raise DomainError("bulletin.empty", _("本期没有编入任何信息"))
    bulletin.approved_by, bulletin.approved_at = actor, timezone.now()
    return BULLETIN.transition(bulletin, BA.APPROVE, actor=actor, fields=["approved_by", "approved_at"])


@transaction.atomic
def reopen_bulletin(bulletin: Bulletin, *, actor: User, reason: str = "") -> Bulletin:
    return BULLETIN.transition(bulletin, BA.REOPEN, actor=actor, note=reason.strip())


@transaction.atomic
def sign_bulletin(bulletin: Bulletin, *, actor: User) -> Bulletin:
    bulletin.signed_by, bulletin.signed_at = actor, timezone.now()
    return BULLETIN.transition(bulletin, BA.SIGN, actor=actor, fields=["signed_by", "signed_at"])


@transaction.atomic
def refuse_bulletin(bulletin: Bulletin, *, actor: User, reason: str) -> Bulletin:
    if not reason.strip():
        raise DomainError("validation.invalid", _("请填写退回理由"), fields={"reason": [_("请填写退回理由")]})
    return BULLETIN.transition(bulletin, BA.REFUSE, actor=actor, note=reason.strip())


def _next_number(committee_id: int, year: int) -> int:
    """The year's next number, the sequence row locked until the issuing transaction ends."""
    sequence = BulletinSequence.objects.select_for_update().filter(committee_id=committee_id, year=year).first()
    if sequence is None:
        try:
            with transaction.atomic():
                BulletinSequence.objects.create(committee_id=committee_id, year=year)
        except IntegrityError:
            pass  # another issue created it first; lock that row below
        sequence = BulletinSequence.objects.select_for_update().get(committee_id=committee_id, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


@transaction.atomic
def issue_bulletin(bulletin: Bulletin, *, actor: User) -> Bulletin:
    """印发: the next number of its year, each report 已印发 and adopted by this committee (编发) in this issue."""
    bulletin = BULLETIN.lock(bulletin)
    BULLETIN.check(BA.ISSUE, bulletin.status)
    bulletin.number = _next_number(bulletin.committee_id, bulletin.year)
    bulletin.issued_on = timezone.localdate()
    bulletin = BULLETIN.transition(bulletin, BA.ISSUE, actor=actor, locked=True, fields=["number", "issued_on"])
    for opinion in Opinion.objects.select_for_update().filter(bulletin=bulletin).order_by("pk"):
        OPINION.transition(opinion, OA.ISSUE, actor=actor, locked=True, note=str(bulletin))
        mode = Adoption.Mode.COMBINED if opinion.merged_from.exists() else Adoption.Mode.SINGLE
        adopt_opinion(
            opinion, level=Level.OWN, mode=mode, bulletin=bulletin, adopted_on=bulletin.issued_on, actor=actor
        )
    return bulletin


@transaction.atomic
def discard_bulletin(bulletin: Bulletin, *, actor: User) -> Bulletin:
    """Drop a draft issue; its reports go back to 已编辑 for another issue."""
    bulletin = BULLETIN.lock(bulletin)
    BULLETIN.check(BA.DISCARD, bulletin.status)
    for opinion in Opinion.objects.select_for_update().filter(bulletin=bulletin):
        opinion.bulletin = None
        OPINION.transition(opinion, OA.UNCOMPILE, actor=actor, locked=True, fields=["bulletin"])
    return BULLETIN.transition(bulletin, BA.DISCARD, actor=actor, locked=True)
