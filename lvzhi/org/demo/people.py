"""Made-up but plausible members for the demo and the scale benchmark: names, parties, work and contact.

Everything comes from one seeded random generator, so the demo is the same on every machine.
"""

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from lvzhi.org.models import Gender, PoliticalAffiliation
from lvzhi.org.standards import standard_education

P = PoliticalAffiliation

# The hundred commonest surnames, commonest first; weights fall off with rank as they do in the census.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
SURNAME_WEIGHTS = [1 / (rank + 3) for rank in range(len(SURNAMES))]
# A given name is one character, or a first character and one of the gender's characters.
GIVEN_FIRST_MALE = "建国志永振德明金宏俊海文立世家少天云光学新子嘉"
GIVEN_FIRST_FEMALE = "晓春雅思欣丽玉秀文海红子嘉慧美"
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健帆旭宁龙林洋峰松亮成彬博"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲英婷雪慧颖琳晶红梅莉萍倩洁丹华兰琴蓉月璐佳"

MINORITIES = ("回族", "满族", "蒙古族", "壮族", "土家族", "苗族", "彝族", "藏族", "朝鲜族", "侗族", "瑶族", "白族")
NATIVE_PLACES = (
    "山东济宁", "山东潍坊", "江苏常州", "江苏南通", "浙江温州", "浙江金华", "安徽合肥", "安徽蚌埠", "河南南阳",
    "河南信阳", "湖北襄阳", "湖南衡阳", "四川南充", "四川阆中", "广东江门", "广东鹤山", "福建泉州", "江西赣州",
    "河北保定", "山西运城", "辽宁抚顺", "吉林延边", "陕西宝鸡", "重庆万州", "云南曲靖", "广西桂林",
)  # fmt: skip
HONOURS = (
    "全国劳动模范",
    "省五一劳动奖章",
    "省三八红旗手",
    "市优秀政协委员",
    "省优秀教师",
    "市十佳医生",
    "省科技进步二等奖",
)

# (employer with {p} for the place, job titles, employer kind, industry, professional titles, focus areas)
Work = tuple[str, tuple[str, ...], str, str, tuple[str, ...], str]
PROFESSIONS: dict[str, tuple[Work, ...]] = {
    "cadre": (
        ("{p}发展和改革委员会", ("主任", "副主任"), "党政机关", "公共管理", (), "高质量发展、重大项目建设"),
        ("{p}财政局", ("局长", "副局长"), "党政机关", "公共管理", ("高级会计师",), "财政体制改革、预算绩效"),
        ("{p}人民检察院", ("副检察长", "检察委员会委员"), "政法机关", "公共管理", (), "法治政府建设、公益诉讼"),
        ("{p}东湖街道党工委", ("书记", "副书记"), "党政机关", "公共管理", (), "基层治理、城市更新"),
        ("{p}城市建设投资集团有限公司", ("党委书记、董事长",), "国有企业", "建筑业", ("高级工程师",), "城市建设"),
    ),
    "entrepreneur": (
        ("{p}华信机械制造有限公司", ("董事长", "总经理"), "民营企业", "制造业", ("工程师",), "民营经济、营商环境"),
        ("{p}恒通物流集团有限公司", ("董事长",), "民营企业", "交通运输业", (), "现代物流、降本增效"),
        ("{p}农村商业银行", ("行长", "副行长"), "国有企业", "金融业", ("高级经济师",), "普惠金融、小微企业融资"),
        ("{p}新材料科技股份有限公司", ("董事长、总经理",), "民营企业", "制造业", ("高级工程师",), "科技创新"),
        ("{p}锦程置业有限公司", ("总经理",), "民营企业", "房地产业", ("经济师",), "住房保障、城市更新"),
        ("{p}明德律师事务所", ("主任、律师",), "社会组织", "法律服务", ("一级律师",), "法治化营商环境"),
    ),
    "teacher": (
        ("{p}第一中学", ("校长", "副校长", "教师"), "事业单位", "教育", ("中学高级教师",), "基础教育均衡发展"),
        ("{p}实验小学", ("校长", "教师"), "事业单位", "教育", ("小学高级教师",), "双减、课后服务"),
        ("示范学院", ("副院长", "教授"), "事业单位", "教育", ("教授", "副教授"), "高等教育、人才培养"),
        ("{p}职业技术学院", ("院长", "系主任"), "事业单位", "教育", ("副教授",), "职业教育、产教融合"),
    ),
    "doctor": (
        ("{p}人民医院", ("副院长", "主任医师", "科主任"), "事业单位", "卫生", ("主任医师",), "公立医院改革"),
        ("{p}中医院", ("院长", "主任医师"), "事业单位", "卫生", ("主任中医师",), "中医药传承创新"),
        ("{p}疾病预防控制中心", ("主任", "副主任"), "事业单位", "卫生", ("主任医师",), "公共卫生应急"),
        ("{p}妇幼保健院", ("院长", "副主任医师"), "事业单位", "卫生", ("副主任医师",), "妇幼健康、托育服务"),
    ),
    "scientist": (
        ("{p}农业科学研究院", ("院长", "研究员"), "事业单位", "科学研究", ("研究员",), "种业振兴"),
        ("{p}高新技术产业开发区管委会", ("副主任",), "党政机关", "公共管理", ("高级工程师",), "科技成果转化"),
        ("{p}智能装备研究院", ("院长", "首席工程师"), "事业单位", "科学研究", ("正高级工程师",), "智能制造"),
        ("{p}科学技术协会", ("副主席",), "人民团体", "社会组织", ("研究员",), "科学普及"),
    ),
    "scholar": (
        ("示范学院马克思主义学院", ("院长", "教授"), "事业单位", "教育", ("教授",), "理论研究"),
        ("{p}社会科学界联合会", ("主席", "副主席"), "人民团体", "社会组织", ("研究员",), "地方文化研究"),
        ("{p}委党校", ("副校长", "教授"), "党政机关", "教育", ("教授",), "基层治理研究"),
    ),
    "artist": (
        ("{p}文学艺术界联合会", ("主席", "副主席"), "人民团体", "文化艺术", ("一级作家",), "文艺精品创作"),
        ("{p}歌舞剧院", ("院长", "演员"), "事业单位", "文化艺术", ("一级演员",), "非遗保护与传承"),
        ("{p}博物馆", ("馆长",), "事业单位", "文化艺术", ("研究馆员",), "文物保护利用"),
        ("{p}融媒体中心", ("主任", "主编"), "事业单位", "新闻出版", ("高级编辑",), "媒体融合"),
    ),
    "farmer": (
        ("{p}绿源果蔬专业合作社", ("理事长",), "农民专业合作社", "农业", ("农艺师",), "乡村振兴、产业兴农"),
        ("{p}青山镇桃源村", ("党支部书记、村委会主任",), "村（居）委会", "农业", (), "农村人居环境"),
        ("{p}农业农村局", ("副局长",), "党政机关", "公共管理", ("高级农艺师",), "高标准农田建设"),
        ("{p}丰收粮油有限公司", ("董事长",), "民营企业", "农业", (), "粮食安全"),
    ),
    "people": (
        ("{p}总工会", ("副主席",), "人民团体", "社会组织", (), "职工权益保障"),
        ("{p}妇女联合会", ("主席", "副主席"), "人民团体", "社会组织", (), "妇女儿童权益"),
        ("共青团{p}委员会", ("书记", "副书记"), "人民团体", "社会组织", (), "青年发展、青年就业"),
        ("{p}归国华侨联合会", ("主席", "副主席"), "人民团体", "社会组织", (), "侨务工作"),
        ("{p}台湾同胞联谊会", ("会长",), "人民团体", "社会组织", (), "两岸交流"),
        ("{p}残疾人联合会", ("理事长",), "人民团体", "社会组织", (), "残疾人就业"),
    ),
    "sports": (
        ("{p}体育运动学校", ("校长", "教练员"), "事业单位", "体育", ("国家级教练",), "青少年体育"),
        ("{p}体育中心", ("主任",), "事业单位", "体育", (), "全民健身"),
    ),
    "religion": (
        ("{p}佛教协会", ("会长",), "宗教团体", "宗教", (), "宗教中国化"),
        ("{p}伊斯兰教协会", ("会长", "副会长"), "宗教团体", "宗教", (), "民族团结"),
        ("{p}基督教两会", ("主席", "会长"), "宗教团体", "宗教", (), "宗教事务依法管理"),
        ("{p}道教协会", ("会长",), "宗教团体", "宗教", (), "宗教文化保护"),
    ),
}

# Which kinds of people a sector draws from; a party's own sector also draws on its office holders.
SECTOR_PROFESSIONS: dict[str, tuple[str, ...]] = {
    "中共": ("cadre", "cadre", "entrepreneur", "teacher", "doctor"),
    "民革": ("entrepreneur", "doctor", "teacher"),
    "民盟": ("teacher", "scholar", "doctor"),
    "民进": ("teacher", "artist", "scholar"),
    "无党派人士": ("scientist", "doctor", "entrepreneur"),
    "共青团": ("people", "entrepreneur", "teacher"),
    "总工会": ("people", "entrepreneur", "cadre"),
    "妇联": ("people", "doctor", "teacher", "entrepreneur"),
    "工商联": ("entrepreneur",),
    "科协": ("scientist",),
    "台联": ("people", "entrepreneur"),
    "侨联": ("people", "entrepreneur"),
    "文化艺术界": ("artist",),
    "科学技术界": ("scientist",),
    "社会科学界": ("scholar",),
    "经济界": ("entrepreneur", "entrepreneur", "cadre"),
    "农业界": ("farmer",),
    "教育界": ("teacher",),
    "体育界": ("sports",),
    "医药卫生界": ("doctor",),
    "少数民族界": ("cadre", "teacher", "doctor", "entrepreneur"),
    "宗教界": ("religion",),
    "特邀人士": ("cadre", "scholar"),
}
PARTY_OFFICES = {"民革": "民革{p}委员会", "民盟": "民盟{p}委员会", "民进": "民进{p}委员会"}

# Political affiliation by sector (GB/T 4762 codes, weights). Other sectors draw from DEFAULT_PARTY:
# about 37% CPC members (40% overall with the CPC sector); democratic parties without a sector sit here.
SECTOR_PARTY: dict[str, dict[str, int]] = {
    "中共": {P.CPC: 1},
    "民革": {P.RCCK: 1},
    "民盟": {P.CDL: 1},
    "民进": {P.CAPD: 1},
    "无党派人士": {P.NON_PARTY: 1},
    "共青团": {P.CPC: 8, P.MASSES: 2},
    "宗教界": {P.MASSES: 8, P.NON_PARTY: 2},
    "特邀人士": {P.CPC: 8, P.MASSES: 2},
}
DEFAULT_PARTY = {
    P.CPC: 37,
    P.RCCK: 2,
    P.CDL: 3,
    P.CNDCA: 8,
    P.CAPD: 3,
    P.CPWDP: 5,
    P.CZGP: 2,
    P.JS: 6,
    P.TDSGL: 1,
    P.NON_PARTY: 7,
    P.MASSES: 26,
}
FEMALE_SHARE = {"妇联": 0.9, "宗教界": 0.1, "体育界": 0.35}
DEFAULT_FEMALE_SHARE = 0.28  # women are about a quarter of CPPCC members

# A region code that belongs to no real place, so no made-up ID number can be a real person's.
ID_REGION = "990101"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(birth: datetime.date, sequence: int) -> str:
    """An 18-digit number with a valid GB 11643 check digit (the sequence's parity carries the gender)."""
    body = f"{ID_REGION}{birth:%Y%m%d}{sequence:03d}"
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def weighted(rng: random.Random, table: dict[Any, int | float]) -> Any:
    return rng.choices(list(table), weights=list(table.values()))[0]


@dataclass
class PeopleFactory:
    """Draws people for a committee; names and mobiles stay unique within one factory."""

    seed: int
    place: str
    year: int
    rng: random.Random = field(init=False)
    names: set[str] = field(default_factory=set)
    mobiles: set[str] = field(default_factory=set)
    id_numbers: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def name(self, female: bool) -> str:
        first, second = (GIVEN_FIRST_FEMALE, GIVEN_FEMALE) if female else (GIVEN_FIRST_MALE, GIVEN_MALE)
        while True:
            given = self.rng.choice(second)
            if self.rng.random() < 0.65:
                given = self.rng.choice(first) + given
            name = self.rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0] + given
            if name not in self.names:
                self.names.add(name)
                return name

    def mobile(self) -> str:
        while True:
            mobile = f"139{self.rng.randrange(10**8):08d}"
            if mobile not in self.mobiles:
                self.mobiles.add(mobile)
                return mobile

    def id_number(self, birth: datetime.date, female: bool) -> str:
        while True:
            number = id_number(birth, self.rng.randrange(500) * 2 + (0 if female else 1))
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def birth_date(self, sector: str) -> datetime.date:
        age = self.rng.gauss(35, 4) if sector == "共青团" else self.rng.gauss(52, 7)
        age = min(max(age, 28), 70)
        return datetime.date(self.year - int(age), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def work(self, sector: str) -> dict[str, str]:
        rng = self.rng
        if sector in PARTY_OFFICES and rng.random() < 0.2:
            work: Work = (PARTY_OFFICES[sector], ("专职副主委", "秘书长"), "民主党派机关", "公共管理", (), "参政议政")
        else:
            kind = rng.choice(SECTOR_PROFESSIONS.get(sector, ("cadre", "entrepreneur", "teacher", "doctor")))
            work = rng.choice(PROFESSIONS[kind])
        employer, titles, employer_kind, industry, professional_titles, focus = work
        senior = bool(professional_titles) and rng.random() < 0.7
        graduate = senior and rng.random() < 0.5
        education = "研究生" if graduate else "大学" if senior else rng.choice(("大学", "大学", "大专"))
        job_title = rng.choice(titles)  # drawn in this order so the demo stays the same people
        professional_title = rng.choice(professional_titles) if senior else ""
        degree = rng.choice(("博士", "硕士")) if graduate else {"大学": "学士"}.get(education, "")
        return {
            "employer": employer.format(p=self.place),
            "job_title": job_title,
            "employer_kind": employer_kind,
            "industry": industry,
            "professional_title": professional_title,
            "education": standard_education(education, degree) or "",
            "degree": degree,
            "focus_areas": focus,
            "expertise": industry,
        }

    def person(self, sector: str) -> dict[str, Any]:
        """member_data for one member of the given sector (the keys are Member fields)."""
        rng = self.rng
        female = rng.random() < FEMALE_SHARE.get(sector, DEFAULT_FEMALE_SHARE)
        minority = sector == "少数民族界" or rng.random() < 0.06
        birth = self.birth_date(sector)
        party = weighted(rng, SECTOR_PARTY.get(sector, DEFAULT_PARTY))
        joined = party not in (P.MASSES, P.NON_PARTY)
        mobile = self.mobile()
        return {
            "name": self.name(female),
            "gender": Gender.FEMALE if female else Gender.MALE,
            "ethnicity": rng.choice(MINORITIES) if minority else "汉族",
            "birth_date": birth,
            "native_place": rng.choice(NATIVE_PLACES),
            "id_number": self.id_number(birth, female),
            "political_affiliation": party,
            "party_joined_on": birth.replace(year=birth.year + rng.randint(22, 35)) if joined else None,
            **self.work(sector),
            "mobile": mobile,
            "mobile_in_directory": rng.random() < 0.35,
            "office_phone": f"{rng.randint(2, 8)}{rng.randrange(10**7):07d}",
            "home_address": f"{self.place}{rng.choice('东西南北')}环路{rng.randint(1, 299)}号",
            "honours": rng.choice(HONOURS) if rng.random() < 0.15 else "",
        }
