"""Input and output schemas of the 社情民意 API."""

import datetime
from typing import Literal

from ninja import Field, Schema

from lvzhi.core.apiinput import Id
from lvzhi.core.apikit import LocalDateTime
from lvzhi.opinions.models import Adoption, Bulletin, Category, Instruction, LeaderLevel, Level, Opinion, OpinionEvent

# Choices as inline Literals, not named enums: the OpenAPI schema names an enum after its class, and other apps
# have enums called Level, Mode or Category too (one name, two meanings, breaks clients built from the schema).
CategoryCode = Literal[tuple(Category.values)]
LevelCode = Literal[tuple(Level.values)]
LeaderLevelCode = Literal[tuple(LeaderLevel.values)]
ModeCode = Literal[tuple(Adoption.Mode.values)]
BodyCode = Literal[tuple(Adoption.Body.values)]
StatusCode = Literal[tuple(Opinion.Status.values)]


class OpinionIn(Schema):
    title: str = Field(..., max_length=120)
    content: str
    category: CategoryCode = Category.OTHER.value
    unit_name: str = Field("", max_length=100)


class OpinionReceivedIn(OpinionIn):
    source: Literal["member", "special_committee", "party", "lower_committee", "public", "office"]
    unit_name: str = Field("", max_length=100)
    member_id: Id | None = None


class OpinionPatch(Schema):
    title: str | None = Field(None, max_length=120)
    content: str | None = None
    category: CategoryCode | None = None
    note: str = Field("", max_length=200)


class OpinionReasonIn(Schema):
    reason: str = Field(..., max_length=300)


class OpinionMergeIn(Schema):
    ids: list[Id] = Field(..., min_length=2)
    title: str = Field(..., max_length=120)
    content: str
    category: CategoryCode = Category.OTHER.value


class OpinionForwardIn(Schema):
    unit_id: Id
    note: str = Field("", max_length=300)
    due_on: datetime.date | None = None


class OpinionAdoptIn(Schema):
    level: LevelCode
    mode: ModeCode = Adoption.Mode.SINGLE.value
    body: BodyCode = Adoption.Body.CPPCC.value
    issue: str = Field("", max_length=100)
    adopted_on: datetime.date | None = None
    note: str = Field("", max_length=300)


class OpinionInstructionIn(Schema):
    leader_level: LeaderLevelCode
    date: datetime.date
    summary: str
    leader: str = Field("", max_length=60)


class OpinionAnswerIn(Schema):
    answer: str


class OpinionBulletinIn(Schema):
    opinion_ids: list[Id] = Field(..., min_length=1)
    title: str = Field("", max_length=60)
    editor_note: str = ""


class OpinionBulletinPatch(Schema):
    add: list[int] = []
    remove: list[int] = []
    title: str | None = Field(None, max_length=60)
    editor_note: str | None = None


class OpinionBulletinActionIn(Schema):
    reason: str = Field("", max_length=300)


class OpinionRow(Schema):
    """A report as lists give it: read as values with its labels (core.apikit.trusted)."""

    id: int
    title: str
    category: str
    source: str
    source_label: str
    author_name: str
    unit_name: str
    station_id: int | None
    status: str
    status_label: str
    submitted_at: LocalDateTime
    year: int
    bulletin_id: int | None
    merged_into_id: int | None


class OpinionOut(OpinionRow):
    """A report after a move: the same fields, read from the instance."""

    @staticmethod
    def resolve_status_label(obj: Opinion) -> str:
        # The member's own label: get_status_display() hashes every choice's lazy label on each of 50 rows.
        return str(Opinion.Status(obj.status).label)

    @staticmethod
    def resolve_source_label(obj: Opinion) -> str:
        return str(Opinion.Source(obj.source).label)


class OpinionList(Schema):
    count: int
    items: list[OpinionRow]


class OpinionRevisionOut(Schema):
    number: int
    title: str
    content: str
    by_author: bool
    note: str
    at: LocalDateTime


class OpinionEventOut(Schema):
    at: LocalDateTime
    actor: str | None
    action: str
    from_status: str
    to_status: str
    note: str

    @staticmethod
    def resolve_actor(obj: OpinionEvent) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class OpinionAdoptionOut(Schema):
    id: int
    level: str
    body: str
    mode: str
    issue: str
    bulletin_id: int | None
    adopted_on: datetime.date
    status: str


class OpinionInstructionOut(Schema):
    id: int
    leader_level: str
    leader: str
    date: datetime.date = Field(..., alias="instructed_on")
    summary: str
    has_scan: bool
    status: str

    @staticmethod
    def resolve_has_scan(obj: Instruction) -> bool:
        return bool(obj.scan)


class OpinionReferralOut(Schema):
    id: int
    opinion_id: int
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    status: str
    note: str
    due_on: datetime.date | None
    answer: str
    answered_at: LocalDateTime | None


class OpinionReferralDetail(OpinionReferralOut):
    title: str = Field(..., alias="opinion.title")
    content: str = Field(..., alias="opinion.content")


class OpinionReferralList(Schema):
    count: int
    items: list[OpinionReferralOut]


class OpinionAttachmentOut(Schema):
    id: int
    name: str
    size: int
    kind: str


class OpinionDetail(OpinionOut):
    content: str
    reason: str
    revisions: list[OpinionRevisionOut]
    attachments: list[OpinionAttachmentOut]
    timeline: list[OpinionEventOut]
    adoptions: list[OpinionAdoptionOut]
    instructions: list[OpinionInstructionOut]
    referrals: list[OpinionReferralOut]

    @staticmethod
    def resolve_timeline(obj: Opinion) -> list[OpinionEvent]:
        return list(obj.events.select_related("actor"))

    @staticmethod
    def resolve_referrals(obj: Opinion) -> list:
        return list(obj.referrals.select_related("unit"))


class OpinionBulletinOut(Schema):
    id: int
    year: int
    number: int | None
    title: str
    status: str
    status_label: str
    editor_note: str
    issued_on: datetime.date | None
    opinion_ids: list[int]

    @staticmethod
    def resolve_status_label(obj: Bulletin) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_opinion_ids(obj: Bulletin) -> list[int]:
        return list(obj.opinions.order_by("pk").values_list("pk", flat=True))


class OpinionBulletinList(Schema):
    count: int
    items: list[OpinionBulletinOut]


class OpinionCountRow(Schema):
    name: str
    count: int


class OpinionRankRow(Schema):
    rank: int
    kind: str
    name: str
    station: str
    received: int
    adopted: int
    instructed: int


class OpinionStatsOut(Schema):
    year: int
    received: int
    edited: int
    merged: int
    declined: int
    issues: int
    adopted_by_level: list[OpinionCountRow]
    instructions_by_level: list[OpinionCountRow]
    by_source: list[OpinionCountRow]
    by_unit: list[OpinionCountRow]
    by_station: list[OpinionCountRow]
    ranking: list[OpinionRankRow]
