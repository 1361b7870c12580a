"""The demo's activities and the demo member's self-report, so that statistics, calendars and 我的活动
are not empty on first sight (DOMAIN.md §3).

Everything goes through the services staff and members use: past activities are recorded afterwards (补录)
and closed so the ledger is written; upcoming ones are published for sign-up or as invitations. Dates are
relative to today (Asia/Shanghai), so the demo always looks current.
"""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from lvzhi.activities import services as act
from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.activities.queries import may_decide_leave
from lvzhi.core.capabilities import Role
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.ledger.services import self_report_duty
from lvzhi.ledger.taxonomy import ActivityKind, DutyKind
from lvzhi.org.demo.committees import DemoCommittee
from lvzhi.org.models import GroupSeat, Member, Membership, SectorGroup, SpecialCommittee, SpecialCommitteeSeat

K = ActivityKind
Att = Registration.Attendance


ROSTER_MAX = 12
# A district committee holds about half as many activities as a city.
SMALL_COMMITTEE = 100


@dataclass(frozen=True)
class Past:
    kind: str
    title: str  # {p} is the place, e.g. 示范市
    location: str
    at: float  # how far through the year so far it was held (0 = New Year, 1 = today)
    roster: str  # standing | special | group | sample
    hours: tuple[int, int] = (9, 12)


PAST = (
    Past(K.CHAIR_MEETING, "{p}政协主席会议（年度协商计划）", "{p}政协常委会议室", 0.04, "standing"),
    Past(K.STUDY, "学习贯彻全国两会精神专题学习会", "{p}政协机关三楼会议室", 0.16, "standing", (14, 17)),
    Past(K.STANDING_MEETING, "{p}政协常委会议（优化营商环境专题）", "{p}政协常委会议室", 0.22, "standing"),
    Past(K.SECTOR_ACTIVITY, "界别活动：走进专精特新企业", "{p}高新区创新产业园", 0.27, "group", (14, 17)),
    Past(K.LECTURE, "政协大讲堂：人工智能与城市治理", "{p}政协委员之家报告厅", 0.33, "sample", (15, 17)),
    Past(K.INSPECTION, "视察城市更新和老旧小区改造工作", "{p}东城区老城片区", 0.39, "special"),
    Past(K.CONSULTATION, "“提升基层医疗服务能力”专题协商会", "{p}政协二楼协商厅", 0.45, "special"),
    Past(K.RESEARCH, "乡村全面振兴重点课题调研", "{p}青山镇、桃源村", 0.51, "special", (8, 17)),
    Past(K.ACTIVITY_DAY, "委员活动日：进社区听民声", "东湖街道委员联络站", 0.56, "sample", (9, 11)),
    Past(K.BIWEEKLY_CONSULTATION, "双周协商座谈会：养老服务体系建设", "{p}政协二楼协商厅", 0.62, "sample", (14, 17)),
    Past(K.STANDING_MEETING, "{p}政协常委会议（生态环境保护专题）", "{p}政协常委会议室", 0.68, "standing"),
    Past(K.SECTOR_ACTIVITY, "界别协商：民营企业融资难题", "民营经济委员工作室", 0.74, "group", (14, 17)),
    Past(K.STUDY, "委员履职能力提升培训班", "{p}委党校", 0.80, "sample", (9, 17)),
    Past(K.INSPECTION, "视察重点民生实事项目推进情况", "{p}南湖区", 0.87, "special"),
    Past(K.LECTURE, "政协大讲堂：数字经济新趋势", "{p}政协委员之家报告厅", 0.94, "sample", (15, 17)),
)


@dataclass(frozen=True)
class Upcoming:
    kind: str
    title: str
    location: str
    in_days: int
    mode: str
    capacity: int | None = None
    signed_up: int = 0  # how many members sign up before the demo opens
    hours: tuple[int, int] = (9, 12)


MENU = Activity.Mode.MENU
INVITE = Activity.Mode.INVITE
UPCOMING = (
    Upcoming(K.ACTIVITY_DAY, "委员活动日：走进敬老院", "{p}社会福利院", 4, MENU, 12, 15, (9, 11)),
    Upcoming(K.RESEARCH, "“一老一小”服务设施建设调研", "{p}西城区", 9, MENU, 10, 8, (8, 17)),
    Upcoming(K.LECTURE, "政协大讲堂：新质生产力", "{p}政协委员之家报告厅", 12, MENU, None, 6, (15, 17)),
    Upcoming(K.PUBLIC_SERVICE, "委员义诊进乡村", "青山镇卫生院", 16, MENU, 10, 3, (8, 12)),
    Upcoming(K.SALON, "委员企业家沙龙：稳外贸促发展", "民营经济委员工作室", 21, MENU, 30, 5, (14, 17)),
    Upcoming(K.CONSULTATION, "“优化营商环境”对口协商会", "{p}政协二楼协商厅", 6, INVITE, hours=(9, 12)),
    Upcoming(K.STANDING_MEETING, "{p}政协常委会议（年度工作总结）", "{p}政协常委会议室", 25, INVITE),
)

LEAVE_KINDS = (
    (LeaveRequest.Kind.OFFICIAL, "因公出差"),
    (LeaveRequest.Kind.SICK, "身体不适"),
    (LeaveRequest.Kind.HIGHER_MEETING, "参加上级会议"),
    (LeaveRequest.Kind.ABROAD, "因公出国"),
)


class DemoActivities:
    """Seeds one demo committee; `users` are its demo accounts by username."""

    def __init__(self, spec: DemoCommittee, committee: Committee, users: dict[str, User], today: datetime.date):
        self.spec = spec
        self.committee = committee
        self.rng = random.Random(spec.seed + 1)
        self.today = today
        self.staff = users[f"{spec.prefix}lianluo"]
        self.users = users
        self.me_user = users[f"{spec.prefix}weiyuan"]
        self.me = Member.objects.get(user=self.me_user)
        self.my_count = 0  # past activities the demo member's attendance was marked for
        serving = [m for m in Membership.objects.filter(committee=committee).select_related("member") if m.is_serving]
        self.members = [m.member for m in serving]
        self.standing = [m.member for m in serving if m.is_standing_member]
        self.past = PAST if len(serving) > SMALL_COMMITTEE else PAST[::2]
        self.special = SpecialCommittee.objects.get(committee=committee, name=spec.staff_committee)
        self.group = SectorGroup.objects.get(committee=committee, name=spec.convenor_group)
        serving_ids = {m.pk for m in serving}
        self.special_members = self._seated(SpecialCommitteeSeat, special_committee=self.special, ids=serving_ids)
        self.group_members = self._seated(GroupSeat, group=self.group, ids=serving_ids)

    @staticmethod
    def _seated(model: type, *, ids: set[int], **body: object) -> list[Member]:
        seats = model.objects.filter(membership_id__in=ids, **body).select_related("membership__member")
        return [s.membership.member for s in seats]

    def build(self) -> None:
        for past in self.past:
            self._hold(past)
        for upcoming in UPCOMING:
            self._announce(upcoming)
        self._self_report()
        self._saved_audiences()
        self._invited_from_above()

    # --- reach (issue 13) --------------------------------------------------------------------------------

    def _saved_audiences(self) -> None:
        """The 常用范围 an office keeps: 女委员专项视察, 新任委员培训, 召集人和联络员会议."""
        for name, audience in (
            ("全体女委员", act.Audience(all=True, gender="female")),
            ("本届新任委员", act.Audience(all=True, new_only=True)),
            ("界别召集人和联络员", act.Audience(all=True, positions=("convenor", "deputy_convenor", "liaison"))),
        ):
            act.save_audience(committee=self.committee, name=name, audience=audience, actor=self.staff)

    def _invited_from_above(self) -> None:
        """A district's members invited to its city's training (跨层级邀请), seen in the district's 我的活动."""
        parent = self.committee.parent
        office = RoleAssignment.objects.filter(committee=parent, role=Role.MEMBER_AFFAIRS).first() if parent else None
        if office is None:
            return
        when = self._when(self.today + datetime.timedelta(days=10), (9, 17))
        activity = act.create_activity(
            committee=parent,
            data={
                "title": f"{parent.name}委员履职能力培训（含区县委员）",
                "kind": K.STUDY,
                "mode": INVITE,
                "location": f"{parent.name}机关报告厅",
                "organiser_name": f"{parent.name}委员联络室",
                **when,
            },
            audience=act.Audience(committee_ids=(self.committee.pk,)),
            actor=office.user,
        )
        act.publish_activity(activity, actor=office.user)

    # --- when --------------------------------------------------------------------------------------------

    def _past_day(self, at: float) -> datetime.date:
        """A day `at` of the way through the year so far; early in January the year so far is too short, so
        the last four months stand in for it."""
        new_year = datetime.date(self.today.year, 1, 1)
        span = (self.today - new_year).days
        start = new_year if span >= 30 else self.today - datetime.timedelta(days=120)
        span = (self.today - start).days - 1
        return start + datetime.timedelta(days=round(at * span))

    @staticmethod
    def _at(day: datetime.date, hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30 if hour == 14 else 0)))

    def _when(self, day: datetime.date, hours: tuple[int, int]) -> dict[str, datetime.datetime]:
        # A day that falls on a weekend moves to the Monday after, or the Friday before when that is past today.
        weekend = day.weekday() - 4
        if weekend > 0:
            later = day + datetime.timedelta(days=3 - weekend)
            day = later if later < self.today or day > self.today else day - datetime.timedelta(days=weekend)
        return {"starts_at": self._at(day, hours[0]), "ends_at": self._at(day, hours[1])}

    # --- past activities ---------------------------------------------------------------------------------

    def _roster(self, kind: str) -> list[Member]:
        rng = self.rng
        if kind == "standing":
            pool = self.standing
        elif kind == "special":
            pool = self.special_members
        elif kind == "group":
            pool = self.group_members
        else:
            pool = self.members
        # Rosters stay small: each place is marked through the attendance service, which keeps load_demo fast.
        pool = rng.sample(pool, min(len(pool), rng.randint(7, ROSTER_MAX)))
        # The demo member (not a standing member) takes part in all else, so 我的活动 and the ledger have rows.
        if kind != "standing" and self.me not in pool:
            pool = [*pool, self.me]
        return list(pool)

    def _organiser(self, roster: str) -> dict[str, object]:
        if roster == "special":
            return {"organiser_special_committee": self.special}
        if roster == "group":
            return {"organiser_group": self.group}
        return {"organiser_name": f"{self.spec.place}政协办公室"}

    def _attendance(self, member: Member) -> tuple[str, str]:
        if member == self.me:
            # The demo member: present at most, one late arrival (their second), one approved leave (their fourth).
            self.my_count += 1
            marks = {2: (Att.LATE, "交通拥堵"), 4: (Att.EXCUSED, "因公出差（已请假）")}
            return marks.get(self.my_count, (Att.PRESENT, ""))
        roll = self.rng.random()
        if roll < 0.06:
            _kind, reason = self.rng.choice(LEAVE_KINDS)
            return Att.EXCUSED, f"{reason}（已请假）"
        if roll < 0.10:
            return Att.LATE, ""
        if roll < 0.13:
            return Att.ABSENT, ""
        return Att.PRESENT, ""

    def _hold(self, past: Past) -> Activity:
        """补录: an invite-mode record of who was there, each member's attendance marked, then closed."""
        roster = self._roster(past.roster)
        activity = act.create_activity(
            committee=self.committee,
            data={
                "title": past.title.format(p=self.spec.place),
                "kind": past.kind,
                "mode": INVITE,
                "location": past.location.format(p=self.spec.place),
                "recorded_afterwards": True,
                **self._organiser(past.roster),
                **self._when(self._past_day(past.at), past.hours),
            },
            audience=act.Audience(member_ids=tuple(m.pk for m in roster)),
            actor=self.staff,
        )
        act.publish_activity(activity, actor=self.staff)
        for registration in Registration.objects.filter(activity=activity).select_related("activity", "member"):
            attendance, note = self._attendance(registration.member)
            act.set_attendance(registration, attendance=attendance, note=note, actor=self.staff)
        return act.close_activity(activity, actor=self.staff)

    # --- upcoming activities -----------------------------------------------------------------------------

    def _announce(self, upcoming: Upcoming) -> Activity:
        starts = self.today + datetime.timedelta(days=upcoming.in_days)
        invite = upcoming.mode == INVITE
        if invite:
            audience = act.Audience(
                member_ids=tuple(m.pk for m in {*self.special_members, self.me}),
            )
            organiser: dict[str, object] = {"organiser_special_committee": self.special}
        else:
            audience = act.Audience(all=True)
            organiser = {"organiser_name": f"{self.spec.place}政协委员联络室"}
        when = self._when(starts, upcoming.hours)
        activity = act.create_activity(
            committee=self.committee,
            data={
                "title": upcoming.title.format(p=self.spec.place),
                "kind": upcoming.kind,
                "mode": upcoming.mode,
                "location": upcoming.location.format(p=self.spec.place),
                "capacity": upcoming.capacity,
                "registration_closes_at": when["starts_at"] - datetime.timedelta(days=1),
                **organiser,
                **when,
            },
            audience=audience,
            actor=self.staff,
        )
        act.publish_activity(activity, actor=self.staff)
        if invite:
            self._ask_leave(activity, upcoming)
        else:
            self._sign_up(activity, upcoming)
        return activity

    def _sign_up(self, activity: Activity, upcoming: Upcoming) -> None:
        others = [m for m in self.members if m != self.me]
        for member in self.rng.sample(others, min(len(others), upcoming.signed_up)):
            act.register_for_activity(activity, member=member, actor=self.staff)
        if upcoming is UPCOMING[2]:
            act.register_for_activity(activity, member=self.me, actor=self.me_user)

    def _ask_leave(self, activity: Activity, upcoming: Upcoming) -> None:
        """The demo member stays invited to the first meeting (to confirm), and asks leave from the second,
        which the approver grants: both show in their inbox."""
        if upcoming is not UPCOMING[-1]:
            return
        leave = act.request_leave(
            activity, member=self.me, kind=LeaveRequest.Kind.OFFICIAL, reason="同期赴省里参加培训", actor=self.me_user
        )
        approver = next(u for u in self.users.values() if may_decide_leave(u, leave))
        act.approve_leave(leave, actor=approver, note="同意，请会后阅读会议材料")

    # --- the member's own report ----------------------------------------------------------------------------------

    def _self_report(self) -> None:
        self_report_duty(
            member=self.me,
            kind=DutyKind.PUBLIC_SERVICE,
            title="参加社区助老志愿服务",
            event_date=self.today - datetime.timedelta(days=5),
            evidence="在东湖街道为独居老人义务开展健康咨询，服务群众20余人次",
            actor=self.me_user,
        )


def seed_activities(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> None:
    DemoActivities(spec, committee, users, timezone.localdate()).build()
