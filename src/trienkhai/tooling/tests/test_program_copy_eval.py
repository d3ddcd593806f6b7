"""The program copy check on a small generated evaluation set (``evals.program_copy``):
precision and recall must stay where they were measured, so that a change of method or threshold
that lets copies through or flags honest programs fails here. No database: the set is plain
text.

Measured with the settings of ``copying`` on sets of this size (seeds 11–15: 40 honest
programs, 5 of each of the ten copy kinds): precision and recall 1.000 on every seed. The
thresholds leave room for a miss or two, not for a broken detector.
"""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from trienkhai.programs import copying
from trienkhai.tooling.evals import program_copy

MIN_PRECISION = 0.95
MIN_RECALL = 0.95


@pytest.fixture(scope="module")
def samples():
    return program_copy.build_set(seed=11, honest=40, copies=5)


@pytest.fixture(scope="module")
def results(samples):
    return program_copy.evaluate(samples)


def test_the_set_has_every_kind_of_program(samples):
    assert samples[0].key == "province" and 12 <= len(samples[0].tasks) <= 15
    kinds = {s.category for s in samples[1:]}
    assert kinds == set(program_copy.CATEGORIES)
    # 40 honest, and per issue-13 round two earlier-term programs and one honest new one.
    assert sum(1 for s in samples if s.commune and not s.is_copy) == 40 + 3 * 5
    copy_kinds = [*program_copy.COPY_KINDS, *program_copy.ISSUE13_COPIES]
    assert sum(1 for s in samples if s.is_copy) == 5 * len(copy_kinds)
    for sample in samples[1:]:
        if sample.category == "honest":
            assert 6 <= len(sample.tasks) <= 14  # up to 12 own tasks and 2 stock ones
    base = [s for s in samples[1:] if s.category in (*program_copy.HONEST_KINDS, *copy_kinds)]
    names = [s.commune.name for s in base if s.category not in program_copy.ISSUE13_COPIES]
    assert len(set(names)) == len(names)


def test_the_set_is_the_same_for_the_same_seed(samples):
    again = program_copy.build_set(seed=11, honest=40, copies=5)
    assert [s.tasks for s in again] == [s.tasks for s in samples]
    other = program_copy.build_set(seed=12, honest=40, copies=5)
    assert [s.tasks for s in other] != [s.tasks for s in samples]


def test_copies_are_checked_against_what_was_written_before_them(samples):
    """A sibling copy is made from a program written earlier (it is among its candidates)."""
    position = {s.key: i for i, s in enumerate(samples)}
    for sample in samples:
        if sample.category.startswith("sibling"):
            assert position[sample.root] < position[sample.key]


def test_precision_and_recall_stay_above_what_was_measured(results):
    fig = program_copy.figures(results)
    table = program_copy.table(fig)
    assert fig.precision >= MIN_PRECISION, table
    assert fig.recall >= MIN_RECALL, table
    assert fig.honest_peak < 1 - copying.OWN_SHARE_FLAG <= fig.copies_lowest, table
    for _category, is_copy, n, flagged, right, *_shares in fig.rows:
        if is_copy:
            assert flagged >= n - 1, table  # at most one copy of a kind missed
            assert right == flagged, table  # traced to the program it was made from
        else:
            assert flagged <= 1, table


@pytest.fixture(scope="module")
def small():
    return program_copy.build_set(seed=11, honest=20, copies=3)


@pytest.mark.parametrize(
    ("overrides", "breaks"),
    [
        ({"flag": 0.95}, "precision"),  # stock tasks alone would flag honest programs
        ({"flag": 0.05}, "recall"),  # copies with a few own tasks would pass
        ({"task_match": 99.5, "sentence_match": 99.5}, "recall"),  # light edits would pass
        ({"method": "task"}, "recall"),  # merged or split tasks would pass
    ],
)
def test_the_thresholds_catch_a_broken_setting(small, overrides, breaks):
    """The assertions above are not vacuous: a bad setting (given to the evaluation, not
    patched into ``copying``) falls below them."""
    given = dict(overrides)
    flag = given.pop("flag", None)
    fig = program_copy.figures(program_copy.evaluate(small, **given), flag)
    if breaks == "precision":
        assert fig.precision < MIN_PRECISION
    else:
        assert fig.recall < MIN_RECALL


def test_the_normaliser_reads_level_words_and_unit_names_alike():
    norm = copying.Normaliser(["Tỉnh ủy Hòa Lâm", "Đảng ủy xã An Phú", "Đảng ủy phường Bình Minh"])
    province = norm.prepare("Ban Thường vụ Tỉnh ủy chỉ đạo toàn tỉnh Hòa Lâm.", 4)
    commune = norm.prepare("Ban Thường vụ Đảng ủy xã chỉ đạo toàn xã An Phú.", 4)
    ward = norm.prepare("Ban Thuong vu Dang uy chi dao toan phuong Binh Minh.", 4)
    assert province.key == commune.key
    assert fuzz.ratio(ward.key, commune.key) >= copying.TASK_MATCH  # typed without marks
    assert "xa hoi" in " ".join(norm.tokens(norm.text("Phát triển kinh tế - xã hội.")))
    numbers = norm.prepare("Đạt 95% hồ sơ trực tuyến năm 2026.", 4).key
    assert numbers == norm.prepare("Đạt 90% hồ sơ trực tuyến năm 2027.", 4).key
    assert copying.unit_core_name("Đảng ủy xã An Phú") == "an phu"
    assert copying.unit_core_name("Tỉnh ủy Hòa Lâm") == "hoa lam"
    assert copying.unit_core_name("Chi bộ thôn 1") == ""


def test_the_cases_of_issue_13_are_caught_and_credited_to_the_original(results):
    """A program copied from the unit's own earlier-term program, tasks with an owner and
    deadline sentence appended, a copy typed without diacritics, a copy of a copy."""
    flag = copying.OWN_SHARE_FLAG
    for category in program_copy.ISSUE13_COPIES:
        group = [o for o in results if o.sample.category == category]
        assert group and all(1 - o.copied_share < flag for o in group), category
        assert all(o.source_root == o.sample.root for o in group), category
    for category in program_copy.ISSUE13_HONEST:  # a new term's honest program stays own
        group = [o for o in results if o.sample.category == category]
        assert group and not any(1 - o.copied_share < flag for o in group), category


def test_before_issue_13_old_term_copies_passed(samples):
    before = program_copy.evaluate(samples, before=True)
    old_term = [o for o in before if o.sample.category == "old-term copy"]
    assert old_term and not any(1 - o.copied_share < copying.OWN_SHARE_FLAG for o in old_term)
    copies = [o for o in before if o.sample.category == "copy of copy"]
    assert sum(o.source_root == o.sample.root for o in copies) < len(copies)
