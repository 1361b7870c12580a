"""Contact with the masses: a member's standing contacts and the log of each contact (DOMAIN.md §3.4).

Each logged contact is a ledger row (联系界别群众) of the member, voided if the log is deleted.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import log_event
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import Committee, Notification, User
from lvzhi.core.notify import notify
from lvzhi.ledger.services import record_duty, void_duties_for_source
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.liaison.models import ContactLog, StandingContact
from lvzhi.liaison.queries_contacts import coverage_for_members, quarter_of, quarter_span
from lvzhi.org.models import SERVING_STATUSES, Member

CONTACT_DEPT = "委员自记"
REMIND_DAYS_BEFORE_END = 15


def _required(errors: dict[str, list[str]], name: str, value: str) -> None:
    if not value.strip():
        errors[name] = [_("此项为必填")]


@transaction.atomic
def add_contact(
    member: Member, *, name: str, occupation: str, phone: str = "", note: str = "", actor: User
) -> StandingContact:
    errors: dict[str, list[str]] = {}
    _required(errors, "name", name)
    _required(errors, "occupation", occupation)
    if errors:
        raise DomainError("contact.invalid", _("请填写联系人的姓名和界别/职业"), fields=errors)
    contact = StandingContact.objects.create(
        committee_id=member.committee_id,
        member=member,
        name=name.strip(),
        occupation=occupation.strip(),
        phone=phone.strip(),
        note=note.strip(),
    )
    log_event("contact.added", contact, actor=actor, committee=member.committee)
    return contact


@transaction.atomic
def set_contact_active(contact: StandingContact, *, active: bool, actor: User) -> StandingContact:
    contact.is_active = active
    contact.save(update_fields=["is_active"])
    log_event("contact.active" if active else "contact.inactive", contact, actor=actor, committee=contact.committee)
    return contact


@transaction.atomic
def log_contact(
    member: Member,
    *,
    contact: StandingContact,
    date: datetime.date,
    mode: str,
    topics: str,
    issues: str = "",
    outcome: str = ContactLog.Outcome.NOTED,
    outcome_note: str = "",
    actor: User,
) -> ContactLog:
    if contact.member_id != member.pk:
        raise NotAllowed("contact.not_own", _("只能记录本人的联系对象"))
    errors: dict[str, list[str]] = {}
    _required(errors, "topics", topics)
    if mode not in ContactLog.Mode.values:
        errors["mode"] = [_("取值不在允许范围内")]
    if outcome not in ContactLog.Outcome.values:
        errors["outcome"] = [_("取值不在允许范围内")]
    if date > timezone.localdate():
        errors["date"] = [_("日期不能晚于今天")]
    if errors:
        raise DomainError("contact.invalid", _("请检查联系记录"), fields=errors)
    log = ContactLog.objects.create(
        committee_id=member.committee_id,
        member=member,
        contact=contact,
        date=date,
        mode=mode,
        topics=topics.strip(),
        issues=issues.strip(),
        outcome=outcome,
        outcome_note=outcome_note.strip(),
    )
    record_duty(
        committee=member.committee,
        member=member,
        kind=DutyKind.CONTACT,
        role=DutyRole.PARTICIPANT,
        event_date=date,
        title=_("联系界别群众：%(n)s（%(t)s）") % {"n": contact.name, "t": log.topics},
        source=log,
        recorded_by=actor,
        recorded_by_dept=CONTACT_DEPT,
    )
    log_event("contact.logged", log, actor=actor, committee=member.committee)
    return log


@transaction.atomic
def delete_contact_log(log: ContactLog, *, member: Member, actor: User) -> None:
    if log.member_id != member.pk:
        raise NotAllowed("contact.not_own", _("只能删除本人的联系记录"))
    void_duties_for_source(log, actor=actor, reason=_("联系记录已删除"))
    log_event("contact.log_deleted", log, actor=actor, committee=log.committee)
    log.delete()


def send_contact_reminders(committee: Committee, today: datetime.date | None = None) -> int:
    """In the last REMIND_DAYS_BEFORE_END days of a quarter, tell each member who falls short of the rule, once."""
    today = today or timezone.localdate()
    year, quarter = quarter_of(today)
    start, end = quarter_span(year, quarter)
    if (end - today).days >= REMIND_DAYS_BEFORE_END:
        return 0
    members = list(
        Member.objects.filter(committee=committee, memberships__status__in=SERVING_STATUSES, user__isnull=False)
        .select_related("user")
        .distinct()
    )
    told = set(
        Notification.objects.filter(committee=committee, kind="contact.due", created_at__date__gte=start).values_list(
            "user_id", flat=True
        )
    )
    sent = 0
    for row in coverage_for_members(members, year, quarter):
        member = row.member
        if row.ok or member.user_id in told:
            continue
        body = _("本季度尚需联系：%(names)s。") % {"names": "、".join(row.due_names)} if row.due_names else ""
        if row.contacts < 3:
            body += _("联系群众不少于 3 人，目前 %(n)d 人。") % {"n": row.contacts}
        notify(
            committee=committee,
            recipients=[member],
            kind="contact.due",
            title=_("本季度联系界别群众将于 %(d)s 截止") % {"d": end.isoformat()},
            body=body,
        )
        sent += 1
    return sent
