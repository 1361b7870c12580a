"""The QR encoder behind the venue check-in code: phones must scan what it draws.

Each symbol is read back here the way a scanner does, with the standard's tables written out
independently of the encoder: format bits from both copies, unmasking, the zigzag read,
de-interleaving, Reed–Solomon syndromes, and the byte-mode payload.
"""

import pytest

from lvzhi.core import qrcode

# ISO/IEC 18004 Table C.1: the 15-bit format strings for level M, masks 0–7.
FORMAT_M = [
    "101010000010010",
    "101000100100101",
    "101111001111100",
    "101101101001011",
    "100010111111001",
    "100000011001110",
    "100111110010111",
    "100101010100000",
]
# Mask conditions as the standard writes them, with i = row and j = column.
MASK_RULES = [
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
]
# Version → (side, data codewords, error-correction codewords per block, blocks, alignment centre) at level M.
VERSIONS = {
    1: (21, 16, 10, 1, None),
    2: (25, 28, 16, 1, 18),
    3: (29, 44, 26, 1, 22),
    4: (33, 64, 18, 2, 26),
    5: (37, 86, 24, 2, 30),
    6: (41, 108, 16, 4, 34),
}
CHECKIN_URL = "https://lvzhi.example.gov.cn/activities/42/checkin/?code=k3m9x2qa"


def is_function_module(side: int, alignment: int | None, row: int, col: int) -> bool:
    near = (row < 9 and col < 9) or (row < 9 and col >= side - 8) or (row >= side - 8 and col < 9)
    aligned = alignment is not None and abs(row - alignment) <= 2 and abs(col - alignment) <= 2
    return near or aligned or row == 6 or col == 6


def read_format(m: list[list[bool]]) -> tuple[str, str]:
    side = len(m)
    first = [m[8][c] for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [m[r][8] for r in (7, 5, 4, 3, 2, 1, 0)]
    second = [m[r][8] for r in range(side - 1, side - 8, -1)] + [m[8][c] for c in range(side - 8, side)]
    as_text = lambda bits: "".join("1" if b else "0" for b in bits)  # noqa: E731
    return as_text(first), as_text(second)


def read_codewords(m: list[list[bool]], version: int, mask: int) -> list[int]:
    side, __, __, __, alignment = VERSIONS[version]
    bits = []
    col = side - 1
    upward = True
    while col > 0:
        if col == 6:
            col -= 1
        rows = range(side - 1, -1, -1) if upward else range(side)
        for row in rows:
            for c in (col, col - 1):
                if not is_function_module(side, alignment, row, c):
                    bits.append(m[row][c] ^ MASK_RULES[mask](row, c))
        upward = not upward
        col -= 2
    return [int("".join(str(int(b)) for b in bits[i : i + 8]), 2) for i in range(0, len(bits) - 7, 8)]


def syndromes_are_zero(block: list[int], ec: int) -> bool:
    for i in range(ec):
        value = 0
        for codeword in block:
            value = qrcode.gf_multiply(value, qrcode.gf_power_of_alpha(i)) ^ codeword
        if value:
            return False
    return True


def decode(symbol: qrcode.QrCode) -> bytes:
    m = [list(row) for row in symbol.modules]
    side, data_count, ec, blocks, __ = VERSIONS[symbol.version]
    assert len(m) == side
    first, second = read_format(m)
    assert first == second, "the two format copies differ"
    mask = FORMAT_M.index(first)
    codewords = read_codewords(m, symbol.version, mask)
    per_block = data_count // blocks
    data_blocks = [[codewords[i * blocks + b] for i in range(per_block)] for b in range(blocks)]
    ec_start = data_count
    ec_blocks = [[codewords[ec_start + i * blocks + b] for i in range(ec)] for b in range(blocks)]
    for data, correction in zip(data_blocks, ec_blocks, strict=True):
        assert syndromes_are_zero(data + correction, ec)
    data = [c for block in data_blocks for c in block]
    bits = "".join(f"{c:08b}" for c in data)
    assert bits[:4] == "0100", "byte mode"
    length = int(bits[4:12], 2)
    payload = bytes(int(bits[12 + 8 * i : 20 + 8 * i], 2) for i in range(length))
    rest = bits[12 + 8 * length :]
    terminator = min(4, len(rest))
    assert rest[:terminator] == "0" * terminator
    after = rest[terminator:]
    pad_start = -(12 + 8 * length + terminator) % 8
    padding = [int(after[i : i + 8], 2) for i in range(pad_start, len(after), 8)]
    assert padding == [(0xEC, 0x11)[i % 2] for i in range(len(padding))]
    return payload


def test_reed_solomon_matches_the_standards_worked_example():
    # ISO/IEC 18004 Annex I: "01234567" as 1-M.
    data = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
    assert qrcode.reed_solomon(data, 10) == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]


def test_reed_solomon_matches_hello_world_1m():
    data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
    assert qrcode.reed_solomon(data, 10) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]


@pytest.mark.parametrize("mask", range(8))
def test_format_bits_are_the_standards_table(mask):
    assert f"{qrcode.format_bits(mask):015b}" == FORMAT_M[mask]


@pytest.mark.parametrize(
    ("length", "version"), [(1, 1), (14, 1), (15, 2), (26, 2), (27, 3), (42, 3), (62, 4), (84, 5), (85, 6), (106, 6)]
)
def test_the_smallest_version_that_holds_the_bytes_is_chosen(length, version):
    symbol = qrcode.encode("a" * length)
    assert symbol.version == version
    assert symbol.size == 4 * version + 17


def test_more_than_106_bytes_is_refused():
    with pytest.raises(ValueError):
        qrcode.encode("a" * 107)


@pytest.mark.parametrize("text", ["", "1", "Hello, world!", "签到", CHECKIN_URL, "x" * 62, "y" * 106])
def test_a_symbol_reads_back_to_its_text(text):
    assert decode(qrcode.encode(text)).decode() == text


@pytest.mark.parametrize("mask", range(8))
def test_every_mask_reads_back(mask):
    symbol = qrcode.encode(CHECKIN_URL, mask=mask)
    assert symbol.mask == mask
    assert decode(symbol).decode() == CHECKIN_URL


def test_finder_timing_alignment_and_dark_module_are_in_place():
    symbol = qrcode.encode(CHECKIN_URL)
    m = symbol.modules
    side, __, __, __, alignment = VERSIONS[symbol.version]
    finder = ["1111111", "1000001", "1011101", "1011101", "1011101", "1000001", "1111111"]
    for top, left in ((0, 0), (0, side - 7), (side - 7, 0)):
        drawn = ["".join("1" if m[top + r][left + c] else "0" for c in range(7)) for r in range(7)]
        assert drawn == finder
    assert not any(m[7][c] for c in range(8)) and not any(m[r][7] for r in range(8))  # separator
    assert [m[6][c] for c in range(8, side - 8)] == [c % 2 == 0 for c in range(8, side - 8)]
    assert [m[r][6] for r in range(8, side - 8)] == [r % 2 == 0 for r in range(8, side - 8)]
    ring = [m[alignment + dr][alignment + dc] for dr in range(-2, 3) for dc in range(-2, 3)]
    assert ring == [max(abs(dr), abs(dc)) != 1 for dr in range(-2, 3) for dc in range(-2, 3)]
    assert m[side - 8][8]


def test_the_chosen_mask_has_the_lowest_penalty():
    chosen = qrcode.encode(CHECKIN_URL)
    scores = [qrcode.penalty([list(r) for r in qrcode.encode(CHECKIN_URL, mask=k).modules]) for k in range(8)]
    assert scores[chosen.mask] == min(scores)


def test_svg_draws_every_dark_module_on_a_white_quiet_zone():
    symbol = qrcode.encode("abc")
    svg = symbol.svg(label='会场签到码 <"x">')
    assert svg.startswith("<svg") and 'viewBox="0 0 29 29"' in svg
    assert "&lt;&quot;x&quot;&gt;" in svg
    drawn = sum(int(run.split("h")[1].split("v")[0]) for run in svg.split('d="')[1].split("z")[:-1])
    assert drawn == sum(map(sum, symbol.modules))
