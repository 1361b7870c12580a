"""The committee's proposal rules (ProposalSettings): the excellent-proposal quota and the reply-class set."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.memo import memoized
from lvzhi.core.models import Committee, User
from lvzhi.proposals.models import ProposalSettings, Reply

# The four-class wording (DOMAIN.md §3.2, used by many governments); the three-class set is Reply.Grade's own.
FOUR_CLASS = [
    ("A", gettext_lazy("A类：已解决或基本解决")),
    ("B", gettext_lazy("B类：正在解决或已启动")),
    ("C", gettext_lazy("C类：列入规划逐步解决")),
    ("D", gettext_lazy("D类：因条件限制留作参考（已解释）")),
]
THREE_CLASS = [(v, label) for v, label in Reply.Grade.choices if v != Reply.Grade.D]


def settings_for(committee: Committee | int) -> ProposalSettings:
    """The committee's rules, unsaved defaults when it has never changed them."""
    committee_id = committee if isinstance(committee, int) else committee.pk
    # Read once a read-only request: a page asks for the quota and the share separately.
    return memoized(
        ("proposal_settings", committee_id),
        lambda: (
            ProposalSettings.objects.filter(committee_id=committee_id).first()
            or ProposalSettings(committee_id=committee_id)
        ),
    )


@dataclass(frozen=True)
class ReplyClasses:
    """A committee's reply classes: what a unit may choose, and how every stored class reads wherever a reply's
    class is shown (badges, the print view, the API). With the four-class option on, A–C read in its wording too."""

    four: bool

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(v, str(label)) for v, label in (FOUR_CLASS if self.four else THREE_CLASS)]

    @property
    def labels(self) -> dict[str, str]:
        """Every class's label; one outside the set (D with the option off, which saving the rules prevents) keeps
        Reply.Grade's."""
        return {**{v: str(label) for v, label in Reply.Grade.choices}, **dict(self.choices)}

    def labelled(self, replies: Iterable[Reply]) -> list[Reply]:
        """The replies, each with `grade_label` for the templates."""
        labels = self.labels
        rows = list(replies)
        for reply in rows:
            reply.grade_label = labels[reply.grade]
        return rows


def reply_classes(committee: Committee | int) -> ReplyClasses:
    return ReplyClasses(four=settings_for(committee).four_class_replies)


def grade_choices(committee: Committee | int) -> list[tuple[str, str]]:
    """The reply classes a committee offers, with its wording."""
    return reply_classes(committee).choices


def check_grade(committee: Committee | int, grade: str) -> None:
    """Refuse a class the committee does not use (D only with the four-class set)."""
    allowed = [v for v, _label in grade_choices(committee)]
    if grade not in allowed:
        message = _("请选择答复类别（本会使用 %(g)s 类）") % {"g": "、".join(allowed)}
        raise DomainError("validation.invalid", message, fields={"grade": [message]})


@transaction.atomic
def save_settings(
    committee: Committee, *, excellent_quota_percent: int, four_class_replies: bool, actor: User
) -> ProposalSettings:
    if not 1 <= excellent_quota_percent <= 100:
        message = _("优秀提案名额应为立案数的 1%–100%")
        raise DomainError("validation.invalid", message, fields={"excellent_quota_percent": [message]})
    settings = settings_for(committee)
    before = (settings.excellent_quota_percent, settings.four_class_replies)
    if not four_class_replies and before[1] and Reply.objects.filter(committee=committee, grade=Reply.Grade.D).exists():
        message = _("已有 D 类答复，不能改回三类")
        raise Conflict("proposal.d_class_in_use", message)
    settings.excellent_quota_percent = excellent_quota_percent
    settings.four_class_replies = four_class_replies
    settings.save()
    log_event(
        "proposal_settings.changed",
        settings,
        actor=actor,
        committee=committee,
        data={"before": list(before), "after": [excellent_quota_percent, four_class_replies]},
    )
    return settings
