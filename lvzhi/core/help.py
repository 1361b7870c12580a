"""The user guide (docs/user-guide.md) served as the help page, and which of its sections explains each screen.

A heading written `## 标题 {#anchor}` gets that id, so a screen's help link lands on its section.
"""

import re
from fnmatch import fnmatchcase
from functools import cache

from django.conf import settings
from markdown_it import MarkdownIt

GUIDE = settings.BASE_DIR / "docs" / "user-guide.md"
ANCHOR = re.compile(r"\s*\{#([a-z0-9-]+)\}\s*$")

# First match wins: (url name pattern, staff section, member section).
SECTIONS: list[tuple[str, str, str]] = [
    ("home", "staff-home", "member-home"),
    ("portal:staff_home", "staff-home", "staff-home"),
    ("portal:member_home", "member-home", "member-home"),
    ("org:directory*", "directory", "member-directory"),
    ("org:my_*", "my-profile", "my-profile"),
    ("org:import*", "member-import", "member-import"),
    ("org:member_print", "member-record", "member-record"),
    ("org:member_*", "member-record", "member-record"),
    ("org:position_*", "member-record", "member-record"),
    ("accounts:*", "users", "users"),
    ("org:*", "organisation", "organisation"),
    ("activities:leave_queue", "leave-decide", "leave-decide"),
    ("activities:import*", "activity-import", "activity-import"),
    ("activities:manage_scan", "checkin-staff", "checkin-staff"),
    ("activities:manage_venue*", "checkin-staff", "checkin-staff"),
    ("activities:manage_*", "manage-activities", "manage-activities"),
    ("activities:checkin", "member-checkin", "member-checkin"),
    ("activities:my_code", "member-checkin", "member-checkin"),
    ("activities:calendar", "member-activities", "member-activities"),
    ("activities:*", "member-activities", "member-activities"),
    ("planning:my_plan", "my-plan", "my-plan"),
    ("planning:*", "planning", "planning"),
    ("ledger:review", "duty-review", "duty-review"),
    ("ledger:member", "duty-review", "duty-review"),
    ("ledger:*", "my-ledger", "my-ledger"),
    ("inbox*", "inbox", "inbox"),
    ("search", "search", "search"),
    ("help", "general", "general"),
    ("dashboard:*", "stats", "stats"),
    ("assessment_cycle:me", "assessment-check", "assessment-check"),
    ("assessment_cycle:*_line", "assessment-check", "assessment-check"),
    ("assessment_cycle:confirm_all", "assessment-check", "assessment-check"),
    ("assessment_cycle:*", "assessment-cycle", "assessment-cycle"),
]


def section_for(view_name: str | None, *, staff: bool) -> str:
    for pattern, staff_section, member_section in SECTIONS:
        if view_name and fnmatchcase(view_name, pattern):
            return staff_section if staff else member_section
    return "general"


def _anchors(md: MarkdownIt) -> None:
    """Core rule: move a trailing `{#id}` of a heading into the heading's id attribute."""

    def rule(state) -> None:
        tokens = state.tokens
        for i, token in enumerate(tokens):
            if token.type != "heading_open":
                continue
            inline = tokens[i + 1]
            match = ANCHOR.search(inline.content)
            if match:
                token.attrSet("id", match[1])
                inline.content = inline.content[: match.start()]
                if inline.children:
                    last = inline.children[-1]
                    last.content = ANCHOR.sub("", last.content)

    md.core.ruler.push("heading_anchors", rule)


@cache
def guide_html() -> str:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    _anchors(md)
    return md.render(GUIDE.read_text(encoding="utf-8"))


def guide_anchors() -> set[str]:
    return set(re.findall(r'<h[1-6] id="([a-z0-9-]+)"', guide_html()))
