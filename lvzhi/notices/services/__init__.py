"""State changes of the notices app, one module per use case; import the functions from here."""

from lvzhi.notices.services.audience import AudienceSpec
from lvzhi.notices.services.notices import (
    NOTICE_FIELDS,
    add_notice_file,
    create_notice,
    mark_notice_read,
    publish_notice,
    remind_unread,
    update_notice,
    withdraw_notice,
)
from lvzhi.notices.services.study import (
    ASSIGNMENT_FIELDS,
    MATERIAL_FIELDS,
    QuestionSpec,
    add_question,
    answer_quiz,
    close_assignment,
    create_assignment,
    create_material,
    mark_studied,
    publish_assignment,
    update_assignment,
)

__all__ = [
    "ASSIGNMENT_FIELDS",
    "MATERIAL_FIELDS",
    "NOTICE_FIELDS",
    "AudienceSpec",
    "QuestionSpec",
    "add_notice_file",
    "add_question",
    "answer_quiz",
    "close_assignment",
    "create_assignment",
    "create_material",
    "create_notice",
    "mark_notice_read",
    "mark_studied",
    "publish_assignment",
    "publish_notice",
    "remind_unread",
    "update_assignment",
    "update_notice",
    "withdraw_notice",
]
