"""Vocabulary of the synthetic data: people's names, place names and unit-name templates.

Everything here is invented but plausible. People's names start from Faker's ``vi_VN`` pools
and are widened with common names so that a province of 240,000 people does not look like a
village of ten families. Calling Faker once per person would take minutes at national scale, so
the generator draws from these pools with its own seeded ``random.Random`` instead
(:class:`NamePool`).
"""

from __future__ import annotations

import random
from functools import cache


def _words(text: str) -> list[str]:
    """Long word lists are kept as wrapped text, one word per name."""
    return text.split()


# Family names with their rough share of the population (Nguyễn alone is about 38 %).
FAMILY_WEIGHTS = {
    "Nguyễn": 38.0,
    "Trần": 11.0,
    "Lê": 9.5,
    "Phạm": 7.0,
    "Hoàng": 4.0,
    "Huỳnh": 1.5,
    "Phan": 4.5,
    "Vũ": 2.5,
    "Võ": 1.5,
    "Đặng": 2.1,
    "Bùi": 2.0,
    "Đỗ": 1.4,
    "Hồ": 1.3,
    "Ngô": 1.3,
    "Dương": 1.0,
    "Lý": 0.5,
    "Đinh": 0.6,
    "Trịnh": 0.6,
    "Lương": 0.4,
    "Mai": 0.4,
    "Cao": 0.4,
    "Đào": 0.4,
    "Hà": 0.4,
    "Lâm": 0.3,
    "Tạ": 0.2,
    "Chu": 0.2,
    "Trương": 0.5,
    "Phùng": 0.2,
    "Quách": 0.1,
    "Tô": 0.2,
}

MALE_MIDDLE = ["Văn", "Đức", "Hữu", "Quang", "Minh", "Công", "Xuân", "Trọng", "Đình", "Mạnh"]
MALE_MIDDLE += ["Thành", "Ngọc", "Bá", "Duy", "Tiến", "Viết", "Anh", "Hoàng", "Thanh", "Quốc"]
FEMALE_MIDDLE = ["Thị"] * 12 + ["Ngọc", "Thu", "Thanh", "Minh", "Kim", "Bích", "Hồng", "Diệu"]

EXTRA_MALE_GIVEN = _words("""Anh Bình Cường Dũng Đạt Định Đông Hải Hiếu Hòa Huy Khánh Khoa Long Lợi
    Mạnh Nghĩa Phong Sơn Tài Thắng Thịnh Tiến Toàn Tuấn Việt Vinh Hùng Hiển Lực Quý Thông
    Trường Tùng Chiến Duy Giang Hậu Kiên Lâm Luân Nguyên Nhân Tâm Thuận Trí Tú Vương""")
EXTRA_FEMALE_GIVEN = _words("""Hoa Hằng Nga Nhung Oanh Phương Quyên Thủy Trang Tuyết Vân Yến Dung
    Duyên Giang Hiền Huệ Liên Loan Ly Nguyệt Thắm Thơm Xuân Thúy Hà Hạnh Nhàn Lụa Sen
    Tâm Thư Hậu Lý Lành Mến Diệp Gấm Bình Châu""")


def _dedup(words) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for w in words if w))


@cache
def _faker_pools() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Family names, male and female given names from Faker's vi_VN provider (read once)."""
    try:
        from faker.providers.person.vi_VN import Provider
    except ImportError:  # Faker is a dependency, but the pools below suffice without it
        return (), (), ()
    return (
        tuple(Provider.last_names),
        tuple(Provider.first_names_male) + tuple(Provider.first_names_unisex),
        tuple(Provider.first_names_female) + tuple(Provider.first_names_unisex),
    )


class NamePool:
    """Draws Vietnamese full names and a matching gender from a seeded ``random.Random``.

    Women mostly carry the middle name *Thị*; men mostly *Văn*, *Đức*, *Hữu* … so the gender
    field agrees with the name, as users expect when they read a roster.
    """

    def __init__(self, rng: random.Random):
        faker_family, faker_male, faker_female = _faker_pools()
        weights = dict(FAMILY_WEIGHTS)
        for name in faker_family:
            weights.setdefault(name, 0.3)
        self.rng = rng
        self.family = list(weights)
        self.family_cum = list(_cumulative(weights.values()))
        self.male_given = _dedup([*faker_male, *EXTRA_MALE_GIVEN])
        self.female_given = _dedup([*faker_female, *EXTRA_FEMALE_GIVEN])

    def person(self, female: bool) -> str:
        rng = self.rng
        family = rng.choices(self.family, cum_weights=self.family_cum)[0]
        if female:
            return f"{family} {rng.choice(FEMALE_MIDDLE)} {rng.choice(self.female_given)}"
        return f"{family} {rng.choice(MALE_MIDDLE)} {rng.choice(self.male_given)}"


def _cumulative(values):
    total = 0.0
    for value in values:
        total += value
        yield total


# Syllables for invented place names (communes, villages, companies): two of them make a name.
PLACE_SYLLABLES = _words("""An Bình Hòa Tân Phú Thạnh Long Đông Tây Nam Bắc Xuân Hưng Thịnh
    Quang Minh Thanh Sơn Lâm Hải Trung Yên Phúc Lộc Vĩnh Đức Mỹ Cẩm Kim Ngọc Hồng Lạc Thái Gia Hiệp
    Thuận Định Khánh Lương Tiến Thượng Nghĩa Đại Cát Vân Tường Liên Phong Thủy Hà Triều""")

# The demo province's communes and wards: (kind of commune, name). The first is the demo's.
DEMO_COMMUNES = [
    ("xã", "Tân Phong"),
    ("xã", "Hòa Xuân"),
    ("phường", "Đông Lâm"),
    ("xã", "Phú Lộc"),
    ("phường", "Bắc Hòa"),
    ("xã", "Thanh Vân"),
    ("xã", "Minh Đức"),
    ("phường", "Nam Lâm"),
    ("xã", "Quang Thịnh"),
    ("xã", "Sơn Thủy"),
]


def place_names(rng: random.Random, count: int, exclude=()) -> list[str]:
    """``count`` distinct invented two-syllable names, none of them in ``exclude``."""
    taken = set(exclude)
    names: list[str] = []
    limit = len(PLACE_SYLLABLES) * (len(PLACE_SYLLABLES) - 1)
    while len(names) < count:
        if len(taken) >= limit:  # more names wanted than pairs exist: number them
            names.append(f"{rng.choice(PLACE_SYLLABLES)} {len(names) + 1}")
            continue
        first, second = rng.sample(PLACE_SYLLABLES, 2)
        name = f"{first} {second}"
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


# The five socio-political organisations: (code suffix, people profile, name and short name
# at province level, name and short name at commune level, head's title). ``{place}`` is
# "tỉnh Hòa Lâm" or "xã Tân Phong", ``{name}`` the bare name.
MASS_ORGS = [
    ("DT", "youth", "Tỉnh đoàn {name}", "Tỉnh đoàn {name}",
     "Đoàn TNCS Hồ Chí Minh {place}", "Đoàn {place}", "Bí thư"),
    ("PN", "women", "Hội Liên hiệp Phụ nữ {place}", "Hội LHPN {place}",
     "Hội Liên hiệp Phụ nữ {place}", "Hội LHPN {place}", "Chủ tịch"),
    ("ND", "mass_org", "Hội Nông dân {place}", "Hội ND {place}",
     "Hội Nông dân {place}", "Hội ND {place}", "Chủ tịch"),
    ("CB", "veterans", "Hội Cựu chiến binh {place}", "Hội CCB {place}",
     "Hội Cựu chiến binh {place}", "Hội CCB {place}", "Chủ tịch"),
    ("LD", "mass_org", "Liên đoàn Lao động {place}", "LĐLĐ {place}",
     "Công đoàn {place}", "Công đoàn {place}", "Chủ tịch"),
]  # fmt: skip


def _items(text: str) -> list[str]:
    """Split a ``|``-separated block into clean items (keeps long lists compact)."""
    return [" ".join(item.split()) for item in text.split("|") if item.strip()]


# Departments of the provincial government (kind ``agency``).
DEPARTMENTS = _items(
    """Sở Tài chính | Sở Nội vụ | Sở Giáo dục và Đào tạo | Sở Y tế | Sở Nông nghiệp và Môi
    trường | Sở Xây dựng | Sở Công Thương | Sở Khoa học và Công nghệ | Sở Văn hóa, Thể thao
    và Du lịch | Sở Tư pháp | Sở Dân tộc và Tôn giáo | Sở Ngoại vụ | Thanh tra tỉnh |
    Văn phòng UBND tỉnh"""
)

# Committees directly under the province besides the communes: (name, child templates).
# ``{p}`` is the province's name; a template with ``{n}`` is numbered once the others run out,
# and ``{name}`` takes an invented name.
AGENCY_COMMITTEES = [
    (
        "Đảng bộ các cơ quan Đảng tỉnh",
        _items(
            """Văn phòng Tỉnh ủy | Ban Tổ chức Tỉnh ủy | Ủy ban Kiểm tra Tỉnh ủy | Ban Tuyên
            giáo và Dân vận Tỉnh ủy | Ban Nội chính Tỉnh ủy | Báo {p} | Trường Chính trị tỉnh
            | Đơn vị sự nghiệp số {n}"""
        ),
    ),
    (
        "Đảng bộ Ủy ban nhân dân tỉnh",
        [
            "Bệnh viện Đa khoa tỉnh",
            "Trường Đại học {p}",
            *DEPARTMENTS,
            "Trường Cao đẳng Y tế",
            "Đài Phát thanh và Truyền hình tỉnh",
            "Trung tâm số {n}",
        ],
    ),
    ("Đảng bộ Công an tỉnh", ["Phòng Tham mưu", "Phòng Cảnh sát cơ động", "Phòng số {n}"]),
    ("Đảng bộ Quân sự tỉnh", ["Cơ quan Bộ Chỉ huy", "Trung đoàn bộ binh", "Tiểu đoàn {n}"]),
    ("Đảng bộ Bộ đội Biên phòng tỉnh", ["Cơ quan Bộ Chỉ huy", "Đồn Biên phòng số {n}"]),
    ("Đảng bộ Khối doanh nghiệp tỉnh", ["Công ty cổ phần {name}"]),
]

# Grassroots committees in a commune; ``{kind}`` is "xã" or "phường", ``{p}`` its name.
COMMUNE_GRASSROOTS = _items(
    """Trường Trung học phổ thông {p} | Công an {kind} {p} | Trường Tiểu học {p} | Trường
    Trung học cơ sở {p} | Hợp tác xã Nông nghiệp {p} | Công ty cổ phần {name}"""
)

# Cells of a grassroots committee, chosen by how the committee's name starts (after
# "Đảng bộ "); other committees get numbered cells.
GRASSROOTS_CELLS = {
    "Trường": _items("Tổ Toán - Tin | Tổ Ngữ văn | Tổ Khoa học tự nhiên | Tổ Khoa học xã hội"),
    "Bệnh viện": _items("Khoa Nội | Khoa Ngoại | Khoa Sản | Khoa Nhi | Khoa Khám bệnh"),
    "Công ty": _items("Phân xưởng 1 | Phân xưởng 2 | Phòng Kỹ thuật | Phòng Kinh doanh"),
    "Công an": _items("Đội Cảnh sát | Đội An ninh | Bộ phận Tham mưu"),
}

# The 34 provinces of the national shape: (code, name). Invented; the codes are distinct and
# prefix every unit code and member code of their province.
PROVINCES = [
    (item[:2], item[3:])
    for item in _items(
        """HL Hòa Lâm | AT An Thịnh | BG Bảo Giang | CL Cẩm Lĩnh | DP Đông Phong | GX Gia Xuân
        | HV Hải Vân | KT Kim Thành | LS Lạc Sơn | MH Minh Hải | ND Ngọc Đình | PK Phú Khang
        | QT Quảng Thịnh | SH Sơn Hà | TL Tân Lập | TV Thanh Vân | TH Trung Hòa | VX Vạn Xuân
        | VL Vĩnh Lạc | XH Xuân Hòa | YK Yên Khê | BL Bình Lộc | CP Cao Phong | DA Đại An
        | HM Hà Mỹ | HG Hưng Giang | LT Long Thạnh | MT Mỹ Tường | NL Nam Liên | PT Phúc Triều
        | QN Quang Nghĩa | TD Thái Định | TP Thuận Phú | VC Vân Cát"""
    )
]
