"""Collective proposals (集体提案) in a body's name with up to three named main drafters (主笔), and the files
attached to a proposal while it is drafted."""

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError
from lvzhi.core.models import User
from lvzhi.core.uploads import EVIDENCE, accept
from lvzhi.org.models import Member, MembershipStatus
from lvzhi.proposals.models import Attachment, CollectiveKind, Cosigner, Drafter, Proposal
from lvzhi.proposals.services.common import PROPOSAL, add_event
from lvzhi.proposals.services.drafting import own
from lvzhi.proposals.transitions import PA

MAX_DRAFTERS = 3
MAX_ATTACHMENTS = 5
ATTACHMENTS = EVIDENCE  # photos, PDF, Word or Excel up to 10 MB, checked by their bytes


def _invalid(field: str, message: str) -> DomainError:
    return DomainError("validation.invalid", message, fields={field: [message]})


def set_collective(proposal: Proposal, *, kind: str, name: str, drafters: Sequence[Member], actor: User) -> Proposal:
    """Make the draft a collective proposal of `name` (or, with an empty kind, the member's own again)."""
    own(proposal, actor)
    kind, name = (kind or "").strip(), (name or "").strip()
    drafters = list({m.pk: m for m in drafters}.values())
    if kind:
        if kind not in CollectiveKind.values:
            raise _invalid("collective_kind", _("请选择提案单位类型"))
        if not name or len(name) > 100:
            raise _invalid("collective_name", _("请填写提案单位名称（不超过 100 字）"))
        if not 1 <= len(drafters) <= MAX_DRAFTERS:
            raise _invalid("drafter_ids", _("请指定 1 至 %(n)s 名主笔") % {"n": MAX_DRAFTERS})
        serving = Member.objects.filter(
            pk__in=[m.pk for m in drafters],
            committee_id=proposal.committee_id,
            memberships__term=proposal.term,
            memberships__status=MembershipStatus.ACTIVE,
        ).count()
        if serving != len(drafters):
            raise _invalid("drafter_ids", _("主笔须为本届在任委员"))
    with transaction.atomic():
        proposal = PROPOSAL.lock(proposal)
        PROPOSAL.check(PA.UPDATE, proposal.status, code="proposal.not_editable")
        Drafter.objects.filter(proposal=proposal).delete()
        if kind:
            proposal.proposer_kind = Proposal.ProposerKind.COLLECTIVE
            Drafter.objects.bulk_create(
                Drafter(committee_id=proposal.committee_id, proposal=proposal, member=m) for m in drafters
            )
            note = _("集体提案：%(n)s，主笔 %(d)s") % {"n": name, "d": "、".join(m.name for m in drafters)}
        else:
            joint = Cosigner.objects.filter(proposal=proposal, status=Cosigner.Status.CONFIRMED).exists()
            proposal.proposer_kind = Proposal.ProposerKind.JOINT if joint else Proposal.ProposerKind.INDIVIDUAL
            name = ""
            note = _("改为委员提案")
        proposal.collective_kind, proposal.collective_name = kind, name
        proposal.save(update_fields=["proposer_kind", "collective_kind", "collective_name", "updated_at"])
        add_event(proposal, action="collective", actor=actor, from_status=proposal.status, note=note)
    return proposal


def add_attachment(proposal: Proposal, *, upload: UploadedFile | None, actor: User) -> Attachment:
    """Attach a file to a draft: type by content, size capped, at most five."""
    own(proposal, actor)
    if upload is None:
        raise _invalid("file", _("请选择要上传的文件"))
    accept(upload, ATTACHMENTS)
    with transaction.atomic():
        proposal = PROPOSAL.lock(proposal)
        PROPOSAL.check(PA.UPDATE, proposal.status, code="proposal.not_editable")
        if Attachment.objects.filter(proposal=proposal).count() >= MAX_ATTACHMENTS:
            raise _invalid("file", _("附件最多 %(n)s 个") % {"n": MAX_ATTACHMENTS})
        attachment = Attachment(
            committee_id=proposal.committee_id,
            proposal=proposal,
            name=(upload.name or "")[:100],
            size=upload.size or 0,
            uploaded_by=actor,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        add_event(proposal, action="attach", actor=actor, from_status=proposal.status, note=attachment.name)
    return attachment


def remove_attachment(attachment: Attachment, *, actor: User) -> None:
    proposal = attachment.proposal
    own(proposal, actor)
    with transaction.atomic():
        proposal = PROPOSAL.lock(proposal)
        PROPOSAL.check(PA.UPDATE, proposal.status, code="proposal.not_editable")
        add_event(proposal, action="detach", actor=actor, from_status=proposal.status, note=attachment.name)
        attachment.file.delete(save=False)
        attachment.delete()
