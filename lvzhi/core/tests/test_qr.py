"""QR codes for check-in: readable by a phone's camera whatever the length of the deployment's host name."""

import re

import segno

from lvzhi.core.qr import qr_svg


def test_the_svg_scales_to_its_container_and_is_named_for_screen_readers():
    svg = str(qr_svg("https://lvzhi.example.org/activities/7/checkin/?v=abc", label="会场签到二维码"))
    assert svg.startswith('<svg role="img" aria-label="会场签到二维码" ')
    assert "viewBox" in svg and 'width="' not in svg.split(">")[0]
    assert "<title>会场签到二维码</title>" in svg


def test_a_long_host_name_still_gets_a_code():
    # The hand-written encoder this replaced stopped at 106 bytes and the venue QR silently vanished.
    url = "https://" + "zhengxie-lvzhi-platform." * 12 + "gov.cn/activities/12345/checkin/?v=" + "x" * 60
    assert len(url.encode()) > 300
    svg = str(qr_svg(url, label="会场签到二维码"))
    assert re.search(r"<path[^>]+d=\"M", svg)
    assert segno.make(url, error="m", micro=False).version > 10


def test_labels_are_escaped():
    svg = str(qr_svg("x", label='<script>"'))
    assert "<script>" not in svg
