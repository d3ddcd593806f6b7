"""The copy check of action programs (``copying``) on programs in the database.

The province HL (Tỉnh ủy Hòa Lâm) has a program for plan 12-KH/TU with the provincial tasks of
the evaluation (``demo.program_corpus.province_program``); communes HL-A (xã An Phú), HL-B
(phường Bình Minh) and, where a test needs more siblings, HL-C… under the province write theirs.
"""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.demo import program_corpus as corpus
from trienkhai.programs import copying
from trienkhai.programs.models import ActionProgram, Task
from trienkhai.resolutions.models import Plan
from trienkhai.units.models import Unit

PROVINCE = "Hòa Lâm"

# An honest commune's own tasks for the same key points: the shared vocabulary ("quán triệt",
# "Nghị quyết", "chuyển đổi số", "cải cách hành chính") with its own villages, numbers, dates.
HONEST_A = [
    "Tổ chức 3 hội nghị quán triệt Nghị quyết Trung ương 8 cho đảng viên của 12 chi bộ thôn tại "
    "hội trường xã An Phú; hoàn thành trước ngày 15/04/2026.",
    "Thành lập 7 tổ công nghệ số cộng đồng ở thôn Đông Hạ, thôn Yên Xá và xóm Bãi; hướng dẫn 350 "
    "hộ cài đặt VNeID mức độ 2 trước ngày 30/06/2026, giao Đoàn Thanh niên xã chủ trì.",
    "Đưa nước mắm Ba Làng của Hợp tác xã Thành Công lên sàn Postmart, phấn đấu doanh thu trực "
    "tuyến đạt 300 triệu đồng trong năm 2026 để đẩy mạnh chuyển đổi số trong sản xuất.",
    "Cải cách hành chính: bố trí 2 công chức hướng dẫn người dân nộp hồ sơ trực tuyến tại bộ "
    "phận một cửa vào các buổi sáng; tỷ lệ hồ sơ trực tuyến đạt 80% vào cuối năm 2026.",
    "Kiện toàn trung đội dân quân cơ động với 31 chiến sĩ; huấn luyện đủ 15 ngày theo kế hoạch "
    "của Ban Chỉ huy Quân sự xã, xong trước ngày 30/09/2026.",
    "Ủy ban Mặt trận Tổ quốc xã tổ chức 2 buổi đối thoại giữa Bí thư Đảng ủy với nhân dân thôn "
    "Phú Mỹ về việc làm đường liên thôn dài 2,5 km trong quý III/2026.",
    "Trao 20 suất học bổng khuyến học, mỗi suất 2 triệu đồng, cho học sinh nghèo học giỏi của "
    "thôn Trung Hậu nhân dịp khai giảng năm học 2026-2027; Hội Khuyến học xã chủ trì.",
]


@pytest.fixture
def plan(tree):
    return Plan.objects.create(
        unit=tree.province,
        number="12-KH/TU",
        title="Kế hoạch thực hiện Nghị quyết Hội nghị Trung ương 8 khóa XIII",
        issued_on=datetime.date(2026, 1, 10),
        status=Plan.Status.ISSUED,
        version=1,
    )


def program(unit, plan, titles, parent=None, title="Chương trình hành động") -> ActionProgram:
    made = ActionProgram.objects.create(
        unit=unit, plan=plan, parent=parent, title=title, status="approved", version=1
    )
    Task.objects.bulk_create(
        Task(program=made, order=i, title=text) for i, text in enumerate(titles, start=1)
    )
    return made


def commune(tree, code, name) -> Unit:
    tree.province.refresh_from_db()
    return Unit.objects.add_child(
        tree.province,
        create_kwargs=dict(name=name, code=code, kind="party_committee", level="commune"),
    )


@pytest.fixture
def province_tasks():
    return [text for _kp, text in corpus.province_program(random.Random(5), PROVINCE)]


@pytest.fixture
def province(tree, plan, province_tasks):
    return program(tree.province, plan, province_tasks, title="Chương trình hành động của Tỉnh ủy")


def an_phu() -> corpus.Commune:
    return corpus.Commune("An Phú", "xã", ["thôn Đông Hạ", "thôn Yên Xá", "xóm Bãi", "thôn Phú Mỹ"])


def test_a_verbatim_copy_is_flagged_and_the_result_is_stored(tree, plan, province):
    copied = program(tree.commune_a, plan, [t.title for t in province.tasks.all()], province)
    report = copying.check_program(copied)
    assert report.flagged
    assert report.own_share == 0.0
    assert report.copied_tasks == len(report.rows) == province.tasks.count()
    originals = list(province.tasks.all())
    for row, original in zip(report.rows, originals, strict=True):
        assert (row.source, row.score, row.copied) == (original, 100.0, True)
        assert row.source_program == province and row.source_unit == tree.province
    copied.refresh_from_db()
    assert copied.copy_flagged and copied.own_share == 0.0 and copied.copy_checked_at
    stored = list(copied.tasks.values_list("copied_from", "copy_score"))
    assert stored == [(t.pk, 100.0) for t in originals]


def test_a_localised_reordered_edited_copy_is_flagged(tree, plan, province, province_tasks):
    rng = random.Random(3)
    edited = [
        corpus.edit(rng, corpus.change_numbers(rng, corpus.localise(rng, t, PROVINCE, an_phu())))
        for t in province_tasks
    ]
    order = corpus.shuffled(rng, list(range(len(edited))))
    copied = program(tree.commune_a, plan, [edited[i] for i in order], province)
    assert "Tỉnh ủy" not in " ".join(edited) and "xã An Phú" in " ".join(edited)
    report = copying.check_program(copied)
    assert report.flagged and report.own_share < 0.2
    originals = list(province.tasks.all())
    for row, i in zip(report.rows, order, strict=True):
        if row.copied:
            assert row.source == originals[i]  # each task traced to the one it was made from


def test_an_honest_local_program_is_not_flagged(tree, plan, province):
    own = program(tree.commune_a, plan, HONEST_A, province)
    report = copying.check_program(own)
    assert not report.flagged
    assert report.own_share == 1.0
    assert all(row.score < copying.TASK_MATCH for row in report.rows)
    own.refresh_from_db()
    assert not own.copy_flagged and own.own_share == 1.0
    assert not own.tasks.filter(copied_from__isnull=False).exists()


def test_honest_programs_of_the_generator_are_not_flagged(tree, plan, province, province_tasks):
    """Two generated honest communes on the same key points, one citing the province's words
    in most tasks, with stock tasks: shared vocabulary, not copies."""
    rng = random.Random(8)
    keyed = corpus.province_program(random.Random(5), PROVINCE)
    bm = corpus.Commune("Bình Minh", "phường", ["khu phố 1", "khu phố Bắc Sơn", "tổ dân phố 3"])
    b = program(
        tree.commune_b, plan, corpus.honest_program(rng, bm, keyed, PROVINCE, 0.6), province
    )
    a = program(
        tree.commune_a,
        plan,
        corpus.honest_program(rng, an_phu(), keyed, PROVINCE, 0.6),
        province,
    )
    for each in (b, a):
        report = copying.check_program(each)
        assert not report.flagged, [(r.score, r.task.title) for r in report.rows]


def test_the_original_is_not_flagged_when_a_later_sibling_copies_it(tree, plan, province):
    original = program(tree.commune_a, plan, HONEST_A, province)
    swapped = [t.replace("xã An Phú", "phường Bình Minh").replace("xã", "phường") for t in HONEST_A]
    later = program(tree.commune_b, plan, list(reversed(swapped)), province)
    report = copying.check_program(later)
    assert report.flagged and report.own_share == 0.0
    assert {row.source_program for row in report.rows} == {original}
    assert {row.source_unit for row in report.rows} == {tree.commune_a}
    first = copying.check_program(original)
    assert not first.flagged and first.own_share == 1.0
    original.refresh_from_db()
    assert not original.copy_flagged


def test_own_share_counts_the_words_of_tasks_not_copied(tree, plan):
    parent = program(
        tree.province,
        plan,
        [
            "Tổ chức học tập, quán triệt Nghị quyết đến toàn thể cán bộ, đảng viên trong tỉnh.",
            "Đẩy mạnh chuyển đổi số toàn diện trong hoạt động của các cơ quan đảng, chính quyền.",
        ],
    )
    titles = [
        "Tổ chức học tập, quán triệt Nghị quyết đến toàn thể cán bộ, đảng viên trong xã.",  # 17
        "Lắp 4 điểm wifi miễn phí ở nhà văn hóa thôn Đông Hạ.",  # 13
        "Số hóa 120 hồ sơ hộ tịch từ năm 2015 tại bộ phận một cửa, xong trước quý III/2026.",  # 19
    ]
    assert [len(t.split()) for t in titles] == [17, 13, 19]
    mine = program(tree.commune_a, plan, titles, parent)
    report = copying.check_program(mine)
    assert [row.copied for row in report.rows] == [True, False, False]
    assert report.own_share == pytest.approx(32 / 49)  # 0.65
    assert not report.flagged
    assert copying.own_share(titles, [True, True, False]) == pytest.approx(19 / 49)
    assert copying.own_share([], []) == 1.0
    # The second task copied too (18 words): 19 own words of 54, 0.35 < 0.5, flagged.
    copied = (
        "Đẩy mạnh chuyển đổi số toàn diện trong hoạt động của các cơ quan đảng, chính quyền xã."
    )
    assert len(copied.split()) == 18
    Task.objects.filter(program=mine, order=2).update(title=copied)
    again = copying.check_program(ActionProgram.objects.get(pk=mine.pk))
    assert [row.copied for row in again.rows] == [True, True, False]
    assert again.flagged and again.own_share == pytest.approx(19 / 54)


def test_check_without_saving_writes_nothing(tree, plan, province):
    copied = program(tree.commune_a, plan, [t.title for t in province.tasks.all()], province)
    with CaptureQueriesContext(connection) as queries:
        report = copying.check_program(copied, save=False)
    assert report.flagged
    assert not any(q["sql"].lstrip().upper().startswith("UPDATE") for q in queries)
    copied.refresh_from_db()
    assert not copied.copy_flagged and copied.copy_checked_at is None


def test_candidates_are_the_parent_and_earlier_siblings_for_the_plan_family(tree, plan, province):
    later_plan = Plan.objects.create(
        unit=tree.province, number="20-KH/TU", title="Kế hoạch khác", issued_on=plan.issued_on
    )
    commune_plan = Plan.objects.create(
        unit=tree.commune_b, number="05-KH/ĐU", title="Kế hoạch của phường", parent=plan,
        issued_on=plan.issued_on,
    )  # fmt: skip
    sibling_same_plan = program(tree.commune_b, plan, ["Việc của phường theo kế hoạch tỉnh."])
    sibling_child_plan = program(tree.commune_b, commune_plan, ["Việc theo kế hoạch phường."])
    program(tree.commune_b, later_plan, ["Việc của một kế hoạch khác."])
    program(tree.cell_a, plan, ["Việc của chi bộ thôn 1."])  # not a sibling: a level below
    own_earlier = program(tree.commune_a, plan, ["Chương trình cũ của xã."])
    mine = program(tree.commune_a, plan, ["Việc của xã."], province)
    program(tree.commune_b, plan, ["Viết sau chương trình của xã."])  # later: not a candidate
    found = {t.program_id for t in copying.candidate_tasks(mine)}
    # The commune's own earlier program is one too (new resolution, old text: issue 13).
    assert found == {province.pk, sibling_same_plan.pk, sibling_child_plan.pk, own_earlier.pk}
    # A program of the commune's own plan finds the siblings' programs of the province plan.
    mine_child = program(tree.commune_a, Plan.objects.create(
        unit=tree.commune_a, number="07-KH/ĐU", title="Kế hoạch của xã", parent=plan,
        issued_on=plan.issued_on,
    ), ["Việc của xã theo kế hoạch xã."])  # fmt: skip
    found = {t.program_id for t in copying.candidate_tasks(mine_child)}
    assert {sibling_same_plan.pk, sibling_child_plan.pk} <= found


def test_a_cell_is_compared_with_the_cells_of_its_own_commune_only(tree, plan):
    cell_a2 = Unit.objects.add_child(
        Unit.objects.get(pk=tree.commune_a.pk),
        create_kwargs=dict(
            name="Chi bộ thôn 2", code="HL-A2", kind="party_cell", level="grassroots"
        ),
    )
    a1 = program(tree.cell_a, plan, HONEST_A[:3])
    program(tree.cell_b, plan, HONEST_A[:3])  # a cousin, under the other commune
    a2 = program(cell_a2, plan, HONEST_A[:3])
    assert {t.program_id for t in copying.candidate_tasks(a2)} == {a1.pk}


def test_a_program_without_tasks_or_candidates(tree, plan):
    empty = program(tree.commune_a, plan, [])
    report = copying.check_program(empty)
    assert report.rows == [] and report.own_share == 1.0 and not report.flagged
    alone = program(tree.province, plan, ["Một việc của tỉnh."])
    report = copying.check_program(alone)
    assert report.rows[0].source is None and report.rows[0].score == 0.0 and not report.flagged


def _world(tree, plan, province, siblings: int) -> ActionProgram:
    names = ["Bắc Sơn", "Đông Hạ", "Yên Xá", "Phú Mỹ", "Kim Sơn", "Tân Lập"]
    rng = random.Random(4)
    keyed = corpus.province_program(random.Random(5), PROVINCE)
    for i in range(siblings):
        unit = commune(tree, f"HL-S{i}", f"Đảng ủy xã {names[i]}")
        place = corpus.Commune(names[i], "xã", ["thôn 1", "thôn Trung", "xóm Bãi", "thôn Mỹ"])
        program(unit, plan, corpus.honest_program(rng, place, keyed, PROVINCE, 0.5), province)
    titles = (HONEST_A + [t.title for t in province.tasks.all()])[:10]
    mine = program(tree.commune_a, plan, titles, province)
    return ActionProgram.objects.get(pk=mine.pk)  # nothing cached


@pytest.mark.parametrize("siblings", [1, 5])
def test_the_check_runs_a_bounded_number_of_queries(
    tree, plan, province, siblings, django_assert_max_num_queries
):
    """Ten tasks against the parent and one or five siblings: the same handful of queries
    (the unit, the plan, the tasks, the candidates, the tasks' update, the program's)."""
    mine = _world(tree, plan, province, siblings)
    assert mine.tasks.count() == 10
    with django_assert_max_num_queries(6):
        report = copying.check_program(mine)
    assert len({row.source_program for row in report.rows if row.source}) >= 1


# --- issue 13: earlier programs, owner and deadline sentences, no diacritics, the original ----


def test_a_program_copied_from_the_unit_s_own_earlier_program_is_caught(tree, plan):
    """New resolution, old text: the commune's program for an earlier term's plan."""
    old_plan = Plan.objects.create(
        unit=tree.province, number="05-KH/TU", title="Kế hoạch nhiệm kỳ trước",
        issued_on=datetime.date(2021, 3, 1), status=Plan.Status.ISSUED, version=1,
    )  # fmt: skip
    old = program(tree.commune_a, old_plan, HONEST_A, title="Chương trình nhiệm kỳ 2020-2025")
    rng = random.Random(7)
    new = program(tree.commune_a, plan, [corpus.change_numbers(rng, t) for t in HONEST_A])

    report = copying.check_program(new)

    assert report.flagged and report.copied_tasks == len(HONEST_A)
    assert {row.source_program for row in report.rows} == {old}


def test_an_owner_and_deadline_sentence_added_does_not_make_a_task_own(tree, plan, province):
    originals = [t.title for t in province.tasks.all()]
    added = [
        f"{title} Giao Ủy ban nhân dân xã chủ trì, phối hợp Mặt trận Tổ quốc xã thực hiện, "
        f"hoàn thành trong quý {'I' * (1 + i % 3)}/2026. Thời gian thực hiện: năm 2026."
        for i, title in enumerate(originals)
    ]
    copied = program(tree.commune_a, plan, added, province)
    report = copying.check_program(copied)
    assert all(row.copied for row in report.rows)
    assert report.own_task_share == 0.0 and report.flagged


def test_the_owner_sentence_alone_counts_for_nothing(tree, plan, province):
    """Without the stripping the appended sentences would lift the task under the match."""
    originals = [t.title for t in province.tasks.all()]
    added = [
        f"{t} Giao Ủy ban nhân dân xã chủ trì, hoàn thành trong quý II/2026." for t in originals
    ]
    without = copying.match_tasks(added, originals, strip_assignments=False)
    assert all(m.score < 100.0 for m in without)
    assert all(m.score == 100.0 for m in copying.match_tasks(added, originals))


def test_a_copy_typed_without_diacritics_is_read_as_with_them(tree, plan, province):
    """Level words typed without tone marks ("toan xa", "Dang uy phuong") are level words."""
    localised = [
        t.title.replace("toàn tỉnh", "toàn phường").replace("Tỉnh ủy", "Đảng ủy phường")
        for t in province.tasks.all()
    ]
    plain = [_plain(t) for t in localised]
    copied = program(tree.commune_b, plan, plain, province)
    report = copying.check_program(copied)
    assert all(row.copied for row in report.rows)
    assert [row.score for row in report.rows] == [100.0] * len(plain)


def _plain(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def test_folded_level_words_leave_other_words_alone():
    key = copying.fold_levels("xay dung xa hoi so tinh than dia phuong phuong an toan xa cap tinh")
    assert key == "xay dung xa hoi so tinh than dia phuong phuong an toan dv cap dv"
    assert copying.fold_levels("dang uy phuong chi dao tinh uy") == "dang uy dv chi dao dang uy dv"


def test_substance_keeps_education_and_drops_owners_and_dates():
    assert copying.substance("Giáo dục chính trị cho đảng viên.") == (
        "giao duc chinh tri cho dang vien."
    )
    assert copying.substance("Giao Công an xã chủ trì.") == ""
    assert copying.substance("Phòng Văn hóa chủ trì, phối hợp với Đoàn Thanh niên.") == ""
    assert copying.substance("quý IV/2026.") == ""
    assert copying.substance("Tổ chức hội nghị, hoàn thành trong quý II/2026.") == (
        "to chuc hoi nghi"
    )


def test_a_copy_of_a_copy_is_credited_to_the_original(tree, plan, province):
    titles = [t.title for t in province.tasks.all()]
    first = program(tree.commune_a, plan, titles, province)
    copying.check_program(first)
    second = program(tree.commune_b, plan, titles)  # no parent: only the sibling's copy
    second.parent = None
    report = copying.check_program(second)
    assert all(row.copied for row in report.rows)
    assert {row.source_program for row in report.rows} == {province}
