from django.urls import reverse

from lvzhi.core.capabilities import Role


def menu_of(client, path):
    return client.get(path).context["nav_menu"]


def test_staff_see_grouped_menus_with_one_active_link(world):
    client = world.client(Role.ADMIN)
    menu = menu_of(client, reverse("org:import"))
    groups = {str(e["label"]): [str(i["label"]) for i in e["links"]] for e in menu if "links" in e}
    assert groups["委员"] == ["委员通讯录", "委员导入"]
    assert "组织管理" in groups["系统管理"]
    active = [i for e in menu for i in e.get("links", [e]) if i.get("active")]
    assert [str(i["label"]) for i in active] == ["委员导入"]


def test_members_see_plain_links_without_staff_entries(world):
    client = world.client(Role.MEMBER)
    menu = menu_of(client, reverse("activities:menu"))
    labels = [str(e["label"]) for e in menu]
    assert all("links" not in e for e in menu)
    assert "活动菜单" in labels and "委员导入" not in labels and "组织管理" not in labels


def test_handling_units_see_only_home_and_what_was_passed_to_them(world):
    menu = menu_of(world.client(Role.HANDLING_UNIT), "/")
    # Proposals assigned, letters (liaison) and reports (opinions) forwarded to the unit.
    labels = [str(e["label"]) for e in menu]
    assert labels[0] == "首页" and set(labels[1:]) == {"交办提案", "转办来信", "转办信息"} and len(labels) == 4


def test_plain_links_render_as_links_and_groups_as_dropdowns(world):
    html = world.client(Role.MEMBER).get(reverse("activities:menu")).content.decode()
    assert f'href="{reverse("activities:mine")}"' in html
    assert "dropdown-toggle" not in html
    staff_html = world.client(Role.ADMIN).get(reverse("org:directory")).content.decode()
    assert staff_html.count("dropdown-toggle") >= 3
    assert f'class="dropdown-item" href="{reverse("org:import")}"' in staff_html
