"""The one taxonomy of duty (履职) shared by every feature: activity kinds and ledger kinds and roles.

Codes are a public contract (API.md): add new ones freely, never rename one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    """Meeting and activity kinds (DOMAIN.md §3.1, API.md "Activity kind codes")."""

    PLENARY = "plenary", _("全体会议")
    STANDING_MEETING = "standing_meeting", _("常委会议")
    CHAIR_MEETING = "chair_meeting", _("主席会议")
    CONSULTATION = "consultation", _("专题协商会")
    BIWEEKLY_CONSULTATION = "biweekly_consultation", _("双周协商座谈会")
    COUNTERPART_CONSULTATION = "counterpart_consultation", _("对口协商会")
    SECTOR_CONSULTATION = "sector_consultation", _("界别协商会")
    PROPOSAL_CONSULTATION = "proposal_consultation", _("提案办理协商会")
    BRIEFING = "briefing", _("情况通报会")
    COMMITTEE_MEETING = "committee_meeting", _("专委会会议")
    SECTOR_ACTIVITY = "sector_activity", _("界别活动")
    STUDY = "study", _("学习")
    LECTURE = "lecture", _("政协大讲堂")
    ACTIVITY_DAY = "activity_day", _("委员活动日")
    INSPECTION = "inspection", _("视察")
    RESEARCH = "research", _("调研")
    STUDY_TOUR = "study_tour", _("考察")
    SUPERVISION = "supervision", _("民主监督")
    TRAINING = "training", _("学习培训")
    SALON = "salon", _("委员企业家沙龙")
    ONLINE_DELIBERATION = "online_deliberation", _("网络议政/远程协商")
    PUBLIC_SERVICE = "public_service", _("公益服务")
    STATION_DUTY = "station_duty", _("工作室值班接待")
    DUTY_REPORT_MEETING = "duty_report_meeting", _("述职会")


# A ledger row for attending an activity carries the activity's own kind code, so the ledger
# kinds are the activity kinds plus what other features record. Built from ActivityKind so the
# two can never drift apart.
DutyKind = models.TextChoices(
    "DutyKind",
    [
        *((kind.name, (kind.value, kind.label)) for kind in ActivityKind),
        ("PROPOSAL", ("proposal", _("提案"))),
        ("KEY_PROPOSAL", ("key_proposal", _("重点提案"))),
        ("EXCELLENT_PROPOSAL", ("excellent_proposal", _("优秀提案"))),
        ("PROPOSAL_SATISFIED", ("proposal_satisfied", _("提案办复满意"))),
        ("OPINION", ("opinion", _("社情民意"))),
        ("SPEECH", ("speech", _("大会发言"))),
        ("REPORT", ("report", _("调研视察报告"))),
        ("CONTACT", ("contact", _("联系界别群众"))),
        ("MAILBOX", ("mailbox", _("委员信箱答复"))),
        ("MEDIA", ("media", _("宣传报道/理论文章"))),
        ("CULTURAL_HISTORY", ("cultural_history", _("文史资料"))),
        ("DUTY_REPORT", ("duty_report", _("履职报告"))),
        ("AWARD", ("award", _("表彰奖励"))),
        ("PENALTY", ("penalty", _("扣分事项"))),
    ],
)

# What a member may report themself (the office cannot see it); it counts once staff confirm it.
SELF_REPORTABLE_KINDS = frozenset(
    {
        DutyKind.PUBLIC_SERVICE,
        DutyKind.CONTACT,
        DutyKind.MEDIA,
        DutyKind.CULTURAL_HISTORY,
        DutyKind.SPEECH,
        DutyKind.REPORT,
        DutyKind.AWARD,
    }
)


class DutyRole(models.TextChoices):
    """The member's part in the event (DOMAIN.md §2.5)."""

    PRESENT = "present", _("出席")
    LATE = "late", _("迟到")
    LEFT_EARLY = "left_early", _("早退")
    EXCUSED = "excused", _("请假")
    ABSENT = "absent", _("缺席")
    FIRST_PROPOSER = "first_proposer", _("第一提案人")
    COSIGNER = "cosigner", _("联名")
    LEAD_AUTHOR = "lead_author", _("主笔")
    PARTICIPANT = "participant", _("参与")
    SPEAKER = "speaker", _("发言")
    WRITTEN = "written", _("书面发言")
    SUBMITTER = "submitter", _("报送人")
    RECIPIENT = "recipient", _("获得者")
    SUBJECT = "subject", _("当事人")
    ADOPTED_OWN = "adopted_own", _("本级采用")
    ADOPTED_CITY = "adopted_city", _("市级采用")
    ADOPTED_PROVINCE = "adopted_province", _("省级采用")
    ADOPTED_NATIONAL = "adopted_national", _("全国采用")
    INSTRUCTED_CITY = "instructed_city", _("市级领导批示")
    INSTRUCTED_PROVINCE = "instructed_province", _("省级领导批示")
    INSTRUCTED_NATIONAL = "instructed_national", _("国家领导批示")
    AWARD_NATIONAL = "award_national", _("国家级表彰")
    AWARD_PROVINCIAL = "award_provincial", _("省级表彰")
    AWARD_PREFECTURE = "award_prefecture", _("市级表彰")
    AWARD_COUNTY = "award_county", _("县级表彰")
