import datetime

from ninja import Field, Schema

from lvzhi.core.apikit import LocalDateTime


class NoticesAudienceIn(Schema):
    all: bool = False
    sectors: list[int] = []
    groups: list[int] = []
    special_committees: list[int] = []
    members: list[int] = []


class NoticeCreateIn(Schema):
    title: str = Field(..., max_length=200)
    content: str = ""
    audience: NoticesAudienceIn
    kind: str = "notice"
    confidential: bool = False
    publish_at: datetime.datetime | None = None
    expires_at: datetime.datetime | None = None


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    content: str
    confidential: bool
    status: str
    publish_at: LocalDateTime | None
    expires_at: LocalDateTime | None


class MyNoticeOut(NoticeOut):
    read: bool


class ReceiptsOut(Schema):
    read: list[int]
    unread: list[int]


class CountOut(Schema):
    count: int


class ChoiceIn(Schema):
    text: str
    correct: bool = False


class QuestionIn(Schema):
    text: str
    choices: list[ChoiceIn]


class AssignmentIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = ""
    deadline: datetime.datetime
    audience: NoticesAudienceIn
    materials: list[int] = []
    makeup: bool = False
    makeup_for: str = ""
    pass_mark: int | None = None
    max_attempts: int = 3
    questions: list[QuestionIn] = []


class ChoiceOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    text: str
    choices: list[ChoiceOut]


class AssignmentOut(Schema):
    id: int
    title: str
    description: str
    deadline: LocalDateTime
    makeup: bool
    makeup_for: str
    pass_mark: int | None
    max_attempts: int
    status: str


class MyAssignmentOut(AssignmentOut):
    completed: bool
    questions: list[QuestionOut]


class AnswersIn(Schema):
    answers: dict[int, list[int]]


class AttemptOut(Schema):
    score: int
    passed: bool
    completed: bool


class ResultOut(Schema):
    member_id: int
    member_name: str
    read: bool
    attempts: int
    best_score: int | None
    passed: bool
    completed: bool


class StudyRateOut(Schema):
    name: str
    invited: int
    attended: int
    rate: float | None
    meets_sessions: bool
    meets_rate: bool


class ParticipationOut(Schema):
    year: int
    members: list[StudyRateOut]
    groups: list[StudyRateOut]


class TopicIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = ""
    materials: str = ""
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    audience: NoticesAudienceIn


class TopicOut(Schema):
    id: int
    title: str
    description: str
    materials: str
    opens_at: LocalDateTime
    closes_at: LocalDateTime
    status: str
    summary: str
    opinion_reference: str


class ContributionIn(Schema):
    body: str
    parent: int | None = None


class ContributionOut(Schema):
    id: int
    member_id: int
    member_name: str
    parent_id: int | None
    body: str
    created_at: LocalDateTime
    hidden: bool
    substantive: bool


class HideReasonIn(Schema):
    reason: str


class SummaryIn(Schema):
    summary: str
    opinion_reference: str = ""
