"""Which status may go to which, and who may move it: one table per workflow."""

from enum import StrEnum

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.workflow import Move
from lvzhi.notices.models import Essay, Notice, Story, StudyAssignment, Topic

N = Notice.Status


class NoticeAction(StrEnum):
    UPDATE = "update"
    ATTACH = "attach"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    REMIND = "remind"
    READ = "read"


NA = NoticeAction

NOTICE_MOVES: dict[str, Move] = {
    NA.UPDATE: Move(frozenset({N.DRAFT, N.WITHDRAWN}), None, C.MANAGE_NOTICES),
    NA.ATTACH: Move(frozenset({N.DRAFT, N.WITHDRAWN, N.PUBLISHED}), None, C.MANAGE_NOTICES),
    # A withdrawn notice is corrected and published again to the same (re-computed) audience.
    NA.PUBLISH: Move(frozenset({N.DRAFT, N.WITHDRAWN}), N.PUBLISHED, C.MANAGE_NOTICES),
    NA.WITHDRAW: Move(frozenset({N.PUBLISHED}), N.WITHDRAWN, C.MANAGE_NOTICES),
    NA.REMIND: Move(frozenset({N.PUBLISHED}), None, C.MANAGE_NOTICES),
    NA.READ: Move(frozenset({N.PUBLISHED}), None, C.PARTICIPATE),
}


S = StudyAssignment.Status


class StudyAction(StrEnum):
    UPDATE = "update"
    PUBLISH = "publish"
    CLOSE = "close"
    READ = "read"
    ANSWER = "answer"


SA = StudyAction

STUDY_MOVES: dict[str, Move] = {
    SA.UPDATE: Move(frozenset({S.DRAFT}), None, C.MANAGE_NOTICES),
    SA.PUBLISH: Move(frozenset({S.DRAFT}), S.PUBLISHED, C.MANAGE_NOTICES),
    SA.CLOSE: Move(frozenset({S.PUBLISHED}), S.CLOSED, C.MANAGE_NOTICES),
    SA.READ: Move(frozenset({S.PUBLISHED}), None, C.PARTICIPATE),
    SA.ANSWER: Move(frozenset({S.PUBLISHED}), None, C.PARTICIPATE),
}


T = Topic.Status


class TopicAction(StrEnum):
    UPDATE = "update"
    ATTACH = "attach"
    PUBLISH = "publish"
    CLOSE = "close"
    CONTRIBUTE = "contribute"
    MODERATE = "moderate"
    MARK = "mark"
    SUMMARISE = "summarise"


TA = TopicAction

TOPIC_MOVES: dict[str, Move] = {
    TA.UPDATE: Move(frozenset({T.DRAFT}), None, C.MANAGE_NOTICES),
    # Materials may still be added while the discussion runs; a closed topic's record stays as it was.
    TA.ATTACH: Move(frozenset({T.DRAFT, T.PUBLISHED}), None, C.MANAGE_NOTICES),
    TA.PUBLISH: Move(frozenset({T.DRAFT}), T.PUBLISHED, C.MANAGE_NOTICES),
    TA.CLOSE: Move(frozenset({T.PUBLISHED}), T.CLOSED, C.MANAGE_NOTICES),
    TA.CONTRIBUTE: Move(frozenset({T.PUBLISHED}), None, C.PARTICIPATE),
    TA.MODERATE: Move(frozenset({T.PUBLISHED, T.CLOSED}), None, C.MANAGE_NOTICES),
    # Substantive contributions are judged once the discussion has closed.
    TA.MARK: Move(frozenset({T.CLOSED}), None, C.MANAGE_NOTICES),
    TA.SUMMARISE: Move(frozenset({T.CLOSED}), None, C.MANAGE_NOTICES),
}


ST = Story.Status


class StoryAction(StrEnum):
    ASK_CONSENT = "ask_consent"
    CONSENT = "consent"
    DECLINE = "decline"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"


STORY_MOVES: dict[str, Move] = {
    StoryAction.ASK_CONSENT: Move(frozenset({ST.DRAFT, ST.DECLINED}), ST.AWAITING_CONSENT, C.MANAGE_NOTICES),
    StoryAction.CONSENT: Move(frozenset({ST.AWAITING_CONSENT}), ST.CONSENTED, C.PARTICIPATE),
    StoryAction.DECLINE: Move(frozenset({ST.AWAITING_CONSENT, ST.CONSENTED, ST.PUBLISHED}), ST.DECLINED, C.PARTICIPATE),
    StoryAction.PUBLISH: Move(frozenset({ST.CONSENTED}), ST.PUBLISHED, C.MANAGE_NOTICES),
    StoryAction.UNPUBLISH: Move(frozenset({ST.PUBLISHED}), ST.CONSENTED, C.MANAGE_NOTICES),
}

E = Essay.Status


class EssayAction(StrEnum):
    SELECT = "select"
    REJECT = "reject"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"


ESSAY_MOVES: dict[str, Move] = {
    EssayAction.SELECT: Move(frozenset({E.SUBMITTED, E.NOT_SELECTED}), E.SELECTED, C.MANAGE_NOTICES),
    EssayAction.REJECT: Move(frozenset({E.SUBMITTED, E.SELECTED}), E.NOT_SELECTED, C.MANAGE_NOTICES),
    EssayAction.PUBLISH: Move(frozenset({E.SELECTED}), E.PUBLISHED, C.MANAGE_NOTICES),
    EssayAction.UNPUBLISH: Move(frozenset({E.PUBLISHED}), E.SELECTED, C.MANAGE_NOTICES),
}
