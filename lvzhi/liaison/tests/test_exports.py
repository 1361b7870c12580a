"""The office's .xlsx workbooks: contacts and coverage, visits and 双联系, letters — real files, formula-safe,
no phone numbers, the screen's filters, and only the caller's committee (or the convenor's own group)."""

from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.liaison import services
from lvzhi.liaison.services import contacts as contact_services
from lvzhi.liaison.services import visits as visit_services
from lvzhi.liaison.tests.factories import forwarded_letter, member_letter, station_letter
from lvzhi.org.models import SectorGroup
from lvzhi.testing import make_member

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    return load_workbook(BytesIO(response.content))


def _values(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _contacts(world):
    user = world.member.user
    first = contact_services.add_contact(
        world.member, name="张三", occupation='=HYPERLINK("http://x")', phone="13800001111", actor=user
    )
    contact_services.add_contact(world.member, name="李四", occupation="个体工商户", actor=user)
    contact_services.log_contact(
        world.member,
        contact=first,
        date=timezone.localdate(),
        mode="visit",
        topics="营商环境",
        issues="办证跑腿多",
        outcome="opinion_lead",
        actor=user,
    )


def test_the_contacts_workbook_has_coverage_contacts_and_the_quarters_log(world):
    _contacts(world)
    book = _book(world.client(Role.MEMBER_AFFAIRS).get(reverse("liaison:contact_coverage_export")))
    assert book.sheetnames == ["覆盖情况", "联系对象", "联系记录"]
    coverage = _values(book["覆盖情况"])
    assert coverage[1][:6] == ["李明", 2, 1, 1, "李四", "否"]
    contacts = _values(book["联系对象"])
    assert contacts[1][:3] == ["李明", "张三", '=HYPERLINK("http://x")']
    # Formula-like text stays text, and no phone number travels in the file.
    assert book["联系对象"]["C2"].data_type == "s"
    assert "13800001111" not in str(contacts)
    assert _values(book["联系记录"])[1][1:5] == ["李明", "张三", "走访", "营商环境"]


def test_the_contacts_workbook_follows_the_quarter_and_tolerates_nonsense(world):
    _contacts(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    last_year = timezone.localdate().year - 1
    book = _book(client.get(reverse("liaison:contact_coverage_export"), {"year": last_year, "quarter": 1}))
    assert len(_values(book["联系记录"])) == 1  # only the header: nothing logged then
    book = _book(client.get(reverse("liaison:contact_coverage_export"), {"year": "abc", "quarter": "9", "group": "x"}))
    assert len(_values(book["联系记录"])) == 2


def test_a_convenor_exports_only_their_own_group(world):
    _contacts(world)
    other_group = SectorGroup.objects.create(committee=world.committee, term=world.term, name="教育界活动组")
    convenor = world.users[Role.GROUP_CONVENOR]
    RoleAssignment.objects.filter(user=convenor, committee=world.committee).update(sector_group=other_group)
    book = _book(world.client(Role.GROUP_CONVENOR).get(reverse("liaison:contact_coverage_export")))
    assert len(_values(book["覆盖情况"])) == 1  # the world's member sits in another group


def test_the_visits_workbook(world):
    leader = make_member(world, "王主席")
    never = make_member(world, "赵强")
    today = timezone.localdate()
    visit_services.record_visit(
        world.committee,
        visitor=leader,
        visited=world.member,
        date=today,
        form="talk",
        topics="谈心",
        requests="@希望参加调研",
        actor=None,
    )
    visit_services.assign_link(
        world.committee, year=today.year, kind="leader_member", leader=leader, member=world.member, target=2, actor=None
    )
    book = _book(world.client(Role.MEMBER_AFFAIRS).get(reverse("liaison:visits_export"), {"year": today.year}))
    visits = _values(book["走访谈心"])
    assert visits[1][1:6] == ["王主席", "李明", "谈心谈话", "谈心", "@希望参加调研"]
    assert book["走访谈心"]["F2"].data_type == "s"
    assert _values(book["双联系"])[1] == ["领导联系委员", "王主席", "李明", 2, 1, "否"]
    assert ["赵强"] in _values(book["尚未走访"]) and never.name == "赵强"
    assert ["李明"] not in _values(book["尚未走访"])


def test_the_letters_workbook_follows_the_status_filter_and_leaves_out_phones(world):
    waiting = station_letter(world)
    forwarded = forwarded_letter(world)
    answered = member_letter(world)
    services.answer_letter(answered, answer="已修复", actor=world.member.user, member=world.member)
    client = world.client(Role.MEMBER_AFFAIRS)
    rows = _values(_book(client.get(reverse("liaison:office_export"), {"status": "all"}))["群众来信"])
    assert {row[0] for row in rows[1:]} == {waiting.pk, forwarded.pk, answered.pk}
    assert "13900001111" not in str(rows)
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id[forwarded.pk][6:9] == ["转办中", None, "市住建局"]
    assert by_id[answered.pk][13] == "已修复"
    open_rows = _values(_book(client.get(reverse("liaison:office_export")))["群众来信"])
    assert {row[0] for row in open_rows[1:]} == {waiting.pk, forwarded.pk}
    junk = _values(_book(client.get(reverse("liaison:office_export"), {"status": "<script>"}))["群众来信"])
    assert len(junk) == 4  # an unknown filter shows everything, as the list does


def test_the_letters_export_stays_within_a_query_budget(world, django_assert_max_num_queries):
    for _ in range(6):
        station_letter(world)
        member_letter(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(10):
        _book(client.get(reverse("liaison:office_export"), {"status": "all"}))


def test_exports_need_the_office_and_stay_in_the_committee(world, outsider):
    station_letter(world)
    _contacts(world)
    names = ("liaison:office_export", "liaison:contact_coverage_export", "liaison:visits_export")
    for name in names:
        assert world.client(Role.MEMBER).get(reverse(name)).status_code == 403
    assert world.client(Role.HANDLING_UNIT).get(reverse("liaison:office_export")).status_code == 403
    letters = _values(
        _book(outsider.client(Role.MEMBER_AFFAIRS).get(reverse("liaison:office_export"), {"status": "all"}))["群众来信"]
    )
    assert len(letters) == 1
    coverage = _values(
        _book(outsider.client(Role.MEMBER_AFFAIRS).get(reverse("liaison:contact_coverage_export")))["联系对象"]
    )
    assert len(coverage) == 1
