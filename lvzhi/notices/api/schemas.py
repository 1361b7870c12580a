import datetime
from typing import Literal

from ninja import Field, Schema

from lvzhi.core.apiinput import Body, Id, Moment, Name, Text
from lvzhi.core.apikit import LocalDateTime
from lvzhi.notices.models import Essay, EssayCall, Story, StudyMaterial


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
    # Empty while a timed notice (定时发布) waits for its time: its audience has not been told yet.
    announced_at: LocalDateTime | None


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


# 委员风采 and 征文. Choices as inline Literals: other apps have enums called Status too.
StoryStatusCode = Literal[tuple(Story.Status.values)]
EssayStatusCode = Literal[tuple(Essay.Status.values)]
EssayCallStatusCode = Literal[tuple(EssayCall.Status.values)]


class ShowcaseStoryIn(Body):
    member_id: Id
    title: Name(200)
    body: Text(20000, min_length=1)
    public: bool = False


class ShowcaseStoryOut(Schema):
    id: int
    member_id: int
    member_name: str
    title: str
    body: str
    public: bool
    status: StoryStatusCode
    consented_at: LocalDateTime | None
    published_at: LocalDateTime | None


class EssayCallIn(Body):
    title: Name(200)
    description: Text(5000) = ""
    deadline: Moment


class EssayCallOut(Schema):
    id: int
    title: str
    description: str
    deadline: LocalDateTime
    status: EssayCallStatusCode
    open: bool


class EssayIn(Body):
    title: Name(200)
    body: Text(50000, min_length=1)


class EssayOut(Schema):
    id: int
    call_id: int
    member_id: int
    member_name: str
    title: str
    body: str
    status: EssayStatusCode
    published_in: str
    created_at: LocalDateTime


class EssayDecisionIn(Body):
    action: Literal["select", "reject", "publish", "unpublish"]
    published_in: Text(200) = ""


# 学习资料 (the library) and its edits.
MaterialKindCode = Literal[tuple(StudyMaterial.Kind.values)]


class StudyMaterialIn(Body):
    topic: Name(60)
    kind: MaterialKindCode = StudyMaterial.Kind.DOCUMENT.value
    title: Name(200)
    body: Text(50000) = ""
    url: Text(200) = ""


class StudyMaterialPatch(Body):
    """Only the fields sent change; each edit is kept in the material's history."""

    topic: Name(60) | None = None
    kind: MaterialKindCode | None = None
    title: Name(200) | None = None
    body: Text(50000) | None = None
    url: Text(200) | None = None


class StudyMaterialOut(Schema):
    id: int
    topic: str
    kind: MaterialKindCode
    title: str
    body: str
    url: str
    has_file: bool
    created_at: LocalDateTime
    updated_at: LocalDateTime


class MaterialChangeOut(Schema):
    field: str
    old: str | int | bool | None
    new: str | int | bool | None


class MaterialEventOut(Schema):
    at: LocalDateTime
    action: str
    actor: str
    changes: list[MaterialChangeOut]


class TopicFileOut(Schema):
    id: int
    title: str
    created_at: LocalDateTime
