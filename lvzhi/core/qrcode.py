"""A small QR Code encoder (ISO/IEC 18004 Model 2) for the check-in screens, rendered as inline SVG.

Deployments run on intranets with no outside call and no QR package, and what we encode is a short
check-in URL, so one slice of the standard is enough: byte mode, versions 1–6 (up to 106 bytes),
error-correction level M (15 % of the symbol may be smudged or glared and still scan).
Coordinates are (x, y) = (column, row) with (0, 0) top left.
"""

from dataclasses import dataclass
from html import escape

# Version → (total codewords, error-correction codewords per block, number of blocks) at level M.
M_BLOCKS: dict[int, tuple[int, int, int]] = {
    1: (26, 10, 1),
    2: (44, 16, 1),
    3: (70, 26, 1),
    4: (100, 18, 2),
    5: (134, 24, 2),
    6: (172, 16, 4),
}
# Versions 2–6 have one alignment pattern, centred at (c, c); the other centres fall on the finders.
ALIGNMENT_CENTRE = {2: 18, 3: 22, 4: 26, 5: 30, 6: 34}
MAX_VERSION = 6
EC_LEVEL_M = 0b00  # the level's two format bits (L=01, M=00, Q=11, H=10)
BYTE_MODE = 0b0100
PAD_CODEWORDS = (0xEC, 0x11)

MASKS = (
    lambda x, y: (x + y) % 2 == 0,
    lambda x, y: y % 2 == 0,
    lambda x, y: x % 3 == 0,
    lambda x, y: (x + y) % 3 == 0,
    lambda x, y: (x // 3 + y // 2) % 2 == 0,
    lambda x, y: x * y % 2 + x * y % 3 == 0,
    lambda x, y: (x * y % 2 + x * y % 3) % 2 == 0,
    lambda x, y: ((x + y) % 2 + x * y % 3) % 2 == 0,
)

# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1, as exponent and logarithm tables.
_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _power in range(255):
    _EXP[_power] = _EXP[_power + 255] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D


def gf_multiply(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


def gf_power_of_alpha(n: int) -> int:
    return _EXP[n % 255]


def _generator(degree: int) -> list[int]:
    """(x − α⁰)(x − α¹)…(x − α^(degree−1)), highest power first, without its leading 1."""
    poly = [1]
    for i in range(degree):
        product = [*poly, 0]
        for j, coefficient in enumerate(poly):
            product[j + 1] ^= gf_multiply(coefficient, _EXP[i])
        poly = product
    return poly[1:]


def reed_solomon(data: list[int], degree: int) -> list[int]:
    """The error-correction codewords: the remainder of data·x^degree divided by the generator."""
    generator = _generator(degree)
    remainder = [0] * degree
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = [*remainder[1:], 0]
        for i, coefficient in enumerate(generator):
            remainder[i] ^= gf_multiply(coefficient, factor)
    return remainder


def data_codewords_count(version: int) -> int:
    total, per_block, blocks = M_BLOCKS[version]
    return total - per_block * blocks


def byte_capacity(version: int) -> int:
    """Bytes that fit after the 4-bit mode and 8-bit length (versions 1–9 count bytes in 8 bits)."""
    return (data_codewords_count(version) * 8 - 12) // 8


def choose_version(length: int) -> int:
    for version in M_BLOCKS:
        if length <= byte_capacity(version):
            return version
    raise ValueError(f"QR payload of {length} bytes exceeds {byte_capacity(MAX_VERSION)} bytes")


def data_codewords(payload: bytes, version: int) -> list[int]:
    """Mode, length, the bytes, a terminator of up to four zero bits, then the pad codewords."""
    wanted = data_codewords_count(version)
    bits: list[int] = []

    def put(value: int, length: int) -> None:
        bits.extend((value >> i) & 1 for i in reversed(range(length)))

    put(BYTE_MODE, 4)
    put(len(payload), 8)
    for byte in payload:
        put(byte, 8)
    put(0, min(4, wanted * 8 - len(bits)))
    put(0, -len(bits) % 8)
    codewords = [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits), 8)]
    codewords += [PAD_CODEWORDS[i % 2] for i in range(wanted - len(codewords))]
    return codewords


def interleave(data: list[int], version: int) -> list[int]:
    """Split into equal blocks (true for level M up to version 6), add each block's error correction,
    then take the codewords column by column: data first, error correction after."""
    __, per_block, count = M_BLOCKS[version]
    size = len(data) // count
    blocks = [data[i * size : (i + 1) * size] for i in range(count)]
    corrections = [reed_solomon(block, per_block) for block in blocks]
    return [b[i] for i in range(size) for b in blocks] + [c[i] for i in range(per_block) for c in corrections]


def format_bits(mask: int) -> int:
    """Level and mask, protected by the BCH(15,5) code and XORed with the standard's fixed pattern."""
    data = (EC_LEVEL_M << 3) | mask
    remainder = data
    for __ in range(10):
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
    return ((data << 10) | remainder) ^ 0x5412


class _Grid:
    def __init__(self, version: int):
        self.size = version * 4 + 17
        self.dark = [[False] * self.size for __ in range(self.size)]
        self.reserved = [[False] * self.size for __ in range(self.size)]

    def put(self, x: int, y: int, dark: bool) -> None:
        self.dark[y][x] = dark
        self.reserved[y][x] = True

    def copy(self) -> "_Grid":
        other = object.__new__(_Grid)
        other.size = self.size
        other.dark = [row[:] for row in self.dark]
        other.reserved = self.reserved
        return other


def _function_patterns(version: int) -> _Grid:
    grid = _Grid(version)
    size = grid.size
    for i in range(size):
        grid.put(6, i, i % 2 == 0)
        grid.put(i, 6, i % 2 == 0)
    for cx, cy in ((3, 3), (size - 4, 3), (3, size - 4)):
        # The 7×7 finder and its light separator: rings at distance 2 and 4 from the centre are light.
        for dy in range(-4, 5):
            for dx in range(-4, 5):
                x, y = cx + dx, cy + dy
                if 0 <= x < size and 0 <= y < size:
                    grid.put(x, y, max(abs(dx), abs(dy)) not in (2, 4))
    if version in ALIGNMENT_CENTRE:
        c = ALIGNMENT_CENTRE[version]
        for dy in range(-2, 3):
            for dx in range(-2, 3):
                grid.put(c + dx, c + dy, max(abs(dx), abs(dy)) != 1)
    _draw_format(grid, 0)  # reserves the format areas; the real bits go in once the mask is chosen
    return grid


def _draw_format(grid: _Grid, mask: int) -> None:
    bits = format_bits(mask)
    size = grid.size

    def bit(i: int) -> bool:
        return (bits >> i) & 1 == 1

    # Around the top-left finder: bits 0–5 down column 8, then 6–8 round the corner, 9–14 along row 8.
    for i in range(6):
        grid.put(8, i, bit(i))
    grid.put(8, 7, bit(6))
    grid.put(8, 8, bit(7))
    grid.put(7, 8, bit(8))
    for i in range(9, 15):
        grid.put(14 - i, 8, bit(i))
    # The second copy: bits 0–7 along row 8 from the right edge, 8–14 up column 8 to the bottom edge.
    for i in range(8):
        grid.put(size - 1 - i, 8, bit(i))
    for i in range(8, 15):
        grid.put(8, size - 15 + i, bit(i))
    grid.put(8, size - 8, True)  # the dark module, always dark


def data_positions(size: int, reserved: list[list[bool]]) -> list[tuple[int, int]]:
    """Free modules in placement order: column pairs from the right, zigzagging up then down,
    stepping over the vertical timing column."""
    positions = []
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5
        upward = (right + 1) & 2 == 0
        for step in range(size):
            y = size - 1 - step if upward else step
            for x in (right, right - 1):
                if not reserved[y][x]:
                    positions.append((x, y))
        right -= 2
    return positions


def penalty(dark: list[list[bool]]) -> int:
    """The standard's four penalty rules; the mask with the lowest score reads most reliably."""
    size = len(dark)
    score = 0
    lines = dark + [[dark[y][x] for y in range(size)] for x in range(size)]
    for line in lines:
        run = 1
        for i in range(1, size):
            if line[i] == line[i - 1]:
                run += 1
                score += 3 if run == 5 else 1 if run > 5 else 0
            else:
                run = 1
        window = 0
        for i, module in enumerate(line):
            window = ((window << 1) & 0x7FF) | module
            if i >= 10 and window in (0x05D, 0x5D0):  # 1:1:3:1:1 with four light modules on one side
                score += 40
    for y in range(size - 1):
        for x in range(size - 1):
            if dark[y][x] == dark[y][x + 1] == dark[y + 1][x] == dark[y + 1][x + 1]:
                score += 3
    total = size * size
    darks = sum(map(sum, dark))
    score += 10 * ((abs(darks * 20 - total * 10) + total - 1) // total - 1)
    return score


@dataclass(frozen=True)
class QrCode:
    version: int
    mask: int
    modules: tuple[tuple[bool, ...], ...]  # True = dark, rows top to bottom

    @property
    def size(self) -> int:
        return len(self.modules)

    def svg(self, *, border: int = 4, label: str = "") -> str:
        """A standalone <svg> scaling to its container; one path of horizontal runs keeps it small."""
        parts = []
        for y, row in enumerate(self.modules):
            x = 0
            while x < self.size:
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < self.size and row[x]:
                    x += 1
                parts.append(f"M{start + border},{y + border}h{x - start}v1h{start - x}z")
        side = self.size + 2 * border
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" shape-rendering="crispEdges" '
            f'role="img" aria-label="{escape(label)}"><rect width="{side}" height="{side}" fill="#fff"/>'
            f'<path fill="#000" d="{"".join(parts)}"/></svg>'
        )


def encode(text: str | bytes, *, mask: int | None = None) -> QrCode:
    """The smallest version that holds the text (UTF-8), with the best mask unless one is given."""
    payload = text.encode() if isinstance(text, str) else text
    version = choose_version(len(payload))
    base = _function_patterns(version)
    codewords = interleave(data_codewords(payload, version), version)
    bits = [(byte >> (7 - i)) & 1 == 1 for byte in codewords for i in range(8)]
    for (x, y), value in zip(data_positions(base.size, base.reserved), bits, strict=False):
        base.dark[y][x] = value  # modules past the last codeword are remainder bits, left light
    candidates = []
    for number in range(8) if mask is None else (mask,):
        grid = base.copy()
        rule = MASKS[number]
        for y in range(grid.size):
            for x in range(grid.size):
                if not grid.reserved[y][x] and rule(x, y):
                    grid.dark[y][x] = not grid.dark[y][x]
        _draw_format(grid, number)
        candidates.append((penalty(grid.dark), number, grid))
    __, chosen, grid = min(candidates, key=lambda c: (c[0], c[1]))
    return QrCode(version, chosen, tuple(tuple(row) for row in grid.dark))
