"""Standard lists for member records: 民族 (GB/T 3304, the 56 nationalities in code order) and 学历 (GB/T 4658's
education levels as personnel forms name them), with the loose spellings older records and files use."""

from django.db import models

ETHNICITY_NAMES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族",
    "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族",
    "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族",
    "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)  # fmt: skip

EDUCATION_NAMES = (
    "博士研究生", "硕士研究生", "大学本科", "大学专科", "中等专科", "职业高中", "技工学校", "普通高中", "初中", "小学",
    "其他",
)  # fmt: skip

# The stored value is the standard name itself, so exports, filters and old readers see the same text as before.
Ethnicity = models.TextChoices("Ethnicity", [(name, name) for name in ETHNICITY_NAMES])
Education = models.TextChoices("Education", [(name, name) for name in EDUCATION_NAMES])

EDUCATION_ALIASES = {
    "博士": "博士研究生",
    "硕士": "硕士研究生",
    "研究生": "硕士研究生",
    "本科": "大学本科",
    "大学": "大学本科",
    "大本": "大学本科",
    "专科": "大学专科",
    "大专": "大学专科",
    "中专": "中等专科",
    "职高": "职业高中",
    "技校": "技工学校",
    "高中": "普通高中",
}


def standard_ethnicity(text: str) -> str | None:
    """ "汉" or "汉族" → "汉族"; None when the text names no nationality of the list."""
    text = (text or "").strip()
    if text in ETHNICITY_NAMES:
        return text
    if f"{text}族" in ETHNICITY_NAMES:
        return f"{text}族"
    return None


def standard_education(text: str, degree: str = "") -> str | None:
    """ "大学" → "大学本科", "研究生" with a doctorate → "博士研究生"; None when the text is no known level."""
    text = (text or "").strip()
    if text in EDUCATION_NAMES:
        return text
    if text == "研究生" and "博士" in (degree or ""):
        return "博士研究生"
    return EDUCATION_ALIASES.get(text)
