"""Every write to the organisation and the member registry: one function per use case, in a transaction."""

import datetime
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from pypinyin import Style, lazy_pinyin

from lvzhi.core.audit import log_event
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError, NotFound
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.core.uploads import PHOTO, accept
from lvzhi.org.models import (
    GroupSeat,
    HandlingUnit,
    Member,
    Membership,
    MembershipStatus,
    Position,
    Sector,
    SectorGroup,
    SpecialCommittee,
    SpecialCommitteeSeat,
    StatusChange,
    Term,
)
from lvzhi.org.presets import SECTOR_PRESETS
from lvzhi.org.transitions import ACTION_TO, MEMBERSHIP

TERM_YEARS = 5


def pinyin_of(name: str) -> tuple[str, str]:
    """Full pinyin and initials, lower case without tones, for directory search."""
    syllables = lazy_pinyin(name, errors="ignore")
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(syllables).lower(), "".join(initials).lower()


@transaction.atomic
def create_committee(
    *,
    code: str,
    name: str,
    level: str,
    parent: Committee | None,
    sector_preset: str = "city23",
    term_number: int = 1,
    term_start_year: int | None = None,
    actor: User | None,
) -> Committee:
    if sector_preset not in SECTOR_PRESETS:
        raise DomainError("committee.bad_preset", _("未知的界别预设：%(p)s") % {"p": sector_preset})
    if Committee.objects.filter(code=code).exists():
        raise Conflict("committee.code_taken", _("政协代码已存在"), fields={"code": [_("代码已被使用")]})
    committee = Committee.objects.create(code=code, name=name, level=level, parent=parent)
    start = term_start_year or timezone.localdate().year
    with scope(committee=committee):
        term = Term.objects.create(
            committee=committee, number=term_number, start_year=start, end_year=start + TERM_YEARS - 1
        )
        Sector.objects.bulk_create(
            Sector(committee=committee, term=term, code=f"S{i:02d}", name=n, order=i)
            for i, n in enumerate(SECTOR_PRESETS[sector_preset], start=1)
        )
        log_event("committee.created", committee, actor=actor, committee=committee, data={"preset": sector_preset})
    return committee


def current_term(committee: Committee) -> Term:
    with scopes_disabled():
        term = Term.objects.filter(committee=committee, is_current=True).order_by("-number").first()
    if term is None:
        raise NotFound("term.none", _("尚未设置本届"))
    return term


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    display_name: str,
    committee: Committee,
    roles: list[str],
    mobile: str | None = None,
    handling_unit_id: int | None = None,
    actor: User | None,
) -> User:
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise DomainError(
            "user.bad_role", _("未知角色：%(r)s") % {"r": "、".join(unknown)}, fields={"roles": [_("未知角色")]}
        )
    unit = None
    if handling_unit_id is not None:
        unit = HandlingUnit.objects.filter(committee=committee, pk=handling_unit_id).first()
        if unit is None or Role.HANDLING_UNIT not in roles:
            message = _("承办单位不存在，或未授予承办单位角色")
            raise DomainError("user.bad_handling_unit", message, fields={"handling_unit_id": [message]})
    elif Role.HANDLING_UNIT in roles:
        message = _("承办单位账号须指定所属承办单位")
        raise DomainError("user.bad_handling_unit", message, fields={"handling_unit_id": [message]})
    if User.objects.filter(username=username).exists():
        raise Conflict("user.username_taken", _("用户名已存在"), fields={"username": [_("用户名已存在")]})
    if mobile and User.objects.filter(mobile=mobile).exists():
        raise Conflict("user.mobile_taken", _("手机号已被其他账号使用"), fields={"mobile": [_("手机号已被使用")]})
    user = User(username=username, display_name=display_name, home_committee=committee, mobile=mobile or None)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("user.weak_password", "；".join(exc.messages), fields={"password": exc.messages}) from None
    user.set_password(password)
    user.save()
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, committee=committee, role=r, handling_unit=unit if r == Role.HANDLING_UNIT else None)
        for r in roles
    )
    with scope(committee=committee):
        log_event("user.created", user, actor=actor, committee=committee, data={"roles": roles})
    return user


MEMBER_FIELDS = [
    f.name
    for f in Member._meta.get_fields()
    if f.concrete
    and f.name not in {"id", "committee", "user", "created_at", "updated_at", "name_pinyin", "name_initials"}
]
MEMBERSHIP_FIELDS = [
    "number",
    "sector",
    "is_standing_member",
    "recommending_unit",
    "appointment",
    "joined_on",
    "regional_group",
    "regional_group_role",
    "station",
    "concurrent_posts",
]
SENSITIVE_FIELDS = {"id_number"}


def _display(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


@transaction.atomic
def create_member(
    *,
    committee: Committee,
    term: Term | None = None,
    member_data: dict[str, Any],
    membership_data: dict[str, Any],
    actor: User | None,
    username: str | None = None,
    password: str | None = None,
) -> Member:
    term = term or current_term(committee)
    member = Member(committee=committee, **member_data)
    member.name_pinyin, member.name_initials = pinyin_of(member.name)
    member.full_clean(exclude=["committee", "user"])
    if username:
        member.user = create_user(
            username=username,
            password=password or "",
            display_name=member.name,
            committee=committee,
            roles=[Role.MEMBER],
            mobile=member.mobile or None,
            actor=actor,
        )
    member.save()
    membership_data = {"joined_on": datetime.date(term.start_year, 1, 1), **membership_data}
    membership = Membership(committee=committee, member=member, term=term, **membership_data)
    if membership.joined_on > datetime.date(term.start_year, 3, 31):
        membership.status = MembershipStatus.ADDED  # joined after the term's first plenary: 增补
        membership.status_effective_on = membership.joined_on
    try:
        membership.save()
    except IntegrityError:
        raise Conflict("member.number_taken", _("委员编号已存在"), fields={"number": [_("委员编号已存在")]}) from None
    StatusChange.objects.create(
        committee=committee,
        membership=membership,
        from_status="",
        to_status=membership.status,
        effective_on=membership.joined_on,
        actor=actor if actor and actor.is_authenticated else None,
    )
    log_event("member.created", member, actor=actor, committee=committee, data={"term": term.number})
    return member


def _diff(obj: Any, changes: dict[str, Any]) -> dict[str, list[Any]]:
    diff = {}
    for field, value in changes.items():
        old = getattr(obj, field)
        if old != value:
            if field in SENSITIVE_FIELDS:
                diff[field] = ["***", "***"]
            else:
                diff[field] = [_display(old), _display(value)]
            setattr(obj, field, value)
    return diff


@transaction.atomic
def update_member(
    member: Member,
    *,
    member_data: dict[str, Any],
    membership_data: dict[str, Any] | None = None,
    actor: User | None,
) -> Member:
    """Change a member's record; the history keeps who changed which field from what to what."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    unknown = set(member_data) - set(MEMBER_FIELDS)
    if unknown:
        raise DomainError("member.bad_field", _("不可修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    diff = _diff(member, member_data)
    if "name" in diff:
        member.name_pinyin, member.name_initials = pinyin_of(member.name)
    if diff:
        member.full_clean(exclude=["committee", "user"])
        member.save()
        if "mobile" in diff and member.user_id:
            _sync_login_mobile(member)
    if membership_data:
        membership = current_membership(member)
        if membership is None:
            raise NotFound("membership.none", _("该委员在本届无任职记录"))
        bad = set(membership_data) - set(MEMBERSHIP_FIELDS)
        if bad:
            raise DomainError("member.bad_field", _("不可修改的字段：%(f)s") % {"f": "、".join(sorted(bad))})
        membership_diff = _diff(membership, membership_data)
        if membership_diff:
            try:
                with transaction.atomic():
                    membership.save()
            except IntegrityError:
                raise Conflict(
                    "member.number_taken", _("委员编号已存在"), fields={"number": [_("委员编号已存在")]}
                ) from None
            diff.update({f"membership.{k}": v for k, v in membership_diff.items()})
    if diff:
        log_event("member.updated", member, actor=actor, committee=member.committee, data={"changes": diff})
    return member


def _sync_login_mobile(member: Member) -> None:
    """Members log in by mobile number too, so the login follows the record unless another account holds it."""
    mobile = member.mobile or None
    if mobile and User.objects.filter(mobile=mobile).exclude(pk=member.user_id).exists():
        raise Conflict("user.mobile_taken", _("手机号已被其他账号使用"), fields={"mobile": [_("手机号已被使用")]})
    User.objects.filter(pk=member.user_id).update(mobile=mobile)


def current_membership(member: Member) -> Membership | None:
    return (
        Membership.objects.filter(member=member, term__is_current=True)
        .select_related("term", "sector")
        .order_by("-term__number")
        .first()
    )


# Which lifecycle moves are allowed (DOMAIN.md §3.9): serving members may leave in four ways;
# a departed member can be brought back only by correcting the record to 在任 (with a note).
# Leaving by resignation, removal or revocation takes a standing-committee decision (DOMAIN.md §3.9), so the
# meeting or document must be on record.
DECISION_REQUIRED_STATUSES = frozenset({MembershipStatus.RESIGNED, MembershipStatus.REMOVED, MembershipStatus.REVOKED})


@transaction.atomic
def change_member_status(
    membership: Membership,
    *,
    to_status: str,
    effective_on: datetime.date,
    decided_by: str = "",
    note: str = "",
    actor: User | None,
) -> Membership:
    membership = Membership.objects.select_for_update(of=("self",)).select_related("member").get(pk=membership.pk)
    action = ACTION_TO.get(to_status)
    if action is None or not MEMBERSHIP.moves[action].allows(membership.status):
        raise Conflict(
            "member.bad_status_change",
            _("不能从“%(a)s”变更为“%(b)s”")
            % {
                "a": membership.get_status_display(),
                "b": MembershipStatus(to_status).label if to_status in MembershipStatus.values else to_status,
            },
        )
    if to_status == MembershipStatus.ACTIVE and not note:
        raise DomainError("member.note_required", _("恢复在任须填写说明"), fields={"note": [_("请填写说明")]})
    if to_status in DECISION_REQUIRED_STATUSES and not decided_by.strip():
        raise DomainError(
            "member.decision_required",
            _("辞去、免去、撤销资格须填写决定会议或文件"),
            fields={"decided_by": [_("请填写决定会议或文件")]},
        )
    membership.status_effective_on = effective_on
    membership.status_decided_by = decided_by
    MEMBERSHIP.transition(
        membership,
        action,
        actor=actor,
        note=note,
        data={"effective_on": effective_on.isoformat(), "decided_by": decided_by},
        fields=["status_effective_on", "status_decided_by"],
        locked=True,
        code="member.bad_status_change",
    )
    return membership


@transaction.atomic
def set_member_seats(
    membership: Membership,
    *,
    special_committees: Iterable[SpecialCommittee],
    groups: Iterable[SectorGroup],
    special_committee_roles: Mapping[int, str] | None = None,
    group_roles: Mapping[int, str] | None = None,
    actor: User | None,
) -> Membership:
    """Seat a member in exactly these special committees and sector groups.

    `*_roles` map a body's id to the seat's role (主任, 召集人 ...); a seat not named there keeps its role,
    and a new one starts as a plain member.
    """
    membership = Membership.objects.select_for_update(of=("self",)).select_related("member").get(pk=membership.pk)
    groups = list(groups)
    if any(g.term_id != membership.term_id for g in groups):
        raise DomainError(
            "member.group_other_term", _("界别活动组不属于该委员的届次"), fields={"groups": [_("请选择本届的活动组")]}
        )
    data = {}
    for key, seat_model, target, wanted, roles in (
        (
            "special_committees",
            SpecialCommitteeSeat,
            "special_committee",
            list(special_committees),
            special_committee_roles or {},
        ),
        ("groups", GroupSeat, "group", groups, group_roles or {}),
    ):
        bad = {r for r in roles.values() if r not in seat_model.Role.values}
        if bad:
            raise DomainError(
                "member.bad_seat_role",
                _("未知的职务：%(r)s") % {"r": "、".join(sorted(bad))},
                fields={key: [_("职务取值无效")]},
            )
        seats = seat_model.objects.filter(membership=membership).select_related(target)
        held = {getattr(seat, f"{target}_id"): seat for seat in seats}
        wanted_by_id = {obj.pk: obj for obj in wanted}
        gone = [held[pk] for pk in held.keys() - wanted_by_id.keys()]
        new = [wanted_by_id[pk] for pk in wanted_by_id.keys() - held.keys()]
        if gone:
            seat_model.objects.filter(pk__in=[seat.pk for seat in gone]).delete()
        seat_model.objects.bulk_create(
            seat_model(
                committee=membership.committee,
                membership=membership,
                role=roles.get(obj.pk, seat_model.Role.MEMBER),
                **{target: obj},
            )
            for obj in new
        )
        recast = [
            f"{obj}：{seat_model.Role(roles[obj.pk]).label}"
            for obj in new
            if roles.get(obj.pk, seat_model.Role.MEMBER) != seat_model.Role.MEMBER
        ]
        for pk, seat in held.items():
            role = roles.get(pk, seat.role)
            if pk in wanted_by_id and role != seat.role:
                recast.append(f"{getattr(seat, target)}：{seat.get_role_display()} → {seat_model.Role(role).label}")
                seat.role = role
                seat.save(update_fields=["role"])
        if gone or new or recast:
            data[key] = {
                "added": sorted(str(obj) for obj in new),
                "removed": sorted(str(getattr(seat, target)) for seat in gone),
                "roles": sorted(recast),
            }
    if data:
        log_event("member.seats_changed", membership.member, actor=actor, committee=membership.committee, data=data)
    return membership


def _position_data(position: Position) -> dict[str, Any]:
    return {
        "position": position.pk,
        "title": position.title,
        "term": position.membership.term.number,
        "started_on": position.started_on.isoformat(),
        "ended_on": position.ended_on.isoformat() if position.ended_on else None,
        "decided_by": position.decided_by,
        "note": position.note,
    }


@transaction.atomic
def add_position(
    membership: Membership,
    *,
    title: str,
    started_on: datetime.date,
    decided_by: str = "",
    note: str = "",
    actor: User | None,
) -> Position:
    """Appoint a member to a position (职务) in the membership's term, dated and with the deciding meeting."""
    # Locking the membership makes two staff adding the same position at once wait for each other.
    membership = (
        Membership.objects.select_for_update(of=("self",)).select_related("member", "term").get(pk=membership.pk)
    )
    if title not in Position.Title.values:
        raise DomainError("position.bad_title", _("未知的职务"), fields={"title": [_("请选择职务")]})
    if Position.objects.filter(membership=membership, title=title, ended_on__isnull=True).exists():
        label = Position.Title(title).label
        raise Conflict(
            "position.duplicate",
            _("该委员已担任“%(t)s”且尚未免职，不能重复任命") % {"t": label},
            fields={"title": [_("已有未免职的同一职务")]},
        )
    position = Position(
        committee=membership.committee,
        membership=membership,
        title=title,
        started_on=started_on,
        decided_by=decided_by.strip(),
        note=note.strip(),
    )
    try:
        position.full_clean(exclude=["committee", "membership"])
    except ValidationError as exc:
        fields = {name: [str(m) for m in problems] for name, problems in exc.message_dict.items()}
        raise DomainError("position.invalid", "；".join(exc.messages), fields=fields) from None
    position.save()
    log_event(
        "member.position_added",
        membership.member,
        actor=actor,
        committee=membership.committee,
        data=_position_data(position),
    )
    return position


@transaction.atomic
def end_position(position: Position, *, ended_on: datetime.date, decided_by: str = "", actor: User | None) -> Position:
    """Remove a member from a position (免职) from a date on; the row stays as the record of the tenure."""
    position = (
        Position.objects.select_for_update(of=("self",))
        .select_related("membership__member", "membership__term")
        .get(pk=position.pk)
    )
    if position.ended_on is not None:
        raise Conflict(
            "position.already_ended",
            _("该职务已于%(d)s免职") % {"d": position.ended_on.isoformat()},
        )
    if ended_on < position.started_on:
        raise DomainError(
            "position.end_before_start",
            _("免职日期不能早于任职日期（%(d)s）") % {"d": position.started_on.isoformat()},
            fields={"ended_on": [_("免职日期不能早于任职日期")]},
        )
    decided_by = decided_by.strip()
    if len(decided_by) > 100:
        raise DomainError(
            "position.invalid", _("决定会议/文件不能超过100字"), fields={"decided_by": [_("不能超过100字")]}
        )
    position.ended_on = ended_on
    # The appointment's deciding meeting stays on the row; the removal's goes into the audit trail.
    position.save(update_fields=["ended_on"])
    membership = position.membership
    log_event(
        "member.position_ended",
        membership.member,
        actor=actor,
        committee=membership.committee,
        data={**_position_data(position), "ended_by": decided_by},
    )
    return position


@transaction.atomic
def set_member_photo(member: Member, *, photo: UploadedFile | None, actor: User | None) -> Member:
    """Store a member's photo (checked by the upload kit's PHOTO policy) or, with None, remove it."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    old = member.photo.name if member.photo else ""
    if photo is None:
        if not old:
            return member
        member.photo = ""
        member.save(update_fields=["photo", "updated_at"])
        data: dict[str, Any] = {"removed": True}
    else:
        kind = accept(photo, PHOTO, field="photo")
        # A random name: the original file name may carry personal data, and names must not be guessable.
        member.photo.save(f"{uuid.uuid4().hex}.{kind}", photo, save=False)
        member.save(update_fields=["photo", "updated_at"])
        data = {"type": kind, "bytes": photo.size}
    if old:
        storage = member.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    log_event("member.photo_changed", member, actor=actor, committee=member.committee, data=data)
    return member
