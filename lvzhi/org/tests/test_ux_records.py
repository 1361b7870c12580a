"""Member records as offices meet them: the printed 委员登记表 and 通讯录, the import preview that names every row it
writes, 民族 and 学历 from the standard lists (old free text mapped), and validation messages in plain Chinese."""

import importlib
from io import BytesIO

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lvzhi.core.capabilities import Role
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import Member, Membership
from lvzhi.org.standards import ETHNICITY_NAMES, standard_education, standard_ethnicity
from lvzhi.org.tests.test_import_screen import xlsx
from lvzhi.org.views.importing import SESSION_KEY
from lvzhi.testing import make_member

FORM_PRINT = "org:member_print"
DIRECTORY_PRINT = reverse("org:directory_print")


def test_the_registration_form_prints_one_members_record(world):
    Member.objects.filter(pk=world.member.pk).update(
        ethnicity="回族", education="大学本科", id_number="110101199003071234"
    )
    page = world.client(Role.MEMBER_AFFAIRS).get(reverse(FORM_PRINT, args=[world.member.pk])).content.decode()
    assert "示范市政协委员登记表" in page
    assert "李明" in page and "回族" in page and "大学本科" in page and world.sectors[0].name in page
    assert "110101199003071234" in page  # member affairs may see the ID number
    assert "本人签字" in page
    masked = world.client(Role.LEADER).get(reverse(FORM_PRINT, args=[world.member.pk])).content.decode()
    assert "110101199003071234" not in masked and "1101**********1234" in masked


def test_the_registration_form_is_for_staff_and_their_own_committee(world, outsider):
    url = reverse(FORM_PRINT, args=[world.member.pk])
    assert world.client(Role.MEMBER).get(url).status_code == 403
    assert outsider.client(Role.MEMBER_AFFAIRS).get(url).status_code == 404


def test_the_printed_directory_lists_every_filtered_member_without_paging(world):
    for i in range(60):
        make_member(world, f"委员{i:02d}", sector=world.sectors[1])
    staff = world.client(Role.MEMBER_AFFAIRS).get(DIRECTORY_PRINT).content.decode()
    assert staff.count("<tr><td>") == 61 and "共 61 人" in staff
    filtered = world.client(Role.MEMBER_AFFAIRS).get(DIRECTORY_PRINT, {"sector": world.sectors[0].pk})
    assert [m.member.name for m in filtered.context["rows"]] == ["李明"]


def test_the_printed_directory_keeps_private_mobiles_private_for_members(world):
    make_member(world, "王芳", mobile="13911112222")
    page = world.client(Role.MEMBER).get(DIRECTORY_PRINT).content.decode()
    assert "王芳" in page and "13911112222" not in page and "未公开" in page


def test_the_printed_directory_is_a_committees_own(world, outsider):
    make_member(world, "周杰")
    assert "周杰" in world.client(Role.MEMBER_AFFAIRS).get(DIRECTORY_PRINT).content.decode()
    assert "周杰" not in outsider.client(Role.MEMBER_AFFAIRS).get(DIRECTORY_PRINT).content.decode()


def test_the_import_preview_names_each_row_it_creates_or_changes(world):
    chen = make_member(world, "陈静", mobile="13600000001", sector=world.sectors[0])
    Membership.objects.filter(member=chen).update(number="C001")
    staff = world.client(Role.MEMBER_AFFAIRS)
    rows = [["C001", "陈静", "女", "教育界", "13600000009"], ["C002", "林涛", "男", "经济界", "13600000002"]]
    page = staff.post(reverse("org:import"), {"file": xlsx(rows)})
    plan = page.context["result"].plan
    assert [(p.number, p.name, p.action) for p in plan] == [(2, "陈静", "update"), (3, "林涛", "create")]
    changes = dict((c[0], c[1:]) for c in plan[0].changes)
    assert changes["手机"] == ("13600000001", "13600000009")
    assert changes["性别"] == ("男", "女")
    html = page.content.decode()
    assert 'data-testid="import-plan"' in html and "新增委员" in html and "更新资料" in html
    assert "<del>13600000001</del> → 13600000009" in html
    assert SESSION_KEY in staff.session  # and it may still be confirmed


def test_imports_accept_loose_spellings_of_the_standard_lists(world):
    workbook = Workbook()
    workbook.active.append(["委员编号", "姓名", "性别", "界别", "手机", "民族", "学历"])
    workbook.active.append(["D1", "马力", "男", "经济界", "13600000003", "回", "大学"])
    workbook.active.append(["D2", "牛顿", "男", "经济界", "13600000004", "火星族", "大学"])
    buffer = BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("名单.xlsx", buffer.getvalue())
    errors = world.client(Role.MEMBER_AFFAIRS).post(reverse("org:import"), {"file": upload}).context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "民族")]
    assert "“火星族”不在可选范围内" in errors[0].problem


def test_the_standard_lists():
    assert len(ETHNICITY_NAMES) == 56 and ETHNICITY_NAMES[0] == "汉族" and ETHNICITY_NAMES[-1] == "基诺族"
    assert standard_ethnicity("汉") == "汉族" and standard_ethnicity("维吾尔族") == "维吾尔族"
    assert standard_ethnicity("火星") is None
    assert standard_education("研究生", "博士") == "博士研究生" and standard_education("研究生") == "硕士研究生"
    assert standard_education("大专") == "大学专科" and standard_education("大学本科") == "大学本科"


def test_the_member_form_offers_the_lists(world):
    page = world.client(Role.MEMBER_AFFAIRS).get(reverse("org:member_edit", args=[world.member.pk])).content.decode()
    assert '<select name="ethnicity"' in page and '<option value="基诺族">' in page
    assert '<select name="education"' in page and '<option value="硕士研究生">' in page


def test_the_migration_maps_old_free_text_and_keeps_what_it_could_not(world):
    make_member(world, "甲")
    Member.objects.filter(name="甲").update(ethnicity="蒙古", education="大学")
    make_member(world, "乙")
    Member.objects.filter(name="乙").update(ethnicity="不详", education="函授")
    migration = importlib.import_module("lvzhi.org.migrations.0003_standard_ethnicity_education")
    migration.to_standard_lists(apps, None)
    assert Member.objects.filter(name="甲").values_list("ethnicity", "education").get() == ("蒙古族", "大学本科")
    assert Member.objects.filter(name="乙").values_list("ethnicity", "education").get() == ("", "其他")
    kept = AuditEvent.objects.get(
        object_id=str(Member.objects.get(name="乙").pk), data__note="民族、学历改用国家标准名称"
    )
    assert kept.data["changes"] == {"ethnicity": ["不详", ""], "education": ["函授", "其他"]}
    history = world.client(Role.MEMBER_AFFAIRS).get(reverse("org:member_detail", args=[kept.object_id]))
    assert "不详" in history.content.decode()


class Sample(forms.Form):
    title = forms.CharField(max_length=5)
    when = forms.DateField()
    kind = forms.ChoiceField(choices=[("a", "甲")])


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "一二三四五六"}, "title", "最多填写 5 个字（现在是 6 个），请精简。"),
        ({}, "title", "此项必填。"),
        ({"when": "昨天"}, "when", "日期格式不对，请按 2026-03-01 的样式填写。"),
        ({"kind": "z"}, "kind", "请从列表中选择（“z”不是可选的一项）。"),
    ],
)
def test_django_messages_read_as_plain_chinese(data, field, message):
    assert Sample(data).errors[field] == [message]


def test_no_common_validation_message_names_a_variable_or_field():
    from django.utils.translation import gettext, ngettext

    texts = [
        gettext("This field is required."),
        ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            2,
        ),
        ngettext(
            "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
            2,
        ),
        gettext("This field cannot be blank."),
        gettext("This field cannot be null."),
        gettext("Enter a valid date."),
        gettext("Select a valid choice. %(value)s is not one of the available choices."),
        gettext("Ensure this value is less than or equal to %(limit_value)s."),
    ]
    assert not [t for t in texts if any(word in t for word in ("变量", "字段", "该值", "null"))]


def test_the_self_report_form_stars_its_evidence(world):
    page = world.client(Role.MEMBER).get(reverse("ledger:report")).content.decode()
    assert page.count('<span class="text-danger" aria-hidden="true">*</span>') >= 5  # 类别 事项 日期 说明 材料 + rule
    assert "佐证说明和佐证材料至少提供一项" in page
