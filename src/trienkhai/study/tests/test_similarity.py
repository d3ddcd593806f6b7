"""The copy signal's building blocks: sentences, comparison keys, shares and passages."""

from __future__ import annotations

import unicodedata

import pytest

from trienkhai.demo.report_writer import strip_marks
from trienkhai.study import similarity

REPORT = (
    "Qua học tập Nghị quyết, tôi nhận thức rõ yêu cầu sắp xếp bộ máy tinh gọn, hiệu quả. "
    "Thôn Đông Hạ có 215 hộ với 860 nhân khẩu, phần lớn trồng lúa và nuôi tôm. "
    "Con đường từ thôn ra trung tâm xã dài 2,5 km đã xuống cấp, mùa mưa đi lại khó khăn. "
    "Tôi cam kết hướng dẫn 12 hộ trong xóm cài đặt và sử dụng ứng dụng VNeID."
)
OTHER = (
    "Là giáo viên, tôi sẽ đưa nội dung chuyển đổi số vào giờ sinh hoạt lớp chủ nhiệm. "
    "Chi bộ cần phân công đảng viên trẻ kèm cặp người cao tuổi dùng điện thoại thông minh. "
    "Tôi đề nghị xã sớm lắp thêm trạm phát sóng ở khu vực đồng bãi ven sông Mã."
)


def test_sentences_split_after_punctuation_and_line_breaks():
    text = "Câu một  có   khoảng trắng.  Câu hai!\r\n\r\nDòng ba; vế sau: ý cuối… Hết"
    assert similarity.sentences(text) == [
        "Câu một có khoảng trắng.",
        "Câu hai!",
        "Dòng ba;",
        "vế sau:",
        "ý cuối…",
        "Hết",
    ]
    assert similarity.sentences("") == [] and similarity.sentences(None) == []


def test_sentences_are_nfc_whatever_the_input():
    decomposed = unicodedata.normalize("NFD", "Nghị quyết được học tập đầy đủ.")
    assert similarity.sentences(decomposed) == ["Nghị quyết được học tập đầy đủ."]


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("Đặng Thị Ánh", "dang thi anh"),
        ("ĐẢNG ỦY XÃ", "dang uy xa"),
        ("Ðảng", "dang"),  # U+00D0 typed for Đ
        ("Nghị quyết 18-NQ/TW: “đổi mới”!", "nghi quyet 18 nq tw doi moi"),
        (unicodedata.normalize("NFD", "Chuyển đổi số"), "chuyen doi so"),
        ("  nhiều   khoảng  trắng ", "nhieu khoang trang"),
    ],
)
def test_the_comparison_key_folds_case_marks_and_punctuation(sentence, key):
    assert similarity.fold(sentence) == key


def test_a_verbatim_copy_covers_the_whole_report():
    match = similarity.compare(REPORT, REPORT)
    assert match.share == 1.0
    assert [p.sentence for p in match.passages] == similarity.sentences(REPORT)
    assert all(p.score == 100 for p in match.passages)


def test_reordered_sentences_are_still_a_copy():
    reordered = " ".join(reversed(similarity.sentences(REPORT)))
    assert similarity.compare(reordered, REPORT).share == 1.0


def test_dropped_tone_marks_are_still_a_copy():
    copy = strip_marks(REPORT)
    assert copy != REPORT
    match = similarity.compare(copy, REPORT)
    assert match.share == 1.0
    assert match.passages[0].source_sentence == similarity.sentences(REPORT)[0]


def test_a_few_words_changed_are_still_a_copy():
    edited = (
        REPORT.replace("tôi nhận thức rõ", "bản thân tôi nhận thức rõ")
        .replace("215 hộ", "215 gia đình")
        .replace("đã xuống cấp", "đã bị xuống cấp")
        .replace("trong xóm ", "")
    )
    match = similarity.compare(edited, REPORT)
    assert match.share == 1.0
    assert all(similarity.SENTENCE_MATCH <= p.score < 100 for p in match.passages)


def test_words_moved_inside_a_sentence_are_still_a_copy():
    """The token-sort ratio compares a sentence's words whatever their order (the plain ratio,
    measured as the alternative, would not see this copy)."""
    moved = "Tôi cam kết cài đặt và sử dụng ứng dụng VNeID, hướng dẫn 12 hộ trong xóm."
    assert similarity.compare(moved, REPORT).share == 1.0
    assert similarity.best_match(moved, {1: REPORT}, scorer="ratio").share == 0.0


def test_different_texts_share_nothing():
    match = similarity.compare(OTHER, REPORT)
    assert match.share == 0.0 and match.passages == []


def test_the_share_counts_words_of_copied_sentences():
    """REPORT with OTHER's three sentences added: the share is the words of REPORT's four
    sentences over all the words."""
    mixed = REPORT + " " + OTHER
    words = [len(s.split()) for s in similarity.sentences(mixed)]
    match = similarity.compare(mixed, REPORT)
    assert match.share == pytest.approx(sum(words[:4]) / sum(words))
    assert len(match.passages) == 4


def test_short_sentences_do_not_count():
    """ "Tôi đồng ý." is said by everyone: below MIN_WORDS, it is neither copied nor counted."""
    assert similarity.best_match("Tôi đồng ý. Xin cảm ơn.", {1: "Tôi đồng ý."}) is None
    match = similarity.compare("Tôi đồng ý. " + OTHER, "Tôi đồng ý. " + REPORT)
    assert match.share == 0.0


def test_the_source_covering_most_of_the_report_wins():
    half = " ".join(similarity.sentences(REPORT)[:2])
    sources = {"half": half, "other": OTHER, "all": REPORT, "all again": REPORT}
    match = similarity.best_match(REPORT, sources)
    assert match.source_key == "all"  # the first of two equal sources
    assert match.share == 1.0
    assert similarity.best_match(REPORT, {"half": half}).share == pytest.approx(
        sum(len(s.split()) for s in similarity.sentences(half))
        / sum(len(s.split()) for s in similarity.sentences(REPORT))
    )


def test_nothing_to_compare_gives_none():
    assert similarity.best_match(REPORT, {}) is None
    assert similarity.best_match("", {1: REPORT}) is None
    assert similarity.best_match(REPORT, {1: "", 2: "Ngắn."}) is None


def test_no_match_names_the_first_source_with_a_zero_share():
    match = similarity.best_match(OTHER, {7: REPORT, 8: REPORT})
    assert (match.source_key, match.share, match.passages) == (7, 0.0, [])


def test_the_settings_can_be_overridden_for_the_evaluation():
    """A subset of another sentence's words scores 100 with the token-set ratio (why it is not
    the default: formulaic honest sentences match too easily)."""
    part = "Tôi cam kết hướng dẫn 12 hộ cài đặt ứng dụng VNeID."
    assert similarity.compare(part, REPORT).share == 0.0
    by_set = similarity.best_match(part, {1: REPORT}, scorer="token_set_ratio")
    assert by_set.share == 1.0
    assert similarity.best_match(part, {1: REPORT}, sentence_match=70).share == 1.0


def test_prepared_sentences_are_cached_and_can_be_cleared():
    similarity.clear_cache()
    similarity.compare(REPORT, OTHER)
    assert similarity._prepared.cache_info().currsize == 2
    similarity.compare(REPORT, OTHER)
    assert similarity._prepared.cache_info().hits >= 2
    similarity.clear_cache()
    assert similarity._prepared.cache_info().currsize == 0
