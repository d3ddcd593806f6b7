"""Implausible documents are refused with a reason, whatever the entry (issue 14): dates before
the Party was founded or decades ahead, a number of the Central Committee registered again below
the top of the tree, titles, summaries and key points beyond any real document."""

import datetime

import pytest

from trienkhai.resolutions.models import Plan, Resolution

from .test_services_builders import D, draft, english, refused, req
from .test_services_resolutions import register


@pytest.mark.parametrize("year", [1900, 1929, 2100])
def test_a_resolution_dated_implausibly_is_refused(tree, year):
    with refused():
        register(tree.admin, tree.province, issued_on=D(year, 1, 1))
    error = english(register, tree.admin, tree.province, issued_on=D(year, 1, 1))
    assert error.message_dict["issued_on"][0].startswith(f"01/01/{year} is ")
    assert not Resolution.objects.exists()


def test_the_oldest_and_furthest_dates_allowed(tree):
    """The founding of the Party, and a vision 30 years ahead, are plausible."""
    register(tree.admin, tree.province, number="01-NQ/TW", issued_on=D(1930, 2, 3))
    ahead = datetime.date.today().replace(year=datetime.date.today().year + 29)
    register(tree.admin, tree.province, number="02-NQ/TW", issued_on=ahead)


def test_the_reason_names_the_limit_in_vietnamese(tree):
    with pytest.raises(Exception) as info:
        register(tree.admin, tree.province, issued_on=D(1900, 1, 1))
    assert info.value.message_dict["issued_on"] == [
        "01/01/1900 là trước ngày thành lập Đảng (03/02/1930): hãy kiểm tra lại năm."
    ]


def test_a_ten_thousand_character_title_is_refused(tree):
    with refused():
        register(tree.admin, tree.province, title="Nghị quyết " * 1000)
    error = english(register, tree.admin, tree.province, title="Nghị quyết " * 1000)
    assert "tối đa 500 kí tự" in error.message_dict["title"][0]  # Django's message, lazy: vi


def test_a_summary_and_key_points_are_bounded(tree):
    error = english(register, tree.admin, tree.province, summary="x" * 10_001)
    assert "tối đa 10000 kí tự" in error.message_dict["summary"][0]
    error = english(
        register, tree.admin, tree.province, key_points=[("Một", False), ("y" * 2001, True)]
    )
    assert error.message_dict["key_points"] == ["Key point 2 is longer than 2000 characters."]
    error = english(register, tree.admin, tree.province, key_points=[("z", False)] * 201)
    assert error.message_dict["key_points"] == ["A document has at most 200 key points."]
    assert not Resolution.objects.exists()


def test_an_update_to_an_implausible_date_changes_nothing(tree):
    resolution = register(tree.admin, tree.province)
    from trienkhai.resolutions import services

    with refused():
        services.update_resolution(user=tree.admin, resolution=resolution, issued_on=D(2100, 1, 1))


@pytest.mark.parametrize("year", [1900, 2100])
def test_a_plan_dated_implausibly_is_refused(tree, year):
    with refused():
        draft(tree.clerk_a, tree.commune_a, number="03-KH/ĐU", issued_on=D(year, 3, 1))
    error = english(draft, tree.clerk_a, tree.commune_a, number="03-KH/ĐU", issued_on=D(year, 3, 1))
    assert error.message_dict["issued_on"][0].startswith(f"01/03/{year} is ")
    assert not Plan.objects.exists()


def test_a_requirement_due_in_2100_is_refused(tree):
    with refused():
        draft(tree.admin, tree.province, req(due=D(2100, 12, 31)))
    error = english(draft, tree.admin, tree.province, req(due=D(2100, 12, 31)))
    [problem] = error.message_dict["__all__"]
    assert problem.startswith("The deadline of “Tổ chức hội nghị học tập”: 31/12/2100 is more than")


def test_a_number_registered_above_or_below_is_not_registered_again(tree):
    """The province's 12-NQ/TU is carried out below through plans: a commune registering it
    again (or the province, after a commune) is told who holds it; sibling communes each keep
    their own 05-NQ/ĐU."""
    register(tree.admin, tree.province, number="12-NQ/TU", issuing_body="Tỉnh ủy")
    with refused():
        register(tree.clerk_a, tree.commune_a, number="12-nq/tu")
    error = english(register, tree.clerk_a, tree.commune_a, number="12-NQ/TU")
    assert error.message_dict["number"] == [
        "12-NQ/TU is already registered by Tỉnh ủy Hòa Lâm, in the same line of units."
    ]
    register(tree.clerk_a, tree.cell_a, number="03-NQ/CB")
    error = english(register, tree.clerk_a, tree.commune_a, number="03-NQ/CB")
    assert error.message_dict["number"] == [
        "03-NQ/CB is already registered by Chi bộ thôn 1, in the same line of units."
    ]
    register(tree.clerk_b, tree.cell_b, number="03-NQ/CB")  # another line: its own number
