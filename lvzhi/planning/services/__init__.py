"""Every write to the calendar and the annual work plan; import services from here."""

from lvzhi.planning.services.calendar import (
    Generated,
    ensure_calendar,
    ensure_rules,
    generate_planned_drafts,
    remove_holiday,
    reset_holidays,
    set_holiday,
    update_calendar_rule,
    update_warning_settings,
)
from lvzhi.planning.services.filing import approve_plan_item, return_plan_item
from lvzhi.planning.services.plans import (
    create_plan_item,
    delete_plan_item,
    link_activities,
    unlink_activity,
    update_plan_item,
)

__all__ = [
    "Generated",
    "approve_plan_item",
    "create_plan_item",
    "delete_plan_item",
    "ensure_calendar",
    "ensure_rules",
    "generate_planned_drafts",
    "link_activities",
    "remove_holiday",
    "reset_holidays",
    "return_plan_item",
    "set_holiday",
    "unlink_activity",
    "update_calendar_rule",
    "update_plan_item",
    "update_warning_settings",
]
