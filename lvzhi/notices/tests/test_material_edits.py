"""学习资料 corrected after publication: screen and API, the history of every edit, files checked by the upload kit."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.notices import services
from lvzhi.notices.models import MaterialEvent, StudyMaterial
from lvzhi.notices.tests.factories import make_assignment, staff

API = "/api/v1"
PDF = b"%PDF-1.4 study"


def material_of(assignment) -> StudyMaterial:
    return assignment.materials.get()


def form_data(material: StudyMaterial, **changes: object) -> dict:
    data = {"topic": material.topic, "kind": material.kind, "title": material.title, "body": material.body}
    data["url"] = material.url
    return {**data, **changes}


def test_staff_correct_a_published_material_and_members_read_the_correction(world):
    assignment = make_assignment(world)
    material = material_of(assignment)
    office = world.client(Role.MEMBER_AFFAIRS)
    url = reverse("notices:study_material_edit", args=[material.pk])
    assert office.get(url).status_code == 200
    response = office.post(url, form_data(material, title="学习资料（修订）", body="学习全会精神，第二版。"))
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.title == "学习资料（修订）"
    member = world.client(Role.MEMBER)
    assert "学习资料（修订）" in member.get(reverse("notices:study", args=[assignment.pk])).content.decode()
    assert "第二版" in member.get(reverse("notices:study_material", args=[material.pk])).content.decode()

    edit = MaterialEvent.objects.filter(material=material, action="update").get()
    assert edit.actor == staff(world)
    assert edit.data["changes"]["title"] == ["学习资料", "学习资料（修订）"]
    page = office.get(url).content.decode()
    assert "修改记录" in page and "学习资料（修订）" in page and "<del>学习资料</del>" in page


def test_saving_without_a_change_writes_no_history(world):
    material = material_of(make_assignment(world))
    services.update_material(material, data={"title": material.title}, actor=staff(world))
    assert list(MaterialEvent.objects.filter(material=material).values_list("action", flat=True)) == ["create"]


def test_the_edit_form_says_what_is_wrong(world):
    material = material_of(make_assignment(world))
    office = world.client(Role.MEMBER_AFFAIRS)
    url = reverse("notices:study_material_edit", args=[material.pk])
    emptied = office.post(url, form_data(material, body=""))
    assert emptied.status_code == 400 and "请填写内容、内网链接或上传文件" in emptied.content.decode()
    bad_link = office.post(url, form_data(material, url="javascript:alert(1)"))
    assert bad_link.status_code == 400
    fake = SimpleUploadedFile("讲话.pdf", b"MZ\x90\x00 not a pdf at all")
    refused = office.post(url, {**form_data(material), "file": fake})
    assert refused.status_code == 400 and "只能上传" in refused.content.decode()
    material.refresh_from_db()
    assert material.body and not material.file
    assert not MaterialEvent.objects.filter(material=material, action="update").exists()


def test_a_replaced_file_is_named_in_the_history(world):
    material = material_of(make_assignment(world))
    office = world.client(Role.MEMBER_AFFAIRS)
    url = reverse("notices:study_material_edit", args=[material.pk])
    upload = SimpleUploadedFile("讲话稿.doc", PDF)  # the bytes say PDF: stored as .pdf
    assert office.post(url, {**form_data(material), "file": upload}).status_code == 302
    material.refresh_from_db()
    assert material.file.name.endswith(".pdf")
    old, new = MaterialEvent.objects.get(material=material, action="update").data["changes"]["file"]
    assert old == "" and new == material.file.name
    download = world.client(Role.MEMBER).get(reverse("notices:study_material_file", args=[material.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_the_api_edits_a_material_and_shows_its_history(world):
    material = material_of(make_assignment(world))
    office = world.client(Role.MEMBER_AFFAIRS)
    patched = office.patch(
        f"{API}/study-materials/{material.pk}", {"title": "新标题", "kind": "video"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["title"] == "新标题"
    history = office.get(f"{API}/study-materials/{material.pk}/history").json()
    assert [h["action"] for h in history] == ["create", "update"]
    assert {c["field"]: (c["old"], c["new"]) for c in history[1]["changes"]} == {
        "title": ("学习资料", "新标题"),
        "kind": ("document", "video"),
    }
    replaced = office.post(f"{API}/study-materials/{material.pk}/file", {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert replaced.status_code == 200 and replaced.json()["has_file"] is True
    member = world.client(Role.MEMBER)
    assert member.get(f"{API}/study-materials/{material.pk}").json()["title"] == "新标题"
    assert any(m["id"] == material.pk for m in member.get(f"{API}/study-materials").json())


def test_the_api_refuses_bad_edits_in_chinese(world):
    material = material_of(make_assignment(world))
    office = world.client(Role.MEMBER_AFFAIRS)
    path = f"{API}/study-materials/{material.pk}"
    blank = office.patch(path, {"title": "   "}, content_type="application/json")
    assert blank.status_code == 400 and "不能为空" in blank.json()["error"]["fields"]["title"][0]
    kind = office.patch(path, {"kind": "podcast"}, content_type="application/json")
    assert kind.status_code == 400 and kind.json()["error"]["fields"]["kind"] == ["取值不在允许范围内"]
    emptied = office.patch(path, {"body": ""}, content_type="application/json")
    assert emptied.status_code == 400 and "请填写内容" in emptied.json()["error"]["message"]
    link = office.patch(path, {"url": "not a link"}, content_type="application/json")
    assert link.status_code == 400
    exe = office.post(f"{path}/file", {"file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00")})
    assert exe.status_code == 422 and "只能上传" in exe.json()["error"]["message"]
    assert StudyMaterial.objects.get(pk=material.pk).title == "学习资料"


def test_only_the_office_edits_and_another_committee_gets_404(world, outsider):
    material = material_of(make_assignment(world))
    member = world.client(Role.MEMBER)
    assert member.get(reverse("notices:study_material_edit", args=[material.pk])).status_code == 403
    path = f"{API}/study-materials/{material.pk}"
    assert member.patch(path, {"title": "改"}, content_type="application/json").status_code == 403
    assert member.get(f"{path}/history").status_code == 403
    theirs = outsider.client(Role.MEMBER_AFFAIRS)
    assert theirs.get(reverse("notices:study_material_edit", args=[material.pk])).status_code == 404
    assert theirs.patch(path, {"title": "改"}, content_type="application/json").status_code == 404
    assert theirs.get(path).status_code == 404
    assert all(m["id"] != material.pk for m in theirs.get(f"{API}/study-materials").json())


def test_the_library_list_stays_within_its_query_budget(world, django_assert_max_num_queries):
    for n in range(10):
        services.create_material(
            committee=world.committee, data={"topic": "专题", "title": f"资料{n}", "body": "正文"}, actor=None
        )
    member, office = world.client(Role.MEMBER), world.client(Role.MEMBER_AFFAIRS)
    member.get(f"{API}/study-materials")
    office.get(reverse("notices:study_materials"))  # the navbar and filter caches, warm as in daily use
    with django_assert_max_num_queries(12):
        assert len(member.get(f"{API}/study-materials").json()) == 10
    with django_assert_max_num_queries(10):
        assert office.get(reverse("notices:study_materials")).status_code == 200
