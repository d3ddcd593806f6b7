"""The copy signal on a small generated evaluation set (``evals.study_copy``): precision and
recall must stay where they were measured, so a change of scorer or threshold that loses copies or
flags honest reports fails here.

Measured with the settings of ``similarity`` on sets like this one (seeds 10–19: 40 honest
reports, 10 paraphrases, 6 copies of each of eight kinds): precision and recall 1.000 for
every seed; honest reports peaked at 0.39 of their words matched, copies bottomed at 0.59.
The thresholds below leave room for a miss or two, not for a broken detector.
"""

from __future__ import annotations

import re

import pytest

from trienkhai.study import similarity
from trienkhai.tooling.evals import study_copy

MIN_PRECISION = 0.95
MIN_RECALL = 0.95
MIN_RECALL_PER_KIND = 5 / 6  # at most one copy of a kind missed
MAX_FALSE_ALARMS = 0.05  # honest reports or paraphrases flagged


@pytest.fixture(scope="module")
def samples():
    return study_copy.build_set(seed=11, honest=40, copies=6)


@pytest.fixture(scope="module")
def outcomes(samples):
    return study_copy.evaluate(samples)


def test_the_set_has_every_kind_of_report(samples):
    kinds = {s.category for s in samples}
    assert kinds == set(study_copy.CATEGORIES)
    honest = [s for s in samples if s.category == "honest"]
    assert len(honest) == 40
    for sample in honest:
        written = re.split(r"(?<=[.!?…])\s+", sample.text)  # full sentences, not clauses
        assert 6 <= len(written) <= 16  # 6–15, and a quote of the resolution may add one


def test_the_set_is_the_same_for_the_same_seed(samples):
    again = study_copy.build_set(seed=11, honest=40, copies=6)
    assert [s.text for s in again] == [s.text for s in samples]
    other = study_copy.build_set(seed=12, honest=40, copies=6)
    assert [s.text for s in other] != [s.text for s in samples]


def test_precision_and_recall_stay_above_what_was_measured(outcomes):
    figures = study_copy.figures(outcomes)
    table = study_copy.table(figures)
    assert figures.precision >= MIN_PRECISION, table
    assert figures.recall >= MIN_RECALL, table
    for row in figures.rows:
        if row.is_copy:
            assert row.rate >= MIN_RECALL_PER_KIND, table
            assert row.right_source == row.flagged, table
        else:
            assert row.rate <= MAX_FALSE_ALARMS, table


def test_paraphrases_are_not_copies(outcomes):
    """Same ideas and facts in other words: well under the flag, not just under it."""
    shares = [o.share for o in outcomes if o.sample.category == "paraphrase"]
    assert max(shares) < similarity.FLAG_AT - 0.1


@pytest.mark.parametrize(
    ("setting", "value", "breaks"),
    [
        ("flag_at", 0.15, "precision"),  # formulaic honest sentences would flag reports
        ("flag_at", 0.95, "recall"),  # copies with a few own sentences would pass
        ("sentence_match", 99.5, "recall"),  # light edits would pass
    ],
)
def test_the_thresholds_catch_a_broken_setting(samples, setting, value, breaks):
    """The assertions above are not vacuous: a bad setting (given to the evaluation, not
    patched into ``similarity``) falls below them."""
    given = {setting: value}
    flag_at = given.pop("flag_at", None)
    figures = study_copy.figures(study_copy.evaluate(samples, **given), flag_at)
    if breaks == "precision":
        assert figures.precision < MIN_PRECISION
    else:
        assert figures.recall < MIN_RECALL


def test_the_cases_of_issue_13_are_caught_and_credited_to_the_original(outcomes):
    """Uploads read, the resolution's full text compared, copies of copies credited to the
    original, scans said to have no text."""
    for category in study_copy.ISSUE13:
        group = [o for o in outcomes if o.sample.category == category]
        assert group and all(o.flagged for o in group), category
        assert sum(o.right_source for o in group) >= len(group) - 1, category
    scans = [o for o in outcomes if o.sample.category == "scan"]
    assert scans and all(o.no_text and not o.flagged for o in scans)
    honest_files = [o for o in outcomes if o.sample.category == "honest pdf"]
    assert honest_files and not any(o.flagged for o in honest_files)


def test_before_issue_13_the_same_cases_were_missed_or_miscredited(samples):
    before = study_copy.evaluate(samples, before=True)
    by = {c: [o for o in before if o.sample.category == c] for c in study_copy.ISSUE13}
    assert not any(o.flagged for o in by["upload docx"] + by["upload pdf"])  # files not read
    assert not any(o.right_source for o in by["copy of copy"])  # the copy in between credited
    assert not any(o.no_text for o in before)
