"""Scoring rules as data (DOMAIN.md §4): indicators over ledger kinds and roles, caps, bands and overrides.

A scheme is stored as JSON (`Scheme.rules`) and read into these frozen dataclasses; `parse()` refuses a malformed
scheme with a Chinese message per problem, so an office can edit one in the browser without breaking a year.
"""

import functools
import json
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.ledger.taxonomy import ActivityKind, DutyKind, DutyRole

Section = Literal["base", "bonus", "penalty"]
Mode = Literal["each", "once", "ratio"]
SECTIONS: tuple[Section, ...] = ("base", "bonus", "penalty")
MODES: tuple[Mode, ...] = ("each", "once", "ratio")
BAND_CODES = ("excellent", "competent", "basically_competent", "incompetent")
RANKING_POLICIES = ("internal", "published", "top_n")
BAND_ORDER = {code: i for i, code in enumerate(BAND_CODES)}  # lower is better

ATTENDED = ("present", "late", "left_early")
LOWEST = -10_000.0  # the lowest band's floor: JSON (and PostgreSQL's jsonb) has no infinity


@dataclass(frozen=True)
class Indicator:
    """One scoring line. `roles` maps a ledger role to the points one matching row earns.

    each:  every matching row earns its role's points, after the first `skip` rows (paid by another line);
    once:  the best role's points, once, if any row matches;
    ratio: the role points × (matching rows ÷ all rows of these kinds), e.g. plenary half-days attended ÷ held.
    """

    code: str
    label: str
    section: Section
    kinds: tuple[str, ...]
    roles: dict[str, float]
    mode: Mode = "each"
    cap: float | None = None
    skip: int = 0
    prorate: bool = False  # the cap shrinks with the months in office (增补/免去 mid-year)
    standing_only: bool = False  # counts only for standing members (常委), whose base is then rescaled


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    min: float


@dataclass(frozen=True)
class Duty:
    """A minimum duty ("三个一"): at least one row of these kinds and roles in the year."""

    code: str
    label: str
    kinds: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    indicators: tuple[Indicator, ...]
    bands: tuple[Band, ...]
    minimum_duties: tuple[Duty, ...] = ()
    base_total: float | None = 100  # None: an open scale (no cap on the base, no rescaling)
    bonus_cap: float | None = 50
    floor: float | None = 0
    # Hard overrides (§4.3): the band is at most this when …
    unexcused_plenary_caps_at: str | None = "basically_competent"  # … any unexcused plenary absence this year
    missing_duty_caps_at: str | None = "basically_competent"  # … any minimum duty is missing
    term_plenary_absences: int | None = 2  # … this many unexcused plenary absences in the term: 不称职
    excellent_quota: float | None = None  # at most this share (0–1) of ranked members may be 优秀; None = no quota
    # Who sees rankings (§1.4): "internal" staff only; "published" members also see their own rank once the year is
    # published; "top_n" members see the top `ranking_top_n` of each special committee once published.
    ranking_policy: str = "internal"
    ranking_top_n: int = 5

    def band_label(self, code: str) -> str:
        return next((b.label for b in self.bands if b.code == code), code)

    def to_json(self) -> dict[str, Any]:
        """The JSON form `parse()` reads (plain strings and lists, no enums or tuples)."""
        data = asdict(self)
        data["indicators"] = [
            {**item, "kinds": [str(k) for k in item["kinds"]], "roles": {str(r): p for r, p in item["roles"].items()}}
            for item in data["indicators"]
        ]
        data["bands"] = list(data["bands"])
        data["minimum_duties"] = [
            {**item, "kinds": [str(k) for k in item["kinds"]], "roles": [str(r) for r in item["roles"]]}
            for item in data["minimum_duties"]
        ]
        return data


class RulesError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def _number(value: Any, where: str, problems: list[str], *, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > 10_000:
        problems.append(_("%(where)s应为不超过一万的数字") % {"where": where})
        return None
    return float(value)


def _codes(values: Any, allowed: set[str], where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        problems.append(_("%(where)s应为代码列表") % {"where": where})
        return ()
    unknown = [v for v in values if v not in allowed]
    if unknown:
        problems.append(_("%(where)s含未知代码：%(codes)s") % {"where": where, "codes": "、".join(unknown)})
    return tuple(values)


def _indicator(raw: Any, problems: list[str]) -> Indicator | None:
    if not isinstance(raw, dict):
        problems.append(_("指标应为对象"))
        return None
    code = str(raw.get("code") or "").strip()[:10]
    where = _("指标 %(code)s ") % {"code": code or "?"}
    if not code:
        problems.append(_("每个指标都要有编号"))
    section, mode = raw.get("section"), raw.get("mode", "each")
    if section not in SECTIONS:
        problems.append(where + _("的类型应为基础分、加分或扣分"))
    if mode not in MODES:
        problems.append(where + _("的计分方式应为每次、一次或比例"))
    kinds = _codes(raw.get("kinds", []), set(DutyKind.values), where + _("的履职类别"), problems)
    roles_raw = raw.get("roles")
    roles: dict[str, float] = {}
    if not isinstance(roles_raw, dict) or not roles_raw:
        problems.append(where + _("至少要给一个角色计分"))
    else:
        for role, points in roles_raw.items():
            if role not in DutyRole.values:
                problems.append(where + _("含未知角色：%(role)s") % {"role": role})
            value = _number(points, where + _("的分值"), problems)
            if value is not None:
                roles[role] = value
    cap = _number(raw.get("cap"), where + _("的上限"), problems, allow_none=True)
    if cap is not None and cap < 0:
        problems.append(where + _("的上限不能为负"))
    skip = raw.get("skip", 0)
    if isinstance(skip, bool) or not isinstance(skip, int) or not 0 <= skip <= 100:
        problems.append(where + _("的起算次数应为 0–100 的整数"))
        skip = 0
    if skip and len(set(roles.values())) > 1:
        problems.append(where + _("按次起算时各角色分值须相同"))
    if section == "penalty" and any(v > 0 for v in roles.values()):
        problems.append(where + _("是扣分项，分值应为负数"))
    if section in ("base", "bonus") and any(v < 0 for v in roles.values()):
        problems.append(where + _("是得分项，分值不能为负"))
    if mode == "ratio" and section != "base":
        problems.append(where + _("按比例计分只用于基础分"))
    if problems and not code:
        return None
    return Indicator(
        code=code,
        label=str(raw.get("label") or code)[:60],
        section=section if section in SECTIONS else "bonus",
        kinds=kinds,
        roles=roles,
        mode=mode if mode in MODES else "each",
        cap=cap,
        skip=skip,
        prorate=bool(raw.get("prorate", False)),
        standing_only=bool(raw.get("standing_only", False)),
    )


def parse(data: Any) -> Rules:
    """Rules from their JSON form; RulesError lists every problem in Chinese.

    A scheme is read on every ledger list (each row's points), so the same JSON is parsed once per process: the
    result is read-only (frozen dataclasses), and a changed scheme is different JSON."""
    if not isinstance(data, dict):
        raise RulesError([_("考核办法应为对象")])
    return _parse_text(json.dumps(data, sort_keys=True, ensure_ascii=False))


@functools.lru_cache(maxsize=64)
def _parse_text(text: str) -> Rules:
    return _parse(json.loads(text))


def _parse(data: dict) -> Rules:
    problems: list[str] = []
    raw_indicators = data.get("indicators")
    if not isinstance(raw_indicators, list) or not raw_indicators:
        raise RulesError([_("考核办法至少要有一个指标")])
    indicators = [i for i in (_indicator(raw, problems) for raw in raw_indicators[:100]) if i]
    codes = [i.code for i in indicators]
    if len(set(codes)) != len(codes):
        problems.append(_("指标编号不能重复"))
    bands: list[Band] = []
    for raw in data.get("bands") or []:
        if not isinstance(raw, dict) or raw.get("code") not in BAND_CODES:
            problems.append(_("等次代码应为 excellent、competent、basically_competent 或 incompetent"))
            continue
        minimum = _number(raw.get("min", 0), _("等次下限"), problems) or 0.0
        bands.append(Band(raw["code"], str(raw.get("label") or raw["code"])[:20], minimum))
    bands.sort(key=lambda b: -b.min)
    if (
        not bands
        or bands[-1].code != "incompetent"
        or [b.code for b in bands] != sorted((b.code for b in bands), key=BAND_ORDER.__getitem__)
    ):
        problems.append(_("等次应自高到低排列，并以不称职结束"))
    duties = []
    for raw in data.get("minimum_duties") or []:
        if not isinstance(raw, dict):
            problems.append(_("基本履职要求应为对象"))
            continue
        where = _("基本履职要求 %(label)s ") % {"label": raw.get("label", "?")}
        duties.append(
            Duty(
                str(raw.get("code") or "")[:10],
                str(raw.get("label") or "")[:60],
                _codes(raw.get("kinds", []), set(DutyKind.values), where + _("的履职类别"), problems),
                _codes(raw.get("roles", []), set(DutyRole.values), where + _("的角色"), problems),
            )
        )
    scalars = {}
    for key, default in (("base_total", 100.0), ("bonus_cap", 50.0), ("floor", 0.0)):
        scalars[key] = _number(data.get(key, default), key, problems, allow_none=True)
    caps = {}
    for key in ("unexcused_plenary_caps_at", "missing_duty_caps_at"):
        value = data.get(key)
        if value is not None and value not in BAND_CODES:
            problems.append(_("封顶等次应为四个等次之一"))
            value = None
        caps[key] = value
    absences = data.get("term_plenary_absences")
    if absences is not None and (isinstance(absences, bool) or not isinstance(absences, int) or absences < 1):
        problems.append(_("届内缺席全体会议次数应为正整数"))
        absences = None
    quota = data.get("excellent_quota")
    if quota is not None and (isinstance(quota, bool) or not isinstance(quota, int | float) or not 0 < quota <= 1):
        problems.append(_("优秀比例应在 0 到 1 之间"))
        quota = None
    policy = data.get("ranking_policy", "internal")
    if policy not in RANKING_POLICIES:
        problems.append(_("排名公开方式应为 internal、published 或 top_n"))
    top_n = data.get("ranking_top_n", 5)
    if isinstance(top_n, bool) or not isinstance(top_n, int) or not 1 <= top_n <= 100:
        problems.append(_("公布前几名应为 1–100 的整数"))
    if problems:
        raise RulesError(problems)
    return Rules(
        indicators=tuple(indicators),
        bands=tuple(bands),
        minimum_duties=tuple(duties),
        base_total=scalars["base_total"],
        bonus_cap=scalars["bonus_cap"],
        floor=scalars["floor"],
        unexcused_plenary_caps_at=caps["unexcused_plenary_caps_at"],
        missing_duty_caps_at=caps["missing_duty_caps_at"],
        term_plenary_absences=absences,
        excellent_quota=quota,
        ranking_policy=policy,
        ranking_top_n=top_n,
    )


# ---- the default of DOMAIN.md §4.2 and presets after 济南, 安庆 and 闵行 ----

K, R = DutyKind, DutyRole
_MEETINGS = tuple(k.value for k in ActivityKind if k not in (ActivityKind.PLENARY, ActivityKind.STANDING_MEETING))
# B2's "other meetings and activities": every activity kind but the plenary, standing and chair meetings, and
# public service (P13 pays it); online deliberation counts when the member spoke (§3.8).
_B2_KINDS = tuple(
    k for k in _MEETINGS if k not in (ActivityKind.CHAIR_MEETING.value, ActivityKind.PUBLIC_SERVICE.value)
)
_ATTENDED = {r: 5.0 for r in ATTENDED} | {R.SPEAKER.value: 5.0}
_LEAD = (R.FIRST_PROPOSER.value, R.LEAD_AUTHOR.value)


def _i(code: str, label: str, section: Section, kinds: tuple, roles: dict[str, float], **kw: Any) -> Indicator:
    return Indicator(code, label, section, tuple(kinds), roles, **kw)


DEFAULT_INDICATORS: tuple[Indicator, ...] = (
    _i("B1", "全体会议出席", "base", (K.PLENARY,), {r: 30 for r in ATTENDED}, mode="ratio", cap=30),
    _i("B2", "其他会议和活动", "base", _B2_KINDS, _ATTENDED, cap=30, prorate=True),
    _i("B3", "提案立案", "base", (K.PROPOSAL,), {_LEAD[0]: 20, _LEAD[1]: 20, R.COSIGNER: 5}, mode="once", cap=20),
    _i("B4", "社情民意采用", "base", (K.OPINION,), {R.ADOPTED_OWN: 20, R.SUBMITTER: 5}, mode="once", cap=20),
    _i(
        "B5",
        "常委会议出席（常委）",
        "base",
        (K.STANDING_MEETING,),
        {r: 30 for r in ATTENDED},
        mode="ratio",
        cap=30,
        standing_only=True,
    ),
    _i("P1", "再立案提案（第一提案人）", "bonus", (K.PROPOSAL,), {r: 5 for r in _LEAD}, skip=1, cap=20),
    _i("P2", "再立案提案（联名）", "bonus", (K.PROPOSAL,), {R.COSIGNER: 1}, skip=1, cap=3),
    _i("P3", "重点提案", "bonus", (K.KEY_PROPOSAL,), {_LEAD[0]: 10, _LEAD[1]: 10, R.COSIGNER: 3}),
    _i("P4", "优秀提案", "bonus", (K.EXCELLENT_PROPOSAL,), {_LEAD[0]: 10, _LEAD[1]: 10, R.COSIGNER: 2}),
    _i("P5", "办复A类且满意", "bonus", (K.PROPOSAL_SATISFIED,), {r: 2 for r in _LEAD}, cap=6),
    _i("P6", "再采用社情民意", "bonus", (K.OPINION,), {R.ADOPTED_OWN: 3}, skip=1, cap=15),
    _i("P7", "社情民意省级采用", "bonus", (K.OPINION,), {R.ADOPTED_PROVINCE: 10}),
    _i("P8", "社情民意全国采用", "bonus", (K.OPINION,), {R.ADOPTED_NATIONAL: 20}),
    _i(
        "P9",
        "领导批示",
        "bonus",
        (K.OPINION, K.PROPOSAL, K.REPORT),
        {R.INSTRUCTED_CITY: 10, R.INSTRUCTED_PROVINCE: 15, R.INSTRUCTED_NATIONAL: 30},
    ),
    _i("P10", "口头发言", "bonus", (K.SPEECH,), {R.SPEAKER: 5}, cap=10),
    _i("P11", "书面发言", "bonus", (K.SPEECH,), {R.WRITTEN: 3}, cap=9),
    _i("P12", "调研视察报告主笔", "bonus", (K.REPORT,), {R.LEAD_AUTHOR: 5}, cap=10),
    _i("P13", "公益服务", "bonus", (K.PUBLIC_SERVICE,), {R.PARTICIPANT: 2, **{r: 2 for r in ATTENDED}}, cap=10),
    _i("P14", "联系界别群众（基本要求以外）", "bonus", (K.CONTACT,), {R.PARTICIPANT: 1}, skip=3, cap=8),
    _i(
        "P15",
        "文史资料、理论文章、宣传报道",
        "bonus",
        (K.MEDIA, K.CULTURAL_HISTORY),
        {R.LEAD_AUTHOR: 2, R.PARTICIPANT: 2},
        cap=10,
    ),
    _i(
        "P16",
        "表彰奖励",
        "bonus",
        (K.AWARD,),
        {R.AWARD_NATIONAL: 10, R.AWARD_PROVINCIAL: 8, R.AWARD_PREFECTURE: 6, R.AWARD_COUNTY: 4, R.RECIPIENT: 4},
    ),
    _i("P17", "集中培训全程", "bonus", (K.TRAINING,), {R.PRESENT: 5}, cap=10),
    _i("N1", "全体会议无故缺席", "penalty", (K.PLENARY,), {R.ABSENT: -10}),
    _i("N2", "常委会议无故缺席", "penalty", (K.STANDING_MEETING,), {R.ABSENT: -5}),
    _i("N3", "其他会议活动无故缺席", "penalty", _MEETINGS, {R.ABSENT: -2}),
    _i("N4", "迟到早退", "penalty", tuple(k.value for k in ActivityKind), {R.LATE: -1, R.LEFT_EARLY: -1}),
    _i("N6", "代签到或虚假记录", "penalty", (K.PENALTY,), {R.SUBJECT: -10}),
)

FOUR_BANDS = (
    Band("excellent", "优秀", 90),
    Band("competent", "称职", 70),
    Band("basically_competent", "基本称职", 60),
    Band("incompetent", "不称职", LOWEST),
)

THREE_ONES = (
    Duty("M1", "出席全体会议", (K.PLENARY,), ATTENDED),
    Duty(
        "M2",
        "提交一件提案或社情民意",
        (K.PROPOSAL, K.OPINION),
        (R.FIRST_PROPOSER, R.LEAD_AUTHOR, R.COSIGNER, R.SUBMITTER, R.ADOPTED_OWN),
    ),
    Duty("M3", "参加一次调研或视察", (K.RESEARCH, K.INSPECTION, K.STUDY_TOUR), ATTENDED),
)

DEFAULT = Rules(indicators=DEFAULT_INDICATORS, bands=FOUR_BANDS, minimum_duties=THREE_ONES)


def _replace(indicators: tuple[Indicator, ...], **changes: dict[str, Any]) -> tuple[Indicator, ...]:
    return tuple(replace(i, **changes[i.code]) if i.code in changes else i for i in indicators)


# 济南: 70 base + ≤50 bonus = 120; unexcused plenary −30; 优秀 ≥85, 称职 60–84, 不称职 <60 (§4.1 [S1]).
JINAN = Rules(
    indicators=_replace(
        DEFAULT_INDICATORS,
        B1={"roles": {r: 25 for r in ATTENDED}, "cap": 25},
        B2={"cap": 15},
        B3={"roles": {_LEAD[0]: 15, _LEAD[1]: 15, R.COSIGNER: 5}, "cap": 15},
        B4={"roles": {R.ADOPTED_OWN: 15, R.SUBMITTER: 5}, "cap": 15},
        P3={"roles": {_LEAD[0]: 5, _LEAD[1]: 5, R.COSIGNER: 2}},
        N1={"roles": {R.ABSENT: -30}},
    ),
    bands=(Band("excellent", "优秀", 85), Band("competent", "称职", 60), Band("incompetent", "不称职", LOWEST)),
    minimum_duties=THREE_ONES,
    base_total=70,
)

# 安庆: 100 points, meetings 50 (unexcused −5, plenary −10), 提案 30; 优秀/良好/称职/不称职 at 90/80/60 [S7].
ANQING = Rules(
    indicators=_replace(
        DEFAULT_INDICATORS,
        B1={"roles": {r: 25 for r in ATTENDED}, "cap": 25},
        B2={"cap": 25},
        B3={"roles": {_LEAD[0]: 30, _LEAD[1]: 30, R.COSIGNER: 10}, "cap": 30},
        B4={"roles": {R.ADOPTED_OWN: 20, R.SUBMITTER: 5}, "cap": 20},
        N3={"roles": {R.ABSENT: -5}},
    ),
    bands=(
        Band("excellent", "优秀", 90),
        Band("competent", "良好", 80),
        Band("basically_competent", "称职", 60),
        Band("incompetent", "不称职", LOWEST),
    ),
    minimum_duties=THREE_ONES,
)

# 闵行: open scale; plenary 5 per half-day, activity 5, 立案 主笔 15 / participant 3, 重点 +15/+3, 优秀 +10/+2,
# off-site training 10 (§4.1 [S8]); requirements plenary, ≥3 activities, ≥1 提案, ≥1 社情民意.
MINHANG = Rules(
    indicators=_replace(
        DEFAULT_INDICATORS,
        B1={"roles": {r: 5 for r in ATTENDED}, "mode": "each", "cap": None},
        B2={"cap": None, "prorate": False},
        B3={"roles": {_LEAD[0]: 15, _LEAD[1]: 15, R.COSIGNER: 3}, "cap": 15},
        P3={"roles": {_LEAD[0]: 15, _LEAD[1]: 15, R.COSIGNER: 3}},
        P17={"roles": {R.PRESENT: 10}, "cap": 10},
    ),
    bands=FOUR_BANDS,
    minimum_duties=(
        THREE_ONES[0],
        Duty("M2", "提交一件提案", (K.PROPOSAL,), (R.FIRST_PROPOSER, R.LEAD_AUTHOR, R.COSIGNER)),
        Duty("M4", "报送一篇社情民意", (K.OPINION,), (R.SUBMITTER, R.ADOPTED_OWN)),
    ),
    base_total=None,
    bonus_cap=None,
)

PRESETS: dict[str, tuple[str, Rules]] = {
    "default": (gettext_lazy("推荐默认办法（百分制+加分）"), DEFAULT),
    "jinan": (gettext_lazy("济南式（70+50，三个一）"), JINAN),
    "anqing": (gettext_lazy("安庆式（百分制，四等次）"), ANQING),
    "minhang": (gettext_lazy("闵行式（累计积分）"), MINHANG),
}


def preset_choices() -> list[tuple[str, str]]:
    return [(key, label) for key, (label, _rules) in PRESETS.items()]
