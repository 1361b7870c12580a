"""Input and output schemas of the 社情民意 API."""

import datetime
from typing import Literal

from ninja import Field, Schema

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


class ReceivedIn(OpinionIn):
    source: Literal["member", "special_committee", "party", "lower_committee", "public", "office"]
    unit_name: str = Field("", max_length=100)
    member_id: int | None = None


class OpinionPatch(Schema):
    title: str | None = Field(None, max_length=120)
    content: str | None = None
    category: CategoryCode | None = None
    note: str = Field("", max_length=200)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=300)


class MergeIn(Schema):
    ids: list[int] = Field(..., min_length=2)
    title: str = Field(..., max_length=120)
    content: str
    category: CategoryCode = Category.OTHER.value


class ForwardIn(Schema):
    unit_id: int
    note: str = Field("", max_length=300)
    due_on: datetime.date | None = None


class AdoptIn(Schema):
    level: LevelCode
    mode: ModeCode = Adoption.Mode.SINGLE.value
    body: BodyCode = Adoption.Body.CPPCC.value
    issue: str = Field("", max_length=100)
    adopted_on: datetime.date | None = None
    note: str = Field("", max_length=300)


class InstructionIn(Schema):
    leader_level: LeaderLevelCode
    date: datetime.date
    summary: str
    leader: str = Field("", max_length=60)


class AnswerIn(Schema):
    answer: str


class BulletinIn(Schema):
    opinion_ids: list[int] = Field(..., min_length=1)
    title: str = Field("", max_length=60)
    editor_note: str = ""


class BulletinPatch(Schema):
    add: list[int] = []
    remove: list[int] = []
    title: str | None = Field(None, max_length=60)
    editor_note: str | None = None


class BulletinActionIn(Schema):
    reason: str = Field("", max_length=300)


class OpinionOut(Schema):
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

    @staticmethod
    def resolve_status_label(obj: Opinion) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_source_label(obj: Opinion) -> str:
        return obj.get_source_display()


class OpinionList(Schema):
    count: int
    items: list[OpinionOut]


class RevisionOut(Schema):
    number: int
    title: str
    content: str
    by_author: bool
    note: str
    at: LocalDateTime


class EventOut(Schema):
    at: LocalDateTime
    actor: str | None
    action: str
    from_status: str
    to_status: str
    note: str

    @staticmethod
    def resolve_actor(obj: OpinionEvent) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class AdoptionOut(Schema):
    id: int
    level: str
    body: str
    mode: str
    issue: str
    bulletin_id: int | None
    adopted_on: datetime.date
    status: str


class InstructionOut(Schema):
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


class ReferralOut(Schema):
    id: int
    opinion_id: int
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    status: str
    note: str
    due_on: datetime.date | None
    answer: str
    answered_at: LocalDateTime | None


class ReferralDetail(ReferralOut):
    title: str = Field(..., alias="opinion.title")
    content: str = Field(..., alias="opinion.content")


class ReferralList(Schema):
    count: int
    items: list[ReferralOut]


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    kind: str


class OpinionDetail(OpinionOut):
    content: str
    reason: str
    revisions: list[RevisionOut]
    attachments: list[AttachmentOut]
    timeline: list[EventOut]
    adoptions: list[AdoptionOut]
    instructions: list[InstructionOut]
    referrals: list[ReferralOut]

    @staticmethod
    def resolve_timeline(obj: Opinion) -> list[OpinionEvent]:
        return list(obj.events.select_related("actor"))

    @staticmethod
    def resolve_referrals(obj: Opinion) -> list:
        return list(obj.referrals.select_related("unit"))


class BulletinOut(Schema):
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


class BulletinList(Schema):
    count: int
    items: list[BulletinOut]


class CountRow(Schema):
    name: str
    count: int


class RankRow(Schema):
    rank: int
    kind: str
    name: str
    station: str
    received: int
    adopted: int
    instructed: int


class StatsOut(Schema):
    year: int
    received: int
    edited: int
    merged: int
    declined: int
    issues: int
    adopted_by_level: list[CountRow]
    instructions_by_level: list[CountRow]
    by_source: list[CountRow]
    by_unit: list[CountRow]
    by_station: list[CountRow]
    ranking: list[RankRow]
