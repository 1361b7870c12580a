"""Roles (DOMAIN.md §1) and the named capabilities that views and API endpoints declare."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    MEMBER_AFFAIRS = "member_affairs", _("委员工作室（联络）")
    COMMITTEE_STAFF = "committee_staff", _("专委会工作人员")
    GROUP_CONVENOR = "group_convenor", _("召集人/联络员（界别组、联络组、联络站）")
    PROPOSAL_OFFICE = "proposal_office", _("提案委办公室")
    INFORMATION_OFFICE = "information_office", _("社情民意信息室")
    HANDLING_UNIT = "handling_unit", _("承办单位")
    LEADER = "leader", _("主席/副主席/秘书长")
    MEMBER = "member", _("委员")
    INFORMATION_OFFICER = "information_officer", _("社情民意信息员")


class Capability(StrEnum):
    VIEW_DIRECTORY = "view_directory"
    VIEW_MEMBERS = "view_members"
    VIEW_SENSITIVE = "view_sensitive"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_ORG = "manage_org"
    MANAGE_USERS = "manage_users"
    MANAGE_COMMITTEES = "manage_committees"  # create and edit the committees below one's own
    VIEW_AUDIT = "view_audit"
    MANAGE_ACTIVITIES = "manage_activities"
    APPROVE_LEAVE = "approve_leave"
    VIEW_STATS = "view_stats"
    PARTICIPATE = "participate"
    CONFIRM_DUTY = "confirm_duty"
    MANAGE_PROPOSALS = "manage_proposals"
    HANDLE_PROPOSALS = "handle_proposals"
    # Leaders supervise their key proposals (督办记录) and, with the proposal office, score excellent nominations.
    SUPERVISE_PROPOSALS = "supervise_proposals"
    MANAGE_OPINIONS = "manage_opinions"
    SUBMIT_OPINIONS = "submit_opinions"
    MANAGE_LETTERS = "manage_letters"  # sort, forward, close and publish mailbox letters
    ANSWER_LETTERS = "answer_letters"  # answer letters sorted to oneself (members) or on the office's behalf
    HANDLE_LETTERS = "handle_letters"  # a handling unit's reply to letters passed to it
    KEEP_CONTACTS = "keep_contacts"  # a member's standing contacts with the masses and their log
    MANAGE_VISITS = "manage_visits"  # 双联系 assignments, leaders' visits and talks, 大走访 campaigns
    SIGN_BULLETINS = "sign_bulletins"
    HANDLE_OPINIONS = "handle_opinions"
    MANAGE_NOTICES = "manage_notices"
    VIEW_ASSESSMENT = "view_assessment"  # scores, rankings and archives of the members in one's scope
    MANAGE_ASSESSMENT = "manage_assessment"  # schemes, the yearly cycle, disputes, letters
    APPROVE_ASSESSMENT = "approve_assessment"  # the leaders' meeting approves and publishes a year's results


C = Capability
STAFF_READ = {C.VIEW_DIRECTORY, C.VIEW_MEMBERS, C.VIEW_STATS}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMIN: frozenset(C)
    - {C.PARTICIPATE, C.HANDLE_PROPOSALS, C.SUBMIT_OPINIONS, C.HANDLE_LETTERS, C.KEEP_CONTACTS, C.HANDLE_OPINIONS},
    Role.MEMBER_AFFAIRS: frozenset(
        STAFF_READ
        | {C.VIEW_SENSITIVE, C.MANAGE_MEMBERS, C.MANAGE_ORG, C.VIEW_AUDIT, C.MANAGE_ACTIVITIES}
        | {C.APPROVE_LEAVE, C.CONFIRM_DUTY, C.MANAGE_LETTERS, C.ANSWER_LETTERS, C.MANAGE_VISITS}
        | {C.MANAGE_NOTICES, C.VIEW_ASSESSMENT, C.MANAGE_ASSESSMENT}
    ),
    Role.COMMITTEE_STAFF: frozenset(
        STAFF_READ | {C.MANAGE_ACTIVITIES, C.APPROVE_LEAVE, C.CONFIRM_DUTY, C.MANAGE_NOTICES, C.VIEW_ASSESSMENT}
    ),
    Role.GROUP_CONVENOR: frozenset(STAFF_READ | {C.MANAGE_ACTIVITIES, C.CONFIRM_DUTY, C.VIEW_ASSESSMENT}),
    Role.PROPOSAL_OFFICE: frozenset(STAFF_READ | {C.MANAGE_PROPOSALS, C.SUPERVISE_PROPOSALS, C.MANAGE_ACTIVITIES}),
    Role.INFORMATION_OFFICE: frozenset(STAFF_READ | {C.MANAGE_OPINIONS, C.MANAGE_ACTIVITIES}),
    Role.HANDLING_UNIT: frozenset({C.HANDLE_PROPOSALS, C.HANDLE_LETTERS, C.HANDLE_OPINIONS}),
    Role.LEADER: frozenset(
        STAFF_READ
        | {C.APPROVE_LEAVE, C.MANAGE_VISITS, C.SIGN_BULLETINS, C.VIEW_ASSESSMENT, C.APPROVE_ASSESSMENT}
        | {C.SUPERVISE_PROPOSALS}
    ),
    Role.MEMBER: frozenset({C.VIEW_DIRECTORY, C.PARTICIPATE, C.SUBMIT_OPINIONS, C.ANSWER_LETTERS, C.KEEP_CONTACTS}),
    Role.INFORMATION_OFFICER: frozenset({C.SUBMIT_OPINIONS}),
}

# Roles whose holders work in the office (staff console) rather than only the member portal.
STAFF_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.MEMBER_AFFAIRS,
        Role.COMMITTEE_STAFF,
        Role.GROUP_CONVENOR,
        Role.PROPOSAL_OFFICE,
        Role.INFORMATION_OFFICE,
        Role.LEADER,
    }
)


def capabilities_of(roles: set[str]) -> frozenset[Capability]:
    caps: set[Capability] = set()
    for role in roles:
        caps |= ROLE_CAPABILITIES.get(role, frozenset())
    return frozenset(caps)
