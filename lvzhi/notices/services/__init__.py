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

__all__ = [
    "NOTICE_FIELDS",
    "AudienceSpec",
    "add_notice_file",
    "create_notice",
    "mark_notice_read",
    "publish_notice",
    "remind_unread",
    "update_notice",
    "withdraw_notice",
]
