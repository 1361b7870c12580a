"""State changes of the liaison app, each in a transaction, each writing the timeline."""

from lvzhi.liaison.services.letters import (
    acknowledge_letter,
    answer_letter,
    archive_letter,
    assign_letter,
    close_letter,
    forward_letter,
    mailbox_for,
    mark_lead,
    publish_letter,
    rate_letter,
    send_letter_reminders,
    submit_letter,
    unit_reply,
)

__all__ = [
    "acknowledge_letter",
    "answer_letter",
    "archive_letter",
    "assign_letter",
    "close_letter",
    "forward_letter",
    "mailbox_for",
    "mark_lead",
    "publish_letter",
    "rate_letter",
    "send_letter_reminders",
    "submit_letter",
    "unit_reply",
]
