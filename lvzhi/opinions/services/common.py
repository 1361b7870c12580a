"""What every 社情民意 service shares: the three workflows, the timeline row, and telling the author."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.audit import log_event
from lvzhi.core.models import User
from lvzhi.core.notify import notify
from lvzhi.core.workflow import Workflow
from lvzhi.opinions.models import Bulletin, Opinion, OpinionEvent, Referral
from lvzhi.opinions.transitions import BULLETIN_MOVES, OPINION_MOVES, REFERRAL_MOVES
from lvzhi.org.models import Member

INFO_DEPT = "社情民意信息室"
MAX_CHARS = 3000  # refused above this; the guide (一事一报, ≤1500 字) is shown while writing
GUIDE_CHARS = 1500
MIN_CHARS = 30


def add_event(
    opinion: Opinion,
    *,
    action: str,
    actor: User | None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> OpinionEvent:
    return OpinionEvent.objects.create(
        committee_id=opinion.committee_id,
        opinion=opinion,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note[:300],
        data=data or {},
    )


def _referral_event(referral: Referral, **kwargs: Any) -> None:
    """A referral's moves go on its report's timeline, named by the unit."""
    data = {"referral": referral.pk, "unit": referral.unit.name, **(kwargs.pop("data") or {})}
    kwargs["action"] = f"referral.{kwargs['action']}"
    add_event(referral.opinion, data=data, **kwargs)


def _bulletin_event(bulletin: Bulletin, **kwargs: Any) -> None:
    log_event(
        f"opinions.bulletin.{kwargs['action']}",
        bulletin,
        actor=kwargs["actor"],
        committee=bulletin.committee,
        data={
            "from": kwargs["from_status"],
            "to": kwargs["to_status"],
            "note": kwargs["note"],
            **(kwargs["data"] or {}),
        },
    )


OPINION = Workflow(OPINION_MOVES, Opinion.Status, "opinion.bad_status", event=add_event)
BULLETIN = Workflow(BULLETIN_MOVES, Bulletin.Status, "bulletin.bad_status", event=_bulletin_event)
REFERRAL = Workflow(REFERRAL_MOVES, Referral.Status, "referral.bad_status", event=_referral_event)


def credited_members(opinion: Opinion) -> list[Member]:
    """The members an outcome counts for: the author, and the authors of every report merged into it."""
    members: dict[int, Member] = {}
    if opinion.author_member_id:
        members[opinion.author_member_id] = opinion.author_member
    for source in Opinion.objects.filter(merged_into=opinion).select_related("author_member"):
        if source.author_member_id:
            members[source.author_member_id] = source.author_member
    return list(members.values())


def tell_authors(opinion: Opinion, *, kind: str, title: str, body: str = "") -> None:
    """Tell the author, and the author of each report merged into this one (each gets a link to their own)."""
    for report in [opinion, *Opinion.objects.filter(merged_into=opinion).select_related("author_user")]:
        if report.author_user_id:
            notify(
                committee=opinion.committee,
                recipients=[report.author_user],
                kind=kind,
                title=title,
                body=body,
                url=reverse("opinions:mine_detail", kwargs={"pk": report.pk}),
                source=report,
            )


def says(opinion: Opinion) -> str:
    return _("您报送的社情民意《%(t)s》") % {"t": opinion.title}
