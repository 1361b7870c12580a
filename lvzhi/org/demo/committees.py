"""The two demo committees as data: their bodies, places and the accounts, one per role.

build.py turns a DemoCommittee into rows; bench/scale.py reuses it with another member count.
"""

from dataclasses import dataclass

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Committee
from lvzhi.org.models import RegionalGroup, Station

DEMO_PASSWORD = "Lvzhi@2026"

# Members per sector in a city of about 300 (the party and people's-organisation sectors are small).
SECTOR_WEIGHTS = {
    "中共": 30, "民革": 9, "民盟": 10, "民进": 10, "无党派人士": 8, "共青团": 8, "总工会": 10, "妇联": 10,
    "工商联": 16, "科协": 10, "台联": 4, "侨联": 6, "文化艺术界": 14, "科学技术界": 14, "社会科学界": 12,
    "经济界": 30, "农业界": 18, "教育界": 18, "体育界": 6, "医药卫生界": 18, "少数民族界": 8, "宗教界": 7,
    "特邀人士": 14,
}  # fmt: skip
CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """14 → 十四, 5 → 五 (terms and sessions are written in Chinese numerals)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    display_name: str
    scoped_to: str = ""  # a special committee (committee_staff) or a sector group (group_convenor)


@dataclass(frozen=True)
class DemoCommittee:
    code: str
    name: str
    level: str
    parent_code: str | None
    place: str  # "示范市": employers, addresses and deciding meetings are named after it
    prefix: str  # prepended to the demo usernames
    term_number: int
    start_year: int
    members: int
    seed: int
    plenaries: tuple[tuple[int, int], ...]  # (month, day) the plenary opens, one per session/year
    special_committees: tuple[str, ...]
    groups: tuple[tuple[str, tuple[str, ...], str], ...]  # name, sectors, supervising special committee
    regions: tuple[tuple[str, str, str], ...]  # name, kind, area
    stations: tuple[tuple[str, str, str, str], ...]  # name, kind, host unit, address
    staff_committee: str  # the special committee the committee_staff account is scoped to
    convenor_group: str  # the sector group the group_convenor account is scoped to

    def accounts(self) -> list[DemoAccount]:
        p = self.prefix
        return [
            DemoAccount(f"{p}admin", Role.ADMIN, "系统管理员"),
            DemoAccount(f"{p}lianluo", Role.MEMBER_AFFAIRS, "委员联络室"),
            DemoAccount(f"{p}zhuanwei", Role.COMMITTEE_STAFF, f"{self.staff_committee}办公室", self.staff_committee),
            DemoAccount(f"{p}jiebie", Role.GROUP_CONVENOR, f"{self.convenor_group}联络员", self.convenor_group),
            DemoAccount(f"{p}tianban", Role.PROPOSAL_OFFICE, "提案委员会办公室"),
            DemoAccount(f"{p}xinxi", Role.INFORMATION_OFFICE, "社情民意信息室"),
            DemoAccount(f"{p}chengban", Role.HANDLING_UNIT, f"{self.place}发展和改革委员会"),
            DemoAccount(f"{p}lingdao", Role.LEADER, f"{self.place}政协秘书长"),
            DemoAccount(f"{p}weiyuan", Role.MEMBER, ""),  # linked to a real member; shows the member's name
            DemoAccount(f"{p}xinxiyuan", Role.INFORMATION_OFFICER, "特邀信息员"),
        ]


CITY_GROUPS = (
    ("中共、特邀界活动组", ("中共", "特邀人士"), "社会和法制委员会"),
    ("民革、民盟界活动组", ("民革", "民盟"), "提案委员会"),
    ("民进、无党派界活动组", ("民进", "无党派人士"), "文化文史和学习委员会"),
    ("共青团、妇联界活动组", ("共青团", "妇联"), "社会和法制委员会"),
    ("总工会、工商联界活动组", ("总工会", "工商联"), "经济委员会"),
    ("经济界活动组", ("经济界",), "经济委员会"),
    ("科技、科协界活动组", ("科学技术界", "科协"), "人口资源环境委员会"),
    ("教育、体育界活动组", ("教育界", "体育界"), "教科卫体委员会"),
    ("医药卫生界活动组", ("医药卫生界",), "教科卫体委员会"),
    ("文化艺术、社科界活动组", ("文化艺术界", "社会科学界"), "文化文史和学习委员会"),
    ("农业界活动组", ("农业界",), "农业和农村委员会"),
    ("民族宗教、台侨界活动组", ("少数民族界", "宗教界", "台联", "侨联"), "民族宗教和港澳台侨委员会"),
)
DISTRICT_GROUPS = (
    ("中共、特邀界活动组", ("中共", "特邀人士"), "社会和法制委员会"),
    ("党派界活动组", ("民革", "民盟", "民进", "无党派人士"), "提案委员会"),
    ("群团界活动组", ("共青团", "总工会", "妇联", "科协", "台联", "侨联"), "社会和法制委员会"),
    ("经济界活动组", ("工商联", "经济界", "农业界"), "经济和农业农村委员会"),
    ("教科卫体界活动组", ("科学技术界", "教育界", "体育界", "医药卫生界"), "教科卫体委员会"),
    ("文化社科民宗界活动组", ("文化艺术界", "社会科学界", "少数民族界", "宗教界"), "文化文史和学习委员会"),
)
S = Station.Kind
R = RegionalGroup.Kind

CITY = DemoCommittee(
    code="demo-city",
    name="示范市政协",
    level=Committee.Level.CITY,
    parent_code=None,
    place="示范市",
    prefix="",
    term_number=14,
    start_year=2022,
    members=300,
    seed=2022,
    plenaries=((1, 9), (1, 8), (1, 7), (1, 12), (1, 11)),
    special_committees=(
        "提案委员会",
        "经济委员会",
        "农业和农村委员会",
        "人口资源环境委员会",
        "教科卫体委员会",
        "社会和法制委员会",
        "文化文史和学习委员会",
        "民族宗教和港澳台侨委员会",
    ),
    groups=CITY_GROUPS,
    regions=(
        ("东城区委员联络组", R.LIAISON, "东城区"),
        ("西城区委员联络组", R.LIAISON, "西城区"),
        ("南湖区委员联络组", R.LIAISON, "南湖区"),
        ("高新区委员活动组", R.ACTIVITY, "高新区"),
        ("经开区委员活动组", R.ACTIVITY, "经开区"),
    ),
    stations=(
        ("东湖街道委员联络站", S.LIAISON_STATION, "东湖街道办事处", "示范市东城区东湖路18号"),
        ("青山镇委员联络站", S.LIAISON_STATION, "青山镇人民政府", "示范市南湖区青山镇人民路2号"),
        ("医药卫生界委员工作室", S.STUDIO, "示范市人民医院", "示范市西城区健康路66号"),
        ("民营经济委员工作室", S.STUDIO, "示范市工商业联合会", "示范市东城区商贸大道100号"),
        ("法律服务委员工作室", S.STUDIO, "明德律师事务所", "示范市西城区正义街9号"),
        ("示范市政协委员之家", S.HOME, "示范市政协机关", "示范市东城区市府路1号"),
        ("农业界界别工作站", S.SECTOR_STATION, "示范市农业科学研究院", "示范市南湖区农科路5号"),
        ("教育界界别工作站", S.SECTOR_STATION, "示范市第一中学", "示范市西城区文昌路21号"),
    ),
    staff_committee="经济委员会",
    convenor_group="经济界活动组",
)
DISTRICT = DemoCommittee(
    code="demo-district",
    name="示范区政协",
    level=Committee.Level.COUNTY,
    parent_code="demo-city",
    place="示范区",
    prefix="qu-",
    term_number=10,
    start_year=2022,
    members=60,
    seed=2021,
    plenaries=((1, 5), (1, 4), (1, 3), (1, 8), (1, 7)),
    special_committees=(
        "提案委员会",
        "经济和农业农村委员会",
        "教科卫体委员会",
        "社会和法制委员会",
        "文化文史和学习委员会",
    ),
    groups=DISTRICT_GROUPS,
    regions=(
        ("城关街道委员活动组", R.ACTIVITY, "城关街道"),
        ("新华街道委员活动组", R.ACTIVITY, "新华街道"),
        ("河西镇政协工委", R.WORK_COMMITTEE, "河西镇"),
    ),
    stations=(
        ("城关街道委员联络站", S.LIAISON_STATION, "城关街道办事处", "示范区城关街道中山路8号"),
        ("河西镇委员之家", S.HOME, "河西镇人民政府", "示范区河西镇府前街1号"),
        ("教育界委员工作室", S.STUDIO, "示范区实验小学", "示范区新华街道育才路3号"),
        ("农业界界别工作站", S.SECTOR_STATION, "示范区绿源果蔬专业合作社", "示范区河西镇桃源村"),
    ),
    staff_committee="经济和农业农村委员会",
    convenor_group="经济界活动组",
)
DEMO_COMMITTEES = (CITY, DISTRICT)
