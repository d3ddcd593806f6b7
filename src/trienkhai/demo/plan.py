"""Turning a :class:`~trienkhai.demo.shapes.Shape` into a named tree of plain nodes.

The plan is built one province at a time in memory (about 12,000 light objects for the
province scale) and involves no database, so it is cheap to test and the writer can stream a
national tree province by province. Every node knows its people profile (``role``) and the
titles of its head and deputy, so the generator can staff it.

Codes follow the tree: ``HL`` (province), ``HL-UB`` (its government), ``HL-K01`` (an agency
committee), ``HL-X01`` / ``HL-P03`` (a commune / ward, one counter), ``HL-X01-C02`` (a village
cell), ``HL-X01-D01`` (a grassroots committee), ``HL-X01-D01-C01`` (its cell). Province codes
are distinct, so codes are unique in the whole national tree.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from trienkhai.units.models import Unit

from . import names
from .shapes import Shape

K = Unit.Kind
L = Unit.Level


@dataclass(slots=True)
class Node:
    code: str
    name: str
    kind: str
    level: str
    role: str  # people profile, see generator.PROFILES
    head_title: str
    deputy_title: str = ""
    short_name: str = ""
    children: list[Node] = field(default_factory=list)

    def walk(self):
        """This node and everything under it, parents before children (path order)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


def _width(count: int) -> int:
    return max(2, len(str(count)))


def _committee(code, name, level, short_name="") -> Node:
    return Node(
        code, name, K.PARTY_COMMITTEE, level, "committee", "Bí thư", "Phó Bí thư", short_name
    )


def _cell(code, name) -> Node:
    return Node(code, name, K.PARTY_CELL, L.GRASSROOTS, "cell", "Bí thư")


def central_root() -> Node:
    return Node(
        "TW",
        "Ban Chấp hành Trung ương Đảng",
        K.PARTY_COMMITTEE,
        L.CENTRAL,
        "committee",
        "Tổng Bí thư",
        "Thường trực Ban Bí thư",
        "Trung ương",
    )


def fill(templates: list[str], count: int, rng: random.Random, **fmt) -> list[str]:
    """``count`` distinct names from ``templates``: the plain ones in order, then the filler
    templates (those with ``{n}``, numbered, or ``{name}``, given an invented name)."""
    plain = [t.format(**fmt) for t in templates if "{n}" not in t and "{name}" not in t]
    fillers = [t for t in templates if "{n}" in t or "{name}" in t] or ["Đơn vị số {n}"]
    result = plain[:count]
    wanted = count - len(result)
    invented = iter(names.place_names(rng, wanted) if any("{name}" in t for t in fillers) else [])
    n = 0
    while len(result) < count:
        n += 1
        template = fillers[n % len(fillers)]
        result.append(template.format(n=n, name=next(invented, ""), **fmt))
    return result


def bodies(prefix: str, name: str, place: str, level: str) -> list[Node]:
    """Government, Fatherland Front and the five organisations of a province or commune."""
    gov = Node(
        f"{prefix}-UB",
        f"Ủy ban nhân dân {place}",
        K.GOVERNMENT,
        level,
        "government",
        "Chủ tịch",
        short_name=f"UBND {place}",
    )
    front = Node(
        f"{prefix}-MT",
        f"Ủy ban MTTQ Việt Nam {place}",
        K.FRONT,
        level,
        "front",
        "Chủ tịch",
        short_name=f"MTTQ {place}",
    )
    result = [gov, front]
    province = level == L.PROVINCE
    for suffix, role, p_name, p_short, c_name, c_short, head in names.MASS_ORGS:
        full, short = (p_name, p_short) if province else (c_name, c_short)
        result.append(
            Node(
                f"{prefix}-{suffix}",
                full.format(place=place, name=name),
                K.MASS_ORG,
                level,
                role,
                head,
                short_name=short.format(place=place, name=name),
            )
        )
    return result


def _department_head(name: str) -> str:
    if name.startswith("Thanh tra"):
        return "Chánh Thanh tra"
    if name.startswith("Văn phòng"):
        return "Chánh Văn phòng"
    return "Giám đốc"


def _cells_for(committee: Node, count: int, rng: random.Random) -> list[Node]:
    institution = committee.name.removeprefix("Đảng bộ ")
    templates = next(
        (cells for start, cells in names.GRASSROOTS_CELLS.items() if institution.startswith(start)),
        [],
    )
    cell_names = fill([*templates, "Chi bộ số {n}"], count, rng)
    return [
        _cell(f"{committee.code}-C{i:02d}", n if n.startswith("Chi bộ") else f"Chi bộ {n}")
        for i, n in enumerate(cell_names, 1)
    ]


def _grassroots(prefix: str, institutions: list[str], shape: Shape, rng) -> list[Node]:
    width = _width(len(institutions))
    result = []
    for i, institution in enumerate(institutions, 1):
        node = _committee(f"{prefix}-D{i:0{width}d}", f"Đảng bộ {institution}", L.GRASSROOTS)
        node.children = _cells_for(node, rng.randint(*shape.grassroots_cells), rng)
        result.append(node)
    return result


def _agency_committee(prefix, index, title, templates, pname, shape, rng) -> Node:
    node = _committee(f"{prefix}-K{index:02d}", title, L.COMMUNE)
    n_grassroots = rng.randint(*shape.agency_grassroots)
    n_cells = rng.randint(*shape.agency_cells)
    institutions = fill(templates, n_grassroots + n_cells, rng, p=pname)
    node.children = [
        _cell(f"{node.code}-C{i:02d}", f"Chi bộ {inst}")
        for i, inst in enumerate(institutions[n_grassroots:], 1)
    ]
    node.children += _grassroots(node.code, institutions[:n_grassroots], shape, rng)
    return node


def _commune(code, kind_word, cname, shape, rng) -> Node:
    place = f"{kind_word} {cname}"
    node = _committee(code, f"Đảng bộ {place}", L.COMMUNE, short_name=f"Đảng ủy {place}")
    node.children = bodies(code, cname, place, L.COMMUNE)
    n_cells = rng.randint(*shape.village_cells)
    if kind_word == "phường":
        village_names = [f"khu phố {i}" for i in range(1, n_cells + 1)]
    else:
        village_names = [f"thôn {n}" for n in names.place_names(rng, n_cells, exclude=[cname])]
    node.children += [
        _cell(f"{code}-C{i:02d}", f"Chi bộ {v}") for i, v in enumerate(village_names, 1)
    ]
    n_grassroots = rng.randint(*shape.commune_grassroots)
    templates = list(names.COMMUNE_GRASSROOTS)
    rng.shuffle(templates)
    institutions = fill(templates, n_grassroots, rng, p=cname, kind=kind_word)
    node.children += _grassroots(code, institutions, shape, rng)
    return node


def province(shape: Shape, code: str, pname: str, rng: random.Random) -> Node:
    """The tree of one province, named and coded, with nothing written anywhere."""
    place = f"tỉnh {pname}"
    root = _committee(code, f"Đảng bộ {place}", L.PROVINCE, short_name=f"Tỉnh ủy {pname}")
    root.children = bodies(code, pname, place, L.PROVINCE)
    government = root.children[0]
    departments = fill(names.DEPARTMENTS, shape.departments, rng)
    government.children = [
        Node(
            f"{government.code}-S{i:02d}",
            dept,
            K.AGENCY,
            L.PROVINCE,
            "agency",
            _department_head(dept),
        )
        for i, dept in enumerate(departments, 1)
    ]
    for i, (title, templates) in enumerate(names.AGENCY_COMMITTEES[: shape.agency_committees], 1):
        root.children.append(_agency_committee(code, i, title, templates, pname, shape, rng))

    communes = names.DEMO_COMMUNES[: shape.communes] if code == names.PROVINCES[0][0] else []
    invented = names.place_names(rng, shape.communes - len(communes), [n for _, n in communes])
    communes += [
        ("phường" if rng.random() < shape.ward_share else "xã", cname) for cname in invented
    ]
    width = _width(shape.communes)
    for i, (kind_word, cname) in enumerate(communes, 1):
        letter = "P" if kind_word == "phường" else "X"
        root.children.append(
            _commune(f"{code}-{letter}{i:0{width}d}", kind_word, cname, shape, rng)
        )
    return root
