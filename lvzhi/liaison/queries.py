"""What each reader may see of the mailboxes: the office all letters, a member those sorted to them, a handling
unit those passed to it."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.tenancy import Access
from lvzhi.liaison.models import OPEN_STATUSES, Letter, Mailbox
from lvzhi.org.models import Member

LIST_RELATED = ("mailbox__member", "mailbox__station", "mailbox__group", "assignee", "handling_unit")


def office_letters(committee_id: int) -> QuerySet[Letter]:
    return Letter.objects.filter(committee_id=committee_id).select_related(*LIST_RELATED)


def member_letters(member: Member) -> QuerySet[Letter]:
    return Letter.objects.filter(committee_id=member.committee_id, assignee=member).select_related(*LIST_RELATED)


def unit_letters(access: Access) -> QuerySet[Letter]:
    return Letter.objects.filter(
        committee=access.committee, handling_unit_id__in=access.handling_unit_ids
    ).select_related(*LIST_RELATED)


def letters_for(access: Access, member: Member | None) -> QuerySet[Letter]:
    """The letters an API caller may see, by the widest of their capabilities."""
    if access.can(C.MANAGE_LETTERS):
        return office_letters(access.committee.pk)
    visible = Q(pk__in=[])
    if access.can(C.ANSWER_LETTERS) and member is not None:
        visible |= Q(assignee=member)
    if access.can(C.HANDLE_LETTERS) and access.handling_unit_ids:
        visible |= Q(handling_unit_id__in=access.handling_unit_ids)
    return Letter.objects.filter(visible, committee=access.committee).select_related(*LIST_RELATED)


def overdue(letters: QuerySet[Letter], today: datetime.date | None = None) -> QuerySet[Letter]:
    """Open letters past a deadline: no first response by its day, or not answered by the final one."""
    today = today or timezone.localdate()
    return letters.filter(status__in=OPEN_STATUSES).filter(
        Q(first_responded_at__isnull=True, first_response_due__lt=today) | Q(final_due__lt=today)
    )


def waiting_for_member(member: Member) -> QuerySet[Letter]:
    return member_letters(member).filter(status__in=[Letter.Status.ASSIGNED, Letter.Status.HANDLED])


def published_letters(mailbox: Mailbox) -> QuerySet[Letter]:
    return Letter.objects.filter(mailbox=mailbox, is_public=True, published_at__isnull=False).order_by("-published_at")


def mailbox_list(committee_id: int) -> QuerySet[Mailbox]:
    return Mailbox.objects.filter(committee_id=committee_id).select_related("member", "station", "group")
