import datetime

from ninja import Field, Schema

from lvzhi.core.apikit import LocalDateTime


class AudienceIn(Schema):
    all: bool = False
    sectors: list[int] = []
    groups: list[int] = []
    special_committees: list[int] = []
    members: list[int] = []


class NoticeIn(Schema):
    title: str = Field(..., max_length=200)
    content: str = ""
    audience: AudienceIn
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
