"""Member photos (照片): whose photo a caller may see.

Which files are accepted is the upload kit's PHOTO policy (lvzhi/core/uploads.py).
"""

from django.db.models import Q, QuerySet

from lvzhi.core.capabilities import Capability
from lvzhi.core.tenancy import Access
from lvzhi.org.models import Member, Term
from lvzhi.org.queries.members import visible_members, visible_memberships


def members_with_visible_photo(access: Access) -> QuerySet[Member]:
    """Whose photo the caller may see, by the directory's rules: staff the members their scope covers;
    a member themself and the serving members the directory lists to them."""
    if access.can(Capability.VIEW_MEMBERS):
        return visible_members(access)
    own = Q(user_id=access.user.pk)
    term = Term.objects.filter(committee=access.committee, is_current=True).order_by("-number").first()
    if term is None:
        return Member.objects.filter(own)
    listed = visible_memberships(access, term).values("member_id")
    return Member.objects.filter(own | Q(pk__in=listed))
