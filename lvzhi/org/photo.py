"""Member photos (照片): which files are accepted, and whose photo a caller may see.

No image library is installed, so a photo is stored as uploaded (not resized); the first bytes decide what
it is, since a browser-supplied content type or file name proves nothing.
"""

from django.db.models import Q, QuerySet

from lvzhi.core.capabilities import Capability
from lvzhi.core.tenancy import Access
from lvzhi.org.models import Member, Term
from lvzhi.org.queries.members import visible_members, visible_memberships

MAX_PHOTO_BYTES = 5 * 1024 * 1024
SIGNATURES = {"jpg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def photo_type(head: bytes) -> str | None:
    """ "jpg" or "png" when the file starts like one, else None."""
    return next((kind for kind, magic in SIGNATURES.items() if head.startswith(magic)), None)


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


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
