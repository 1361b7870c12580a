"""Input and output schemas of the proposals API (API.md "Proposals")."""

import datetime
from typing import Literal

from ninja import Field, Schema

from lvzhi.core.apiinput import Id
from lvzhi.core.apikit import LocalDateTime
from lvzhi.proposals.models import CONTENT_MAX, TITLE_MAX, Category


class ProposalIn(Schema):
    title: str = Field("", max_length=TITLE_MAX)
    content: str = Field("", max_length=CONTENT_MAX)
    category: Category = Category.OTHER
    cosigner_ids: list[Id] = []


class ProposalPatch(Schema):
    title: str | None = Field(None, max_length=TITLE_MAX)
    content: str | None = Field(None, max_length=CONTENT_MAX)
    category: Category | None = None


class CosignersIn(Schema):
    member_ids: list[Id] = Field(..., min_length=1)


class ReviewIn(Schema):
    decision: Literal["accept", "reject", "merge", "convert", "return", "withdraw"]
    reason_code: str = ""
    note: str = Field("", max_length=500)
    merge_into: int | None = None
    convert_to: str = ""
    consent: bool = False


class PersonOut(Schema):
    member_id: int
    name: str


class CosignerOut(PersonOut):
    status: str


class ProposalEventOut(Schema):
    at: LocalDateTime
    actor: str | None
    action: str
    # "from" as in API.md's timelines (Python reserves it); served with by_alias.
    from_status: str = Field(..., alias="from")
    to: str
    note: str


class ProposalSummary(Schema):
    id: int
    title: str
    status: str
    number: int | None
    number_label: str
    year: int
    category: str
    proposer_kind: str
    period: str
    lead: PersonOut
    submitted_at: LocalDateTime | None


class UnitRoleOut(Schema):
    unit_id: int
    name: str
    role: str
    due_date: datetime.date


class ReplyBrief(Schema):
    id: int
    unit: str
    status: str
    grade: str
    grade_label: str  # in the committee's wording (three- or four-class)
    content: str


class ProposalHonourBrief(Schema):
    id: int
    kind: str
    reason: str
    supervisors: str


class ProposalAttachmentBrief(Schema):
    id: int
    name: str
    size: int


class ProposalFollowUpBrief(Schema):
    id: int
    unit_id: int
    commitment: str
    due_date: datetime.date
    status: str


class ProposalOut(ProposalSummary):
    content: str
    collective_kind: str
    collective_name: str
    drafters: list[PersonOut]
    honours: list[ProposalHonourBrief]
    attachments: list[ProposalAttachmentBrief]
    follow_ups: list[ProposalFollowUpBrief]
    replied_at: LocalDateTime | None
    cosigners: list[CosignerOut]
    review_note: str
    not_accept_reason: str
    merged_into: int | None
    converted_to: str
    due_date: datetime.date | None
    satisfaction: str
    units: list[UnitRoleOut]
    replies: list[ReplyBrief]
    timeline: list[ProposalEventOut]


class ProposalList(Schema):
    count: int
    items: list[ProposalSummary]


class SimilarOut(Schema):
    id: int
    title: str
    year: int
    number_label: str
    status: str
    score: float


class SimilarList(Schema):
    count: int
    items: list[SimilarOut]
