"""The demo's duty reports (述职): last year's reports of a dozen members, filed and reviewed, given at a 述职会
recorded afterwards; the demo member's own report for this year still a draft, pre-filled from their ledger.

Everything goes through the services the member and the office use, so the archive shows what they would see.
"""

import datetime

from django.utils import timezone

from lvzhi.activities import services as activity_services
from lvzhi.assessment.models import DutyReport
from lvzhi.assessment.services import reports as services
from lvzhi.core.models import Committee, User
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.demo.committees import DemoCommittee
from lvzhi.org.models import Member

REPORTERS = 12
PROBLEMS = "调研还不够深入，提案的针对性和可操作性有待提高；联系界别群众的次数偏少。"
SUGGESTIONS = "建议多组织小范围的专题协商和界别活动，为委员知情明政创造更多条件。"
OWN_WORK = "立足本职岗位，带领团队完成年度各项工作任务，所在单位获评先进集体。"
SOCIAL = "参加“送医下乡”公益活动3次，资助困难学生2名。"
TEXTS = {"problems": PROBLEMS, "suggestions": SUGGESTIONS, "own_work": OWN_WORK, "social_responsibility": SOCIAL}


def _meeting(committee: Committee, year: int, members: list[Member], actor: User):
    starts = timezone.make_aware(datetime.datetime(year, 12, 20, 14, 30))
    meeting = activity_services.create_activity(
        committee=committee,
        data={
            "title": f"{year}年度委员述职会",
            "kind": ActivityKind.DUTY_REPORT_MEETING,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2),
            "location": "政协机关三楼会议室",
            "recorded_afterwards": True,
        },
        audience=activity_services.Audience(member_ids=tuple(m.pk for m in members)),
        actor=actor,
    )
    return activity_services.publish_activity(meeting, actor=actor)


def seed_duty_reports(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> None:
    office = users[f"{spec.prefix}lianluo"]
    me = Member.objects.get(committee=committee, user=users[f"{spec.prefix}weiyuan"])
    this_year = timezone.localdate().year
    last_year = this_year - 1
    reporters = [me, *Member.objects.filter(committee=committee, user__isnull=False).exclude(pk=me.pk)[:REPORTERS]]
    reporters = [m for m in reporters if services.kinds_for(m, last_year)]
    meeting = _meeting(committee, last_year, reporters, office) if reporters else None
    for index, member in enumerate(reporters):
        report = services.start_report(member, year=last_year, kind=DutyReport.Kind.MEMBER_YEARLY, actor=member.user)
        texts = {
            "problems": PROBLEMS,
            "suggestions": SUGGESTIONS,
            "own_work": OWN_WORK,
            "social_responsibility": SOCIAL,
        }
        report = services.submit_report(report, actor=member.user, data=texts)
        report = services.review_report(report, actor=office, note="内容详实，同意。")
        services.link_meeting(report, actor=office, meeting=meeting, oral=index % 3 == 0)
    if services.kinds_for(me, this_year):
        services.start_report(me, year=this_year, kind=DutyReport.Kind.MEMBER_YEARLY, actor=me.user)
