import datetime

from ninja import Schema

from lvzhi.core.apiinput import Id, Int
from lvzhi.core.apikit import LocalDateTime


class ChallengeOut(Schema):
    mailbox: str
    is_open: bool
    challenge: str
    bits: int


class SubmittedOut(Schema):
    token: str
    url: str
    status: str
    first_response_due: datetime.date
    final_due: datetime.date


class PrivateLetterOut(Schema):
    title: str
    kind: str
    content: str
    status: str
    status_label: str
    submitted_at: LocalDateTime
    first_response_due: datetime.date
    final_due: datetime.date
    answer: str
    answered_at: LocalDateTime | None
    close_note: str
    rating: int | None
    rating_comment: str


class RatingIn(Schema):
    rating: Int(1, 5)
    comment: str = ""


class LetterOut(Schema):
    id: int
    mailbox: str
    kind: str
    title: str
    content: str
    writer_name: str
    phone: str
    is_public: bool
    status: str
    submitted_at: LocalDateTime
    assignee_id: int | None
    handling_unit_id: int | None
    first_response_due: datetime.date
    final_due: datetime.date
    first_responded_at: LocalDateTime | None
    unit_reply: str
    answer: str
    answered_at: LocalDateTime | None
    rating: int | None
    lead_kind: str
    lead_source_type: str
    lead_source_id: int | None
    escalated_at: LocalDateTime | None


class LetterList(Schema):
    count: int
    results: list[LetterOut]


class AnswerIn(Schema):
    answer: str


class NoteIn(Schema):
    note: str = ""


class AssignIn(Schema):
    member_id: Id
    note: str = ""


class ForwardIn(Schema):
    unit_id: Id
    note: str = ""


class UnitReplyIn(Schema):
    reply: str


class LeadIn(Schema):
    kind: str
    note: str = ""
    source_type: str = ""
    source_id: Id | None = None
