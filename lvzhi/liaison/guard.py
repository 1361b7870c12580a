"""What keeps floods and junk out of the public mailbox without any outside service.

Four cheap checks, cheapest first: a per-address rate limit kept in the cache, a hidden field only robots fill,
a proof of work the page's own script solves (sha256 of a signed challenge and a counter must start with
`bits` zero bits: a moment for one letter on a phone, minutes for a thousand), and the attachment's size and
type read from its content. The address is kept only as a keyed hash.
"""

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError

SALT = "lvzhi.liaison.challenge"
CHALLENGE_MAX_AGE = 2 * 3600  # a citizen may take a while to write
ALLOWED_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
URL = re.compile(r"https?://|www\.", re.IGNORECASE)
MAX_LINKS = 3


class Refused(DomainError):
    """A submission the guard turns away; 429 for too many, 400 otherwise."""


@dataclass(frozen=True)
class Limits:
    per_address_short: int
    short_window: int
    per_address_day: int
    attempts_short: int
    bits: int
    max_bytes: int


def limits() -> Limits:
    return Limits(
        per_address_short=settings.MAILBOX_LETTERS_PER_10_MIN,
        short_window=600,
        per_address_day=settings.MAILBOX_LETTERS_PER_DAY,
        attempts_short=settings.MAILBOX_ATTEMPTS_PER_10_MIN,
        bits=settings.MAILBOX_POW_BITS,
        max_bytes=settings.MAILBOX_ATTACHMENT_MAX_MB * 1024 * 1024,
    )


def client_address(request: HttpRequest) -> str:
    """The writer's address: a header set by the site's own proxy when configured, else the socket's peer."""
    header = settings.MAILBOX_CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    return value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def sender_hash(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def content_hash(title: str, content: str, phone: str) -> str:
    return hashlib.sha256(f"{title}\n{content}\n{phone}".encode()).hexdigest()


def new_challenge(bits: int | None = None) -> dict[str, object]:
    bits = limits().bits if bits is None else bits
    challenge = signing.dumps({"n": secrets.token_hex(8), "b": bits}, salt=SALT)
    return {"challenge": challenge, "bits": bits}


def leading_zero_bits(digest: bytes) -> int:
    count = 0
    for byte in digest:
        if byte == 0:
            count += 8
            continue
        return count + 8 - byte.bit_length()
    return count


def solve(challenge: str, bits: int) -> str:
    """The counter the page's script finds (used by tests and the benchmark)."""
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}:{counter}".encode()).digest()) < bits:
        counter += 1
    return str(counter)


def _cache_incr(key: str, timeout: int) -> int:
    """Count one more in the cache; a cache that cannot be reached lets the letter through (never lose one)."""
    try:
        cache.add(key, 0, timeout)
        return cache.incr(key)
    except Exception:
        return 0


def _cache_get(key: str) -> int:
    try:
        return int(cache.get(key) or 0)
    except Exception:
        return 0


def check_attempts(sender: str) -> None:
    """Every POST counts, valid or not: a robot hammering the form is turned away before any work is done."""
    lim = limits()
    window = int(time.time() // lim.short_window)
    if _cache_incr(f"lz-mb-try:{sender}:{window}", lim.short_window) > lim.attempts_short:
        raise Refused("mailbox.too_many", _("提交过于频繁，请 10 分钟后再试。您填写的内容已保留。"), status=429)


def check_quota(sender: str) -> None:
    """Letters accepted from one address: a few in ten minutes, a few more in a day."""
    lim = limits()
    now = time.time()
    short = _cache_get(f"lz-mb-ok:{sender}:{int(now // lim.short_window)}")
    day = _cache_get(f"lz-mb-day:{sender}:{int(now // 86400)}")
    if short >= lim.per_address_short or day >= lim.per_address_day:
        raise Refused("mailbox.too_many", _("您提交的来信已达上限，请稍后再写。您填写的内容已保留。"), status=429)


def count_accepted(sender: str) -> None:
    lim = limits()
    now = time.time()
    _cache_incr(f"lz-mb-ok:{sender}:{int(now // lim.short_window)}", lim.short_window)
    _cache_incr(f"lz-mb-day:{sender}:{int(now // 86400)}", 86400)


def check_challenge(challenge: str, solution: str) -> None:
    """The signed challenge is ours, fresh, solved, and not used before."""
    refused = Refused("mailbox.challenge", _("页面验证未通过，请刷新页面后重新提交。您填写的内容已保留。"))
    try:
        data = signing.loads(challenge, salt=SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature:
        raise refused from None
    bits = int(data.get("b", 0))
    if bits < limits().bits or len(solution) > 20:
        raise refused
    digest = hashlib.sha256(f"{challenge}:{solution}".encode()).digest()
    if leading_zero_bits(digest) < bits:
        raise refused
    try:
        fresh = cache.add(f"lz-mb-pow:{hashlib.sha256(challenge.encode()).hexdigest()}", 1, CHALLENGE_MAX_AGE)
    except Exception:
        fresh = True
    if not fresh:
        raise refused


def check_text(title: str, content: str) -> None:
    if len(URL.findall(f"{title} {content}")) > MAX_LINKS:
        raise Refused("mailbox.junk", _("来信中链接过多，请删去网址后再提交。"), fields={"content": [_("链接过多")]})


def check_upload(upload: UploadedFile | None) -> str:
    """The attachment's real extension, read from its first bytes; refuses what is too large or of another type."""
    if upload is None:
        return ""
    lim = limits()
    if upload.size > lim.max_bytes:
        raise Refused(
            "mailbox.too_large",
            _("附件不能超过 %(mb)d MB，请压缩后再上传。") % {"mb": settings.MAILBOX_ATTACHMENT_MAX_MB},
            fields={"attachment": [_("附件过大")]},
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ALLOWED_TYPES:
        raise Refused(
            "mailbox.bad_type",
            _("附件只能是图片（JPG、PNG、GIF、WEBP、HEIC）、PDF 或 Word、Excel 文档。"),
            fields={"attachment": [_("文件类型不允许")]},
        )
    return kind.extension


def oversized_body(request: HttpRequest) -> bool:
    """A body much larger than any allowed attachment is refused before it is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limits().max_bytes + 256 * 1024
