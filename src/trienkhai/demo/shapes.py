"""The generator's scales (DESIGN.md, "Workloads"): how many of what, per province.

A shape only says *how many*; :mod:`trienkhai.demo.plan` turns it into a named tree and
:mod:`trienkhai.demo.generator` writes it. Counts are drawn uniformly from inclusive ranges
with a seeded random generator, so a scale always lands near the same totals and a seed always
gives the same data. :func:`expected` computes the means, which the tests and the progress
output compare against.

The tree of one province (``level`` names the tier, not the geography)::

    Đảng bộ tỉnh X                         party_committee  province
      UBND tỉnh, MTTQ tỉnh, 5 organisations  government/front/mass_org  province
        Sở … (under UBND tỉnh)               agency           province
      Đảng bộ các cơ quan Đảng tỉnh …        party_committee  commune   (directly under)
        Chi bộ …                             party_cell       grassroots
        Đảng bộ … (Đảng bộ cơ sở)            party_committee  grassroots
          Chi bộ …                           party_cell       grassroots
      Đảng bộ xã/phường Y                    party_committee  commune   (directly under)
        UBND xã, MTTQ xã, 5 organisations    …                commune
        Chi bộ thôn/khu phố …                party_cell       grassroots
        Đảng bộ Trường …, Công an xã …       party_committee  grassroots
          Chi bộ …                           party_cell       grassroots

The national shape puts 34 such provinces under a central root (``TW``, level ``central``).
Every unit is staffed: a head (Bí thư, Chủ tịch, Giám đốc …), a Phó Bí thư in committees, and
its people; about 90 % of all people are party members in cells.
"""

from __future__ import annotations

from dataclasses import dataclass

Range = tuple[int, int]  # inclusive


@dataclass(frozen=True)
class Shape:
    name: str
    provinces: int  # 1: the province is the root; more: under a central root
    communes: int  # communes and wards per province
    ward_share: float  # the share of them that are wards (phường)
    village_cells: Range  # party cells of villages / residential quarters, per commune
    commune_grassroots: Range  # grassroots committees (school, police …) per commune
    grassroots_cells: Range  # cells per grassroots committee
    agency_committees: int  # committees directly under the province besides the communes
    agency_cells: Range  # cells directly under an agency committee
    agency_grassroots: Range  # grassroots committees under an agency committee
    departments: int  # agencies (Sở) under the provincial government
    cell_people: Range  # party members in a cell
    body_people: Range  # people in a government, Front, organisation or agency
    committee_people: int  # people kept at a committee: secretary, deputy, lecturer


SMALL = Shape(
    name="small",
    provinces=1,
    communes=10,
    ward_share=0.3,
    village_cells=(3, 4),
    commune_grassroots=(0, 1),
    grassroots_cells=(2, 3),
    agency_committees=2,
    agency_cells=(2, 3),
    agency_grassroots=(0, 1),
    departments=2,
    cell_people=(40, 58),
    body_people=(2, 5),
    committee_people=3,
)

PROVINCE = Shape(
    name="province",
    provinces=1,
    communes=164,
    ward_share=0.25,
    village_cells=(15, 25),
    commune_grassroots=(4, 8),
    grassroots_cells=(3, 7),
    agency_committees=6,
    agency_cells=(2, 6),
    agency_grassroots=(40, 52),
    departments=14,
    cell_people=(15, 29),
    body_people=(10, 30),
    committee_people=3,
)

NATIONAL = Shape(
    name="national",
    provinces=34,
    communes=98,  # 3,321 communes and wards / 34 provinces
    ward_share=0.25,
    village_cells=(18, 30),
    commune_grassroots=(4, 8),
    grassroots_cells=(4, 8),
    agency_committees=5,
    agency_cells=(2, 6),
    agency_grassroots=(30, 50),
    departments=14,
    cell_people=(15, 28),
    body_people=(6, 18),
    committee_people=3,
)

SHAPES: dict[str, Shape] = {s.name: s for s in (SMALL, PROVINCE, NATIONAL)}

# Government, Front and the five organisations: seven bodies beside every committee of a
# province or commune.
BODIES_PER_LEVEL = 7


def _mean(r: Range) -> float:
    return (r[0] + r[1]) / 2


def expected(shape: Shape) -> dict[str, float]:
    """Mean counts of a shape: units by sort, people, and the totals."""
    n = shape.communes
    per_province = {
        "directly_under": n + shape.agency_committees,
        "grassroots_committees": n * _mean(shape.commune_grassroots)
        + shape.agency_committees * _mean(shape.agency_grassroots),
    }
    per_province["cells"] = (
        n * _mean(shape.village_cells)
        + per_province["grassroots_committees"] * _mean(shape.grassroots_cells)
        + shape.agency_committees * _mean(shape.agency_cells)
    )
    per_province["bodies"] = BODIES_PER_LEVEL * (n + 1)
    per_province["agencies"] = shape.departments
    committees = 1 + per_province["directly_under"] + per_province["grassroots_committees"]
    units = committees + per_province["cells"] + per_province["bodies"] + shape.departments
    people = (
        per_province["cells"] * _mean(shape.cell_people)
        + (per_province["bodies"] + shape.departments) * _mean(shape.body_people)
        + committees * shape.committee_people
    )
    central = 1 if shape.provinces > 1 else 0
    totals = {key: value * shape.provinces for key, value in per_province.items()}
    totals["units"] = units * shape.provinces + central
    totals["people"] = people * shape.provinces + central * shape.committee_people
    return totals
