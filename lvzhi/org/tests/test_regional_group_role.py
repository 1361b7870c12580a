"""Regional groups have seats with roles (召集人, 副召集人, 联络员), as sector groups do (issue 13): set on the member's
tenure form, refused without a regional group, shown on the member page and in the member's profile."""

from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.org.forms.members import MembershipForm
from lvzhi.org.models import Membership, RegionalGroup


def _form(world, **changes) -> MembershipForm:
    membership = world.member.memberships.get()
    data = {
        "number": membership.number,
        "sector": membership.sector_id,
        "appointment": membership.appointment,
        "joined_on": membership.joined_on.isoformat(),
        **changes,
    }
    return MembershipForm(data, instance=membership, term=world.term)


def test_the_tenure_form_sets_the_role_and_refuses_it_without_a_group(world):
    area = RegionalGroup.objects.create(committee=world.committee, term=world.term, name="东区联络组")
    without = _form(world, regional_group_role="convenor")
    assert not without.is_valid()
    assert without.errors["regional_group_role"] == ["请先选择联络组"]
    unknown = _form(world, regional_group=area.pk, regional_group_role="emperor")
    assert not unknown.is_valid() and "regional_group_role" in unknown.errors
    good = _form(world, regional_group=area.pk, regional_group_role="liaison")
    assert good.is_valid(), good.errors
    assert good.cleaned_data["regional_group_role"] == "liaison"


def test_the_member_page_and_profile_show_the_role(world):
    area = RegionalGroup.objects.create(committee=world.committee, term=world.term, name="东区联络组")
    Membership.objects.filter(member=world.member).update(regional_group=area, regional_group_role="convenor")
    page = world.client(Role.MEMBER_AFFAIRS).get(reverse("org:member_detail", args=[world.member.pk]))
    assert "联络组职务" in page.content.decode() and "召集人" in page.content.decode()
    profile = world.client(Role.MEMBER).get(reverse("org:my_profile"))
    assert "东区联络组（召集人）" in profile.content.decode()
