"""The public mailbox under a flood: many clients write at once for 30 s over loopback; no valid letter may be lost.

    .venv/bin/python bench/mailbox_flood.py [--seconds 30] [--citizens 24] [--flooders 8] [--bots 8]

A real server (granian, one worker) answers on a free 127.0.0.1 port. Three kinds of client, each a thread:
citizens write one valid letter per address (solving the proof of work as the page's script does), flooders
send valid letters from one address each as fast as they can, bots send junk (no proof of work, a program
named like a photo, an oversized upload). Addresses are told to the server in X-Real-IP, as the site's proxy
would (MAILBOX_CLIENT_IP_HEADER). Prints letters accepted, refused (by reason), lost (a citizen's letter
refused or failed, or an accepted letter missing from the database: must be 0) and p50/p99 response times.
"""

import argparse
import hashlib
import http.client
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import scale

POW_BITS = 12
FLOOD_LIMIT = 3  # letters per address in 10 minutes: low, so 30 s of flooding meets it
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def mailbox_key() -> str:
    """A member's mailbox in a small new committee of the scratch database."""
    from django_scopes import scopes_disabled

    from lvzhi.core.models import Committee
    from lvzhi.liaison.services import mailbox_for
    from lvzhi.org.models import Sector, Term
    from lvzhi.org.services import members as services

    with scopes_disabled():
        code = f"mailbox-{uuid.uuid4().hex[:6]}"
        committee = services.create_committee(
            code=code, name=f"基准政协{code}", level="city", parent=None, term_start_year=2022, actor=None
        )
        term = Term.objects.get(committee=committee)
        member = services.create_member(
            committee=committee,
            term=term,
            member_data={"name": "基准委员", "gender": "male"},
            membership_data={"sector": Sector.objects.filter(term=term).first()},
            actor=None,
        )
        assert Committee.objects.filter(pk=committee.pk).exists()
        return mailbox_for(member).key


def leading_zero_bits(digest: bytes) -> int:
    count = 0
    for byte in digest:
        if byte:
            return count + 8 - byte.bit_length()
        count += 8
    return count


def solve(challenge: str, bits: int) -> str:
    for counter in itertools.count():
        if leading_zero_bits(hashlib.sha256(f"{challenge}:{counter}".encode()).digest()) >= bits:
            return str(counter)
    raise AssertionError


def multipart(fields: dict[str, str], file: tuple[str, bytes] | None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    if file is not None:
        filename, content = file
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    def __init__(self, port: int, key: str):
        self.port = port
        self.key = key
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, address: str, body: bytes | None = None, ctype: str = "") -> tuple:
        headers = {"X-Real-IP": address, "Host": HOST}
        if ctype:
            headers["Content-Type"] = ctype
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                if attempt:
                    raise
        raise AssertionError

    def challenge(self, address: str) -> dict:
        status, body = self.request("GET", f"/api/v1/mailboxes/{self.key}", address)
        assert status == 200, (status, body[:200])
        return json.loads(body)

    def letter(self, address: str, fields: dict[str, str], file: tuple[str, bytes] | None = None) -> tuple:
        body, ctype = multipart(fields, file)
        return self.request("POST", f"/api/v1/mailboxes/{self.key}/letters", address, body, ctype)


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.outcomes: Counter = Counter()
        self.times: list[float] = []
        self.accepted: list[str] = []
        self.lost = 0

    def add(self, kind: str, status: int, body: bytes, seconds: float) -> None:
        try:
            payload = json.loads(body)
        except ValueError:
            payload = {}
        with self.lock:
            self.times.append(seconds)
            if status in (200, 201):
                self.outcomes["accepted"] += 1
                self.accepted.append(payload["token"])
                if kind != "citizen":
                    self.outcomes[f"accepted ({kind})"] += 1
            else:
                code = payload.get("error", {}).get("code", str(status))
                self.outcomes[f"refused {code}"] += 1
                if kind == "citizen":
                    self.lost += 1


def letter_fields(challenge: dict, n: int, solved: bool = True) -> dict[str, str]:
    return {
        "kind": "suggestion",
        "title": f"基准来信{n}",
        "content": f"第{n}件需要反映的事情，写得足够清楚以便办理。",
        "phone": "13900000000",
        "challenge": challenge["challenge"],
        "solution": solve(challenge["challenge"], challenge["bits"]) if solved else "0",
    }


def run(port: int, key: str, seconds: float, citizens: int, flooders: int, bots: int, big_mb: int) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + seconds
    numbers = itertools.count(1)
    run_id = random.randrange(256)

    def timed(kind: str, client: Client, address: str, fields: dict, file: tuple | None = None) -> None:
        started = time.perf_counter()
        try:
            status, body = client.letter(address, fields, file)
        except Exception as exc:  # a benchmark counts failures instead of stopping at the first
            status, body = 599, json.dumps({"error": {"code": type(exc).__name__}}).encode()
        tally.add(kind, status, body, time.perf_counter() - started)

    def citizen(i: int) -> None:
        client = Client(port, key)
        for n in itertools.count():
            if time.monotonic() >= deadline:
                return
            address = f"10.{run_id}.{i}.{n % 250 + 1}" if n < 250 else f"172.{run_id}.{i}.{n - 249}"
            timed("citizen", client, address, letter_fields(client.challenge(address), next(numbers)))

    def flooder(i: int) -> None:
        client = Client(port, key)
        address = f"192.168.{run_id}.{i + 1}"
        while time.monotonic() < deadline:
            timed("flooder", client, address, letter_fields(client.challenge(address), next(numbers)))

    def bot(i: int) -> None:
        client = Client(port, key)
        address = f"100.64.{run_id}.{i + 1}"
        junk = [
            lambda c: (letter_fields(c, next(numbers), solved=False), None),
            lambda c: (letter_fields(c, next(numbers)), ("photo.jpg", b"MZ" + os.urandom(2048))),
            lambda c: (letter_fields(c, next(numbers)), ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(big_mb << 20))),
        ]
        for n in itertools.count():
            if time.monotonic() >= deadline:
                return
            fields, file = junk[n % len(junk)](client.challenge(address))
            timed("bot", client, address, fields, file)

    threads = [threading.Thread(target=citizen, args=(i,)) for i in range(citizens)]
    threads += [threading.Thread(target=flooder, args=(i,)) for i in range(flooders)]
    threads += [threading.Thread(target=bot, args=(i,)) for i in range(bots)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--citizens", type=int, default=24)
    parser.add_argument("--flooders", type=int, default=8)
    parser.add_argument("--bots", type=int, default=8)
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)  # one worker's own cache keeps the per-address counts
    os.environ.update(
        {
            "MAILBOX_POW_BITS": str(POW_BITS),
            "MAILBOX_LETTERS_PER_10_MIN": str(FLOOD_LIMIT),
            "MAILBOX_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
            "MAILBOX_ATTACHMENT_MAX_MB": "2",
        }
    )
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    scale.setup()
    key = mailbox_key()

    from django.conf import settings
    from django_scopes import scopes_disabled

    from lvzhi.liaison.models import Letter

    port = free_port()
    env = {**os.environ, "ALLOWED_HOSTS": HOST, "DEBUG": "0"}
    granian = str(Path(sys.executable).with_name("granian"))
    server = subprocess.Popen(
        [
            *(granian, "--interface", "wsgi", "lvzhi.wsgi:application", "--host", HOST, "--port", str(port)),
            *("--workers", "1", "--blocking-threads", "1", "--log-level", "error"),
        ],
        cwd=scale.ROOT,
        env=env,
    )
    try:
        probe = Client(port, key)
        for _ in range(100):
            try:
                probe.challenge("127.0.0.1")
                break
            except (OSError, AssertionError):
                time.sleep(0.2)
        started = time.perf_counter()
        tally = run(port, key, args.seconds, args.citizens, args.flooders, args.bots, big_mb=3)
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=15)
    with scopes_disabled():
        stored = set(Letter.objects.filter(mailbox__key=key).values_list("token", flat=True))
    missing = len(set(tally.accepted) - stored)
    lost = tally.lost + missing
    times = sorted(tally.times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000 if times else 0.0
    clients = args.citizens + args.flooders + args.bots
    print(f"{clients} clients for {elapsed:.0f} s on {HOST}:{port} (one granian worker)")
    print(f"  proof of work {POW_BITS} bits; at most {FLOOD_LIMIT} letters per address in 10 minutes")
    print(f"  database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; load {scale.load()}")
    print(f"  requests:  {len(times)} ({len(times) / elapsed:.0f}/s)")
    print(f"  accepted:  {tally.outcomes['accepted']} letters (stored: {len(stored)})")
    for outcome, count in sorted(tally.outcomes.items()):
        if outcome != "accepted":
            print(f"    {outcome}: {count}")
    refused = sum(c for o, c in tally.outcomes.items() if o.startswith("refused"))
    print(f"  refused:   {refused}")
    print(f"  lost:      {lost} (citizens refused or failed: {tally.lost}; accepted but not stored: {missing})")
    median = statistics.median(times) * 1000 if times else 0.0
    print(f"  response:  p50 {median:.0f} ms, p99 {p99:.0f} ms")


if __name__ == "__main__":
    main()
