"""Fresh objects of the world's committee for the route and API sweeps (one per call, so deletions don't leak)."""

import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lvzhi.activities import services as activity_services
from lvzhi.activities.models import Activity, ActivityFile, SavedAudience
from lvzhi.assessment.models import DutyReport
from lvzhi.assessment.services import groups as group_assessment
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.core.notify import notify
from lvzhi.ledger.services import self_report_duty
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.liaison import services as liaison_services
from lvzhi.liaison.services import contacts as liaison_contacts
from lvzhi.liaison.services import visits as liaison_visits
from lvzhi.liaison.tests import factories as liaison_factories
from lvzhi.notices import services as notice_services
from lvzhi.notices.tests.factories import make_assignment, make_notice, make_topic
from lvzhi.opinions import services as opinion_services
from lvzhi.opinions.models import Attachment, InformationOfficer
from lvzhi.opinions.tests import factories as opinion_factories
from lvzhi.org.models import Session, StandardsChecklist, StationDuty
from lvzhi.org.services import stations as station_services
from lvzhi.org.services import structure as structure_services
from lvzhi.org.services.members import add_position, create_committee, set_member_photo
from lvzhi.testing import PDF, World, make_activity, make_member, picture, today

_seq = itertools.count(1)


def session(world: World) -> Session:
    return structure_services.create_session(term=world.term, year=world.term.start_year, actor=None)


def regional_group(world: World):
    return structure_services.create_regional_group(term=world.term, name=f"联络组{next(_seq)}", actor=None)


def checklist(world: World) -> StandardsChecklist:
    return station_services.create_checklist(
        committee=world.committee, name=f"八有{next(_seq)}", items=["有阵地", "有人员"], actor=None
    )


def station_duty(world: World) -> StationDuty:
    member = make_member(world, f"值班委员{next(_seq)}")
    return station_services.add_station_duty(world.station, weekday=2, member=member, actor=None)


def leader_role(world: World) -> RoleAssignment:
    """An extra role of the leader's, recreated when a previous sweep request removed it."""
    role, _ = RoleAssignment.objects.get_or_create(
        user=world.users[Role.LEADER], committee=world.committee, role=Role.INFORMATION_OFFICER
    )
    return role


def child_committee(world: World):
    """A district committee below the world's, with its first term."""
    n = next(_seq)
    return create_committee(
        code=f"{world.committee.code}-d{n}", name=f"示范区{n}政协", level="county", parent=world.committee, actor=None
    )


def published_activity(world: World) -> Activity:
    activity = make_activity(world)
    activity_services.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    return activity


def activity_file(world: World) -> ActivityFile:
    """Minutes attached to an activity of the world's (written directly: the service wants a held activity)."""
    activity = published_activity(world)
    return ActivityFile.objects.create(
        committee=world.committee, activity=activity, title="纪要", file=SimpleUploadedFile("纪要.pdf", PDF)
    )


def saved_audience(world: World) -> SavedAudience:
    """A saved audience (常用范围) of the world's committee."""
    return SavedAudience.objects.create(committee=world.committee, name="全体委员", definition={"all": True})


def leave_request(world: World):
    activity = published_activity(world)
    member = world.member
    return activity_services.request_leave(activity, member=member, kind="personal", reason="事假", actor=member.user)


def self_report(world: World):
    return self_report_duty(
        member=world.member,
        kind=DutyKind.PUBLIC_SERVICE,
        title="社区义诊",
        event_date=today(),
        evidence="义诊",
        actor=world.member.user,
    )


def notification(world: World):
    return notify(
        committee=world.committee, recipients=[world.member.user], kind="test.sweep", title="通知", email=False
    )[0]


def position(world: World):
    """An open position of a fresh member (one open position per title and member)."""
    member = make_member(world, f"职务委员{next(_seq)}")
    return add_position(member.memberships.get(), title="liaison", started_on=today(), actor=None)


def member_with_photo(world: World):
    jpeg = SimpleUploadedFile("photo.jpg", picture("JPEG"), content_type="image/jpeg")
    return set_member_photo(world.member, photo=jpeg, actor=None)


def position_path_args(world: World) -> dict[str, int]:
    held = position(world)
    return {"member_id": held.membership.member_id, "position_id": held.pk}


def member_letter(world: World):
    """A mailbox letter sorted to the world's member."""
    return liaison_factories.member_letter(world)


def station_letter(world: World):
    """A letter to the world's station, waiting for the office."""
    return liaison_factories.station_letter(world)


def forwarded_letter(world: World):
    """A letter passed to a handling unit, with the world's handling-unit user tied to that unit."""
    return liaison_factories.forwarded_letter(world)


def mailbox(owner):
    return liaison_services.mailbox_for(owner)


def standing_contact(world: World):
    """One of the world's member's standing contacts."""
    return liaison_contacts.add_contact(world.member, name="张三", occupation="教师", actor=world.member.user)


def contact_log(world: World):
    """A logged contact of the world's member."""
    return liaison_contacts.log_contact(
        world.member,
        contact=standing_contact(world),
        date=today(),
        mode="phone",
        topics="课后服务",
        actor=world.member.user,
    )


def visit(world: World):
    """A leader's talk with the world's member, with a request still to act on."""
    leader = make_member(world, f"领导{next(_seq)}")
    return liaison_visits.record_visit(
        world.committee,
        visitor=leader,
        visited=world.member,
        date=today(),
        form="talk",
        topics="谈心",
        requests="希望参加调研",
        actor=None,
    )


def link(world: World):
    leader = make_member(world, f"领导{next(_seq)}")
    return liaison_visits.assign_link(
        world.committee,
        year=today().year,
        kind="leader_member",
        leader=leader,
        member=world.member,
        target=2,
        actor=None,
    )


def campaign_issue(world: World):
    """A 大走访 campaign with one household and one open issue."""
    campaign = liaison_visits.create_campaign(
        world.committee, title="大走访", starts_on=today(), ends_on=today(), actor=None
    )
    household = liaison_visits.add_household(
        campaign, date=today(), name="张家", visitors="本委", issues=["路灯"], actor=None
    )
    return household.issues.get()


def directory_export(world: World):
    """A finished directory export asked for by member affairs."""
    from django.core.files.base import ContentFile

    from lvzhi.org.models import DirectoryExport

    job = DirectoryExport.objects.create(
        committee=world.committee, requested_by=world.users[Role.MEMBER_AFFAIRS], status="done", filename="名单.xlsx"
    )
    job.file.save("directory.xlsx", ContentFile(b"PK"), save=True)
    return job


def member_import(world: World):
    """A finished member import started by member affairs."""
    from lvzhi.org.models import MemberImport

    return MemberImport.objects.create(
        committee=world.committee,
        requested_by=world.users[Role.MEMBER_AFFAIRS],
        status="done",
        filename="名单.xlsx",
        total=2,
        done=2,
        created=2,
    )


def proposal_draft(world: World):
    """A draft of the world's member with an invited co-signer (the member-side routes)."""
    from lvzhi.proposals import services as proposal_services

    member = world.member
    draft = proposal_services.create_draft(
        member=member,
        data={"title": "关于加装电梯的建议", "content": "建议简化审批", "category": "society"},
        actor=member.user,
    )
    other = make_member(world, f"联名委员{next(_seq)}", user=True)
    proposal_services.invite_cosigners(draft, members=[other], actor=member.user)
    return draft


def proposal_submitted(world: World):
    from lvzhi.proposals import services as proposal_services

    draft = proposal_draft(world)
    return proposal_services.submit_proposal(draft, actor=world.member.user)


def proposal_invitation(world: World):
    """Another member's draft inviting the world's member to co-sign."""
    from lvzhi.proposals import services as proposal_services

    author = make_member(world, f"提案委员{next(_seq)}", user=True)
    draft = proposal_services.create_draft(member=author, data={"title": "关于夜间经济的建议"}, actor=author.user)
    proposal_services.invite_cosigners(draft, members=[world.member], actor=author.user)
    return draft


def proposal_assigned(world: World):
    """An accepted proposal assigned to a handling unit that the world's handling-unit user works for, with a reply
    waiting for the office's review."""
    from lvzhi.core.models import RoleAssignment
    from lvzhi.org.models import HandlingUnit
    from lvzhi.proposals import services as proposal_services
    from lvzhi.proposals.services import handling

    office = world.users[Role.PROPOSAL_OFFICE]
    unit, _ = HandlingUnit.objects.get_or_create(committee=world.committee, name="市住建局")
    RoleAssignment.objects.filter(user=world.users[Role.HANDLING_UNIT], role=Role.HANDLING_UNIT).update(
        handling_unit=unit
    )
    item = proposal_services.accept(proposal_submitted(world), actor=office)
    handling.assign(item, units=[(unit, "lead")], due_date=None, actor=office)
    handling.draft_reply(
        item.assignments.get(),
        grade="A",
        content="已解决",
        contact_mode="phone",
        contacted_on=today(),
        unit_ids=frozenset({unit.pk}),
        actor=world.users[Role.HANDLING_UNIT],
    )
    return item


def proposal_attachment(world: World, proposal=None):
    """A file attached to a proposal (the world member's draft unless another proposal is given)."""
    from lvzhi.proposals.models import Attachment as ProposalAttachment

    proposal = proposal or proposal_draft(world)
    row = ProposalAttachment(committee=world.committee, proposal=proposal, name="调研报告.pdf", size=len(PDF))
    row.file.save("调研报告.pdf", SimpleUploadedFile("调研报告.pdf", PDF), save=False)
    row.save()
    return row


def proposal_honour(world: World):
    """A key-proposal mark on an assigned proposal."""
    from lvzhi.proposals.services import honours

    return honours.mark(
        proposal_assigned(world), kind="key", reason="主席会议确定", actor=world.users[Role.PROPOSAL_OFFICE]
    )


def proposal_key(world: World):
    """A key proposal decided by the leaders' meeting, supervised by the world's leader, with one supervision record
    carrying a file."""
    from lvzhi.proposals.services import honours

    office = world.users[Role.PROPOSAL_OFFICE]
    honour = proposal_honour(world)
    honours.decide_key(
        world.committee,
        year=honour.proposal.year,
        meeting="主席会议",
        held_on=today(),
        approved=[honour.pk],
        declined=[],
        actor=office,
    )
    honours.set_supervisors(honour, user_ids=[world.users[Role.LEADER].pk], names=[], actor=office)
    honours.add_record(
        honour,
        kind="survey",
        held_on=today(),
        place="市住建局",
        participants="王副主席",
        summary="调研",
        upload=SimpleUploadedFile("纪要.pdf", PDF),
        actor=office,
    )
    return honour


def proposal_nomination(world: World):
    """An excellent-proposal nomination waiting for scores."""
    from lvzhi.proposals.services import honours

    return honours.mark(
        proposal_assigned(world), kind="excellent", reason="选题准确", actor=world.users[Role.PROPOSAL_OFFICE]
    )


def proposal_follow_up(world: World):
    """A follow-up item of a published B-class reply by the world's handling unit."""
    from lvzhi.proposals.services import follow_up, handling

    office = world.users[Role.PROPOSAL_OFFICE]
    reply = proposal_assigned(world).replies.get()
    reply.grade = "B"
    reply.save(update_fields=["grade"])
    reply = handling.approve_reply(reply, actor=office)
    return follow_up.add_follow_up(
        reply, commitment="明年开工", due_date=today() + datetime.timedelta(days=60), actor=office
    )


def speech(world: World):
    """A plenary speech the world's member submitted for a session of the world's term."""
    from lvzhi.proposals.models import Speech

    plenary, _created = Session.objects.get_or_create(
        committee=world.committee, term=world.term, number=9, defaults={"year": today().year}
    )
    return Speech.objects.create(
        committee=world.committee, session=plenary, member=world.member, title="关于营商环境", content="发言稿"
    )


def opinion_attachment(world: World):
    """An attachment of a report the world's member sent."""
    return opinion_factories.submitted(world, files=[opinion_factories.pdf()]).attachments.get()


def adopted_opinion(world: World):
    opinion = opinion_factories.edited(world)
    return opinion_services.adopt_opinion(
        opinion, level="city", adopted_on=today(), actor=opinion_factories.office(world)
    )


def referral_attachment(world: World) -> dict[str, int]:
    """A referral to the world's handling unit (its user works there) of a report with an attachment."""
    opinion = opinion_factories.edited(world)
    attachment = Attachment.objects.create(
        committee=world.committee, opinion=opinion, file=opinion_factories.pdf(), name="材料.pdf", size=16, kind="pdf"
    )
    made = opinion_services.forward_opinion(
        opinion, unit=opinion_factories.unit_of(world), actor=opinion_factories.office(world)
    )
    return {"pk": made.pk, "attachment_pk": attachment.pk}


def officer(world: World) -> InformationOfficer:
    return InformationOfficer.objects.create(committee=world.committee, name=f"信息员{next(_seq)}")


def notice(world: World):
    """A published notice to the world's member, with an attachment."""
    made = make_notice(world)
    notice_services.add_notice_file(
        made, upload=SimpleUploadedFile("附件.pdf", b"%PDF"), title="附件", actor=world.users[Role.MEMBER_AFFAIRS]
    )
    return made


def study_assignment(world: World):
    """A published study assignment with a quiz, to the world's member."""
    return make_assignment(world)


def study_material(world: World):
    return notice_services.create_material(
        committee=world.committee,
        data={"topic": "理论学习", "title": "读本", "file": SimpleUploadedFile("读本.pdf", b"%PDF")},
        actor=None,
    )


def topic(world: World):
    """An open deliberation topic inviting the world's member."""
    return make_topic(world)


def topic_file(world: World):
    """A material file on an open topic inviting the world's member."""
    return notice_services.attach_topic_file(
        make_topic(world), upload=SimpleUploadedFile("材料.pdf", b"%PDF-1.4"), title="材料", actor=None
    )


def contribution(world: World):
    return notice_services.post_contribution(make_topic(world), member=world.member, body="建议")


def story(world: World):
    """A story about the world's member, waiting for their consent."""
    made = notice_services.create_story(
        committee=world.committee, member=world.member, data={"title": "履职故事", "body": "扎根基层"}, actor=None
    )
    return notice_services.ask_consent(made, actor=None)


def essay_call(world: World):
    return notice_services.create_call(
        committee=world.committee,
        data={"title": "我与政协", "deadline": timezone.now() + datetime.timedelta(days=7)},
        actor=None,
    )


def essay(world: World):
    return notice_services.submit_essay(essay_call(world), member=world.member, title="我的履职路", body="正文")


def scheme(world: World):
    from lvzhi.assessment.services.schemes import create_draft

    return create_draft(world.committee, actor=world.users[Role.MEMBER_AFFAIRS], name=f"考核办法{next(_seq)}")


def checking_year(world: World):
    """Last year's assessment of the world, frozen and in its members' check, with a line of the member's."""
    from lvzhi.assessment.tests.cycle_factories import THREE_ONES, lines, year_in

    lines(world, world.member, *THREE_ONES)
    return year_in(world, "checking")


def member_line(world: World) -> dict[str, int]:
    """The year and one of the world member's lines in it, for the member's check routes."""
    assessment = checking_year(world)
    record = world.member.duty_records.filter(year=assessment.year).first()
    return {"year": assessment.year, "pk": record.pk}


def dispute(world: World):
    """An open dispute of the world's member, with an evidence file."""
    from lvzhi.assessment.services import disputes

    assessment = checking_year(world)
    record = world.member.duty_records.filter(year=assessment.year).first()
    return disputes.dispute_line(
        assessment, record, actor=world.member.user, reason="有误", evidence_file=SimpleUploadedFile("e.pdf", PDF)
    )


def duty_report(world: World) -> DutyReport:
    """The world member's submitted yearly report for the term's first year (written directly: the sweeps only
    need it to exist)."""
    report, _created = DutyReport.objects.get_or_create(
        committee=world.committee,
        member=world.member,
        year=world.term.start_year,
        kind=DutyReport.Kind.MEMBER_YEARLY,
        defaults={"status": DutyReport.Status.SUBMITTED, "achievements": "认真履职"},
    )
    return report


def duty_report_meeting(world: World) -> Activity:
    return make_activity(world, kind="duty_report_meeting", title="年度委员述职会")


def group_evidence(world: World):
    """The office's evidence, with a file, for one item of the world's sector group's assessment this year."""
    return group_assessment.tick(
        world.group,
        year=today().year,
        item="plan_summary",
        note="年度计划",
        file=SimpleUploadedFile("计划.pdf", PDF),
        actor=world.users[Role.MEMBER_AFFAIRS],
    )
