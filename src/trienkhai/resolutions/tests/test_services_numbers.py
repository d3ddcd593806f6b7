"""Document numbers as users type them: normalised when they are good, refused clearly when
they are not, and of the type their kind of document carries."""

import pytest
from django.utils import translation

from trienkhai.resolutions import numbers, services
from trienkhai.resolutions.models import Plan, Resolution

from .test_services_builders import D, draft, english, refused, vietnamese_when_translated

NOT_A_NUMBER = "“%(value)s” is not a document number like %(example)s."
WRONG_TYPE = "A number of this kind of document has the type %(type)s (e.g. %(example)s)."


@pytest.mark.parametrize(
    "typed, kind, stored",
    [
        ("18-NQ/TW", "NQ", "18-NQ/TW"),
        ("01-CT/TW", "CT", "01-CT/TW"),
        ("45-KL/TW", "KL", "45-KL/TW"),
        ("05-NQ/TU", "NQ", "05-NQ/TU"),
        ("12-KH/TU", "KH", "12-KH/TU"),
        ("12 - kh/tu", "KH", "12-KH/TU"),
        ("  12-KH / TU ", "KH", "12-KH/TU"),
        ("05-NQ/ĐU", "NQ", "05-NQ/ĐU"),
        ("05-NQ/\u00d0U", "NQ", "05-NQ/ĐU"),  # Ð (eth) typed for Đ
        ("05-nq/\u00f0u", "NQ", "05-NQ/ĐU"),
        ("05-nq/đu", "NQ", "05-NQ/ĐU"),
        ("296-QĐ/TW", "QĐ", "296-QĐ/TW"),
        ("296-q\u00f0/tw", "QĐ", "296-QĐ/TW"),
        ("18\u2013NQ/TW", "NQ", "18-NQ/TW"),  # en dash from a word processor
        ("18 \u2014 NQ/TW", "NQ", "18-NQ/TW"),  # em dash
        ("Số 12-KH/TU", "KH", "12-KH/TU"),  # as on the document's number line
        ("số: 12-kh/tu", "KH", "12-KH/TU"),
        ("So\u0302\u0301 12-KH/TU", "KH", "12-KH/TU"),  # decomposed
    ],
)
def test_a_good_number_is_stored_normalised(typed, kind, stored):
    assert numbers.parse_number(typed, kind) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "Số",
        "Số NQ/TW",
        "NQ/TW",
        "18/NQ/TW",
        "18-NQ",
        "18-NQ-TW",
        "ABC-NQ/TW",
        "18-N/TW",
        "12345-NQ/TW",
        "18-NQ/",
    ],
)
def test_a_malformed_number_is_refused_with_an_example(typed):
    error = english(numbers.parse_number, typed, "NQ")
    assert error.messages == [f"“{typed}” is not a document number like 12-NQ/TU."]


def test_the_refusal_speaks_vietnamese_when_the_catalogue_has_it():
    vietnamese_when_translated(NOT_A_NUMBER, numbers.parse_number, "18/NQ/TW", "NQ")
    vietnamese_when_translated(WRONG_TYPE, numbers.parse_number, "01-NQ/TW", "CT")


def test_a_directive_numbered_as_a_resolution_is_refused():
    error = english(numbers.parse_number, "01-NQ/TW", "CT")
    assert error.messages == ["A number of this kind of document has the type CT (e.g. 12-CT/TU)."]


def register(tree, **fields):
    values = dict(
        kind="resolution",
        number="18-NQ/TW",
        title="Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=D(2017, 10, 25),
    )
    unit = fields.pop("unit", tree.province)
    return services.register_resolution(user=tree.admin, unit=unit, **values | fields)


def test_registering_stores_the_normalised_number_and_searches_by_it(tree):
    resolution = register(tree, number="18 - nq/tw")
    assert resolution.number == "18-NQ/TW"
    assert resolution.search_key.startswith("18-nq/tw ")
    assert Resolution.objects.filter(search_key__contains="18-nq/tw").count() == 1


@pytest.mark.parametrize(
    "kind, number",
    [("directive", "01-NQ/TW"), ("conclusion", "45-NQ/TW"), ("resolution", "45-KL/TW")],
)
def test_a_document_of_another_type_is_refused_on_its_number(tree, kind, number):
    with refused(), translation.override("en"):
        register(tree, kind=kind, number=number)
    error = english(register, tree, kind=kind, number=number)
    assert "number" in error.message_dict
    assert f"has the type {numbers.KIND_TYPES[kind]}" in error.message_dict["number"][0]


@pytest.mark.parametrize("kind, number", [("directive", "01-CT/TW"), ("regulation", "296-qđ/tw")])
def test_each_kind_takes_its_own_type(tree, kind, number):
    assert register(tree, kind=kind, number=number).number == number.upper()


def test_a_malformed_resolution_number_is_refused_and_nothing_is_saved(tree):
    with refused() as info:
        register(tree, number="NQ 18")
    assert set(info.value.message_dict) == {"number"}
    assert not Resolution.objects.exists()


def test_a_plan_numbered_like_a_resolution_is_refused(tree):
    with refused():
        draft(tree.clerk_a, tree.commune_a, number="18-NQ/TW")
    error = english(draft, tree.clerk_a, tree.commune_a, number="18-NQ/TW")
    assert error.message_dict["number"] == [
        "A number of this kind of document has the type KH (e.g. 12-KH/TU)."
    ]
    assert not Plan.objects.exists()


def test_a_plan_number_is_normalised_and_searchable(tree):
    plan = draft(tree.clerk_a, tree.commune_a, number="03 - kh/\u00d0u")
    assert plan.number == "03-KH/ĐU"
    assert plan.search_key.startswith("03-kh/du ")


def test_the_same_number_twice_in_a_unit_is_refused_but_not_in_another(tree):
    register(tree)
    error = english(register, tree, number="18-nq/tw")
    assert error.messages == ["This document is already registered here."]
    communes = {}
    for unit in (tree.commune_a, tree.commune_b):  # each commune's own resolution number 05
        communes[unit] = services.register_resolution(
            user=tree.admin,
            unit=unit,
            kind="resolution",
            number="05-NQ/ĐU",
            title="Nghị quyết của Đảng ủy xã",
            issuing_body="Ban Chấp hành Đảng bộ xã",
            issued_on=D(2026, 1, 5),
        )
    assert {r.number for r in communes.values()} == {"05-NQ/ĐU"}
    with refused():
        register(tree, number="05-NQ/ĐU", unit=tree.commune_a)


@pytest.mark.parametrize("number", ["44-NQ/TW", "01-CT/TW", "45-KL/TW", "66-QĐ/TW", "36-HD/VPTW"])
@pytest.mark.parametrize("unit", ["commune_a", "cell_a"])
def test_a_number_of_the_centre_is_registered_only_at_the_top(tree, number, unit):
    """``44-NQ/TW`` is the Central Committee's: the province (the top of this tree) registers
    it once; a commune or a cell registering it again is refused, with the reason."""
    kind = "directive" if "-CT/" in number else "conclusion" if "-KL/" in number else None
    kind = kind or ("regulation" if "-QĐ/" in number else "resolution")
    number = number.replace("HD/VPTW", "NQ/VPTW")  # a resolution's type, an office's issuer
    fields = {"number": number, "kind": kind}
    with refused():
        register(tree, unit=getattr(tree, unit), **fields)
    error = english(register, tree, unit=getattr(tree, unit), **fields)
    assert error.message_dict["number"] == [
        f"{number} is a document of the Central Committee: it is registered once, at the top "
        "of the tree, and the units below carry it out through its plans."
    ]
    assert register(tree, **fields).unit == tree.province


def test_a_duplicate_plan_number_in_a_unit_is_refused(tree):
    draft(tree.clerk_a, tree.commune_a, number="03-KH/ĐU")
    error = english(draft, tree.clerk_a, tree.commune_a, number="03 - kh/đu")
    assert error.messages == ["This unit already has a plan with this number."]
    assert Plan.objects.count() == 1
    draft(tree.clerk_b, tree.commune_b, number="03-KH/ĐU")  # another unit may use it
