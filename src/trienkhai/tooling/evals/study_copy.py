"""How well the copy signal works: a generated evaluation set, and its precision and recall.

Run ``uv run python -m trienkhai.tooling.evals.study_copy`` (``--seed``, ``--honest``, ``--timing``,
``--grid``). Everything is generated from a seed, so a run is reproducible.

The set is one commune's learning reports on one resolution:

* **honest** reports, written from sentence templates about the resolution's topics: an
  opening, what the writer understood, the situation of their village (households, roads,
  crops, incomes, names of places), personal commitments, proposals and a closing, 6–15
  sentences each. Alternatives inside every template (``[a|b|c]``) and values drawn per
  sentence make each report different, while the stock phrases every real report shares
  ("Qua học tập, quán triệt Nghị quyết…", "Trên đây là bài thu hoạch của tôi…") are kept on
  purpose: an honest report may also quote one point of the resolution.
* **paraphrases** (honest): the same ideas and facts as another report, each sentence
  written with another template of the same idea. They must *not* be flagged.
* copies (flagged if caught): **verbatim**; **light edit** (one to three words changed,
  inserted or deleted in most sentences); **heavier edit** (two to six in every sentence: the
  edge of what a sentence-level match can see); **reordered** sentences; **no diacritics** (tone
  marks dropped, ``đ`` typed ``d``); **copy + own** (the whole source plus two to four
  sentences of one's own); **edited mix** (light edits, reordered and without diacritics at
  once); **resolution** (the resolution's key points with an opening or closing of one's own).

Each report is checked, as ``services.signal_copies`` does, with ``similarity.best_match``
against every other report of the set except those made from it (in real life the copy is
submitted after its source) and against the resolution's text. A report is flagged when the
share of its words in copied sentences reaches ``similarity.FLAG_AT``. Per category the table
shows how many were flagged: for a copy kind its recall, and its precision as if every copy
were of that kind (its flagged copies against all the honest reports flagged); for an honest
kind the false-alarm rate. "right source" is how often a flagged copy was matched to the
report it was made from (or the resolution); "worst share" the lowest share of a copy kind,
the highest of an honest one. Precision and recall overall are over the whole set.

Measured (seed 2026, the settings of ``similarity``; 5 s for the 400 checks)::

    category       label    n  flagged  precision  recall  false alarms  worst share  mean
    honest         honest  160        0          –       –          0.0%         0.33  0.17
    paraphrase     honest   40        0          –       –          0.0%         0.33  0.19
    verbatim       copy     25       25      1.000   1.000             –         1.00  1.00
    light edit     copy     25       25      1.000   1.000             –         0.93  0.99
    heavier edit   copy     25       25      1.000   1.000             –         0.68  0.91
    reordered      copy     25       25      1.000   1.000             –         1.00  1.00
    no diacritics  copy     25       25      1.000   1.000             –         1.00  1.00
    copy + own     copy     25       25      1.000   1.000             –         0.64  0.80
    edited mix     copy     25       25      1.000   1.000             –         0.94  1.00
    resolution     copy     25       25      1.000   1.000             –         0.67  0.88
    overall: precision 1.000, recall 1.000, honest reports flagged 0.0%

Seeds 1–5 gave the same: no honest report flagged, no copy missed, honest reports at most 0.39
of their words matched, copies at least 0.59; every flagged copy named its true source. The
set is easier than real life in one way (copies are made only by the operations above) and
harder in another (honest reports drawn from shared templates are more alike than people's
own writing); ``similarity``'s docstring compares the alternatives.

Issue 13 added to the set (``--no-issue13`` leaves them out) honest reports handed in as PDF
files, scans (PDFs with no text), and copies: **full text** (four to seven passages of the
resolution's full text nobody typed as a key point, ``RESOLUTION_BODY``, with an opening or
closing of one's own), **upload docx** (a light edit handed in as a Word file), **upload pdf**
(a copy handed in as a PDF: no tone marks, lines wrapped), **copy of copy** (a light edit of
a copy that added two sentences of its own: the original must be credited, not the copy in
between) and **copy of res. copy** (a copy, without diacritics, of a copy of the resolution).
``--before`` checks as before issue 13: the key points only, files not read, the closest
source credited. Seed 2026 (625 reports; 36 s), before → after::

    category          n  flagged before → after  right source before → after
    honest pdf       25        0 → 0
    scan             25        0 → 0             said "no text": 0/25 → 25/25
    full text        25       22 → 25            0 % → 100 %  (before: flagged as copies of
                                                 each other, the resolution not seen)
    upload docx      25        0 → 25            – → 100 %
    upload pdf       25        0 → 25            – → 100 %
    copy of copy     25       25 → 25            0 % → 100 %
    copy of res. copy 25      25 → 25           16 % → 100 %
    light edit       25       25 → 25           96 % → 100 %
    heavier edit     25       25 → 25           84 % → 100 %
    overall: precision 1.000 → 1.000, recall 0.859 → 1.000; honest reports flagged 0 → 0

Seeds 1–5 before: precision 1.000, recall 0.851–0.856; after: precision and recall 1.000 on
each, every scan said to have no text; on seeds 4–5 honest reports at most 0.39 of their words
matched (the honest PDFs 0.37); on seed 2026 the copies' lowest was 0.62 (full-text passages
with an own opening).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from trienkhai.core import textextract
from trienkhai.demo.documents import tiny_docx, tiny_pdf
from trienkhai.demo.report_corpus import RESOLUTION_FULL_TEXT, RESOLUTION_TEXT
from trienkhai.demo.report_writer import (
    COPY_KINDS,
    edited,
    full_text_copy,
    honest_plan,
    paraphrase_plan,
    resolution_copy,
    strip_marks,
    text_of,
)
from trienkhai.study import similarity

# --- the set ---------------------------------------------------------------------------------


@dataclass
class Sample:
    key: str
    category: str
    is_copy: bool
    text: str
    root: str  # the honest report (or "resolution") it was made from; itself for an original
    derived: set = field(default_factory=set)  # keys of the samples made from this one
    upload: bytes | None = None  # handed in as a file (PDF or DOCX): ``text`` is what it shows
    read: str | None = None  # the text read from the file (set by ``read_uploads``)
    state: str = "ok"  # what reading the file gave: ok, no_text (a scan), unreadable

    def checked(self, before: bool) -> str:
        """The text the check compares: before issue 13 an uploaded file was not read."""
        if self.upload is None:
            return self.text
        return "" if before else (self.read or "")


#: The cases issue 13 added (uploads, the resolution's full text, copies of copies); with
#: ``--no-issue13`` the set is the one measured before.
ISSUE13 = ["full text", "upload docx", "upload pdf", "copy of copy", "copy of res. copy"]


def build_set(
    seed: int = 2026, honest: int = 160, copies: int = 25, issue13: bool = True
) -> list[Sample]:
    """``honest`` original reports, ``copies`` of each copy kind and of the resolution, and
    ``copies`` paraphrases (at least a quarter of the originals); with ``issue13``, ``copies``
    of each case issue 13 added, honest reports handed in as PDF files and scans."""
    rng = random.Random(seed)
    originals = []
    plans = {}
    for i in range(honest):
        plan = honest_plan(rng)
        key = f"h{i}"
        plans[key] = plan
        originals.append(Sample(key, "honest", False, text_of(plan), key))
    samples = list(originals)

    def derive(category, is_copy, text, source):
        sample = Sample(f"{category}-{len(samples)}", category, is_copy, text, source.root)
        source.derived.add(sample.key)
        samples.append(sample)

    for source in rng.sample(originals, max(copies, honest // 4)):
        derive("paraphrase", False, text_of(paraphrase_plan(rng, plans[source.key])), source)
    for kind, make in COPY_KINDS.items():
        for source in rng.sample(originals, copies):
            sentences = [s.render() for s in plans[source.key]]
            if make is None:
                own = [s.render() for s in honest_plan(rng)]
                for extra in rng.sample(own, rng.randint(2, 4)):
                    sentences.insert(rng.randint(0, len(sentences)), extra)
            else:
                sentences = make(rng, sentences)
            derive(kind, True, " ".join(sentences), source)
    for i in range(copies):
        samples.append(
            Sample(f"resolution-{i}", "resolution", True, resolution_copy(rng), "resolution")
        )
    if issue13:
        _issue13(rng, samples, originals, plans, copies, derive)
    return samples


def _issue13(rng, samples, originals, plans, copies, derive) -> None:
    """The cases issue 13 added. Files are made as members hand them in: a Word file keeps
    the text; the PDF is the demo's (no tone marks, lines wrapped at 88 characters)."""

    def pdf(text: str) -> bytes:
        import textwrap

        lines = [w for s in similarity.sentences(text) for w in textwrap.wrap(s, 88)]
        return tiny_pdf(lines)

    for i in range(copies):
        samples.append(
            Sample(f"fulltext-{i}", "full text", True, full_text_copy(rng), "resolution")
        )
    for source in rng.sample(originals, copies):  # a light edit of a report, as a Word file
        text = " ".join(edited(rng, [s.render() for s in plans[source.key]]))
        derive("upload docx", True, text, source)
        samples[-1].upload = tiny_docx(similarity.sentences(text))
    for source in rng.sample(originals, copies):  # a report copied, as a PDF
        derive("upload pdf", True, source.text, source)
        samples[-1].upload = pdf(source.text)
    for i in range(copies):  # honest reports handed in as PDF files
        text = text_of(honest_plan(rng))
        samples.append(
            Sample(f"hpdf-{i}", "honest pdf", False, text, f"hpdf-{i}", upload=pdf(text))
        )
    for i in range(copies):  # scans: no text to read
        samples.append(Sample(f"scan-{i}", "scan", False, "", f"scan-{i}", upload=tiny_pdf([])))
    # A copy of a copy: the source credited must be the original, not the copy in between.
    for source in rng.sample(originals, copies):
        middle = [s.render() for s in plans[source.key]]
        own = [s.render() for s in honest_plan(rng)]
        middle[rng.randint(0, len(middle)) : 0] = rng.sample(own, 2)  # the copy adds its own
        derive("copy + own", True, " ".join(middle), source)
        between = samples[-1]
        derive("copy of copy", True, " ".join(edited(rng, middle)), source)
        between.derived.add(samples[-1].key)
    for i in range(copies):
        between = Sample(f"rescopy-{i}", "resolution", True, resolution_copy(rng), "resolution")
        samples.append(between)
        copy = Sample(
            f"rescopy2-{i}", "copy of res. copy", True, strip_marks(between.text),
            "resolution",
        )  # fmt: skip
        between.derived.add(copy.key)
        samples.append(copy)
    read_uploads(samples)


def read_uploads(samples: list[Sample]) -> None:
    """The text of every uploaded file, as the check reads it (``core.textextract``)."""
    for sample in samples:
        if sample.upload is not None:
            found = textextract.extract(sample.upload)
            sample.read, sample.state = found.text, found.state


# --- evaluation ------------------------------------------------------------------------------


@dataclass
class Outcome:
    sample: Sample
    share: float
    source_key: str | None  # the source credited
    no_text: bool = False  # the check said the file has no text (a scan)

    @property
    def flagged(self) -> bool:
        return self.share >= similarity.FLAG_AT

    @property
    def right_source(self) -> bool:
        """The source credited is the original: the report the copy was made from, or the
        resolution — not a copy in between."""
        return self.source_key == self.sample.root


def _hits(samples: list[Sample], scorer, cutoff, min_words, before: bool = False) -> dict:
    """Each sample against the others of the set (not those made from it) and the
    resolution, as ``study.checks`` checks a report: the resolution first (the earliest text),
    its key points and, since issue 13, its full text (``before``: the key points only, and
    uploaded files not read)."""
    texts = {s.key: s.checked(before) for s in samples}
    resolution = RESOLUTION_TEXT if before else RESOLUTION_FULL_TEXT
    found = {}
    for sample in samples:
        sources = {"resolution": resolution}
        sources.update(
            (k, t) for k, t in texts.items() if k != sample.key and k not in sample.derived
        )
        found[sample.key] = similarity.sentence_hits(
            texts[sample.key], sources, scorer=scorer, cutoff=cutoff, min_words=min_words
        )
    return found


def _outcomes(
    samples: list[Sample], found: dict, cutoff: float, before: bool = False
) -> list[Outcome]:
    outcomes = []
    for sample in samples:
        no_text = not before and sample.upload is not None and sample.state == "no_text"
        hits = found[sample.key]
        match = hits.best(cutoff, original=not before) if hits else None
        if match is None or not match.share:
            outcomes.append(Outcome(sample, 0.0, None, no_text))
            continue
        outcomes.append(Outcome(sample, match.share, match.source_key, no_text))
    return outcomes


def evaluate(
    samples: list[Sample], *, scorer=None, sentence_match=None, min_words=None, before=False
) -> list[Outcome]:
    """The outcome of every sample with the module's settings (or the ones given);
    ``before``: as the check ran before issue 13."""
    cutoff = similarity.SENTENCE_MATCH if sentence_match is None else sentence_match
    found = _hits(samples, scorer, cutoff, min_words, before)
    return _outcomes(samples, found, cutoff, before)


@dataclass
class Row:
    """One category's figures. For a copy kind, precision is what the flag would have if
    every copy were of this kind (its flagged copies against all the honest reports flagged);
    for an honest kind, ``flagged / n`` is its false-alarm rate."""

    category: str
    is_copy: bool
    n: int
    flagged: int
    precision: float | None
    right_source: int  # flagged with the match naming the report it was made from
    worst: float  # the lowest share of a copy kind, the highest of an honest one
    mean: float

    @property
    def rate(self) -> float:
        return self.flagged / self.n


@dataclass
class Figures:
    precision: float
    recall: float
    false_alarms: float  # honest reports flagged / honest reports
    rows: list[Row]


CATEGORIES = [
    "honest", "paraphrase", "honest pdf", "scan", *COPY_KINDS, "resolution", *ISSUE13,
]  # fmt: skip


def figures(outcomes: list[Outcome], flag_at: float | None = None) -> Figures:
    flag_at = similarity.FLAG_AT if flag_at is None else flag_at
    tp = sum(1 for o in outcomes if o.sample.is_copy and o.share >= flag_at)
    fp = sum(1 for o in outcomes if not o.sample.is_copy and o.share >= flag_at)
    positives = sum(1 for o in outcomes if o.sample.is_copy)
    negatives = len(outcomes) - positives
    groups = defaultdict(list)
    for o in outcomes:
        groups[o.sample.category].append(o)
    rows = []
    for category in sorted(groups, key=CATEGORIES.index):
        group = groups[category]
        is_copy = group[0].sample.is_copy
        flagged = sum(1 for o in group if o.share >= flag_at)
        shares = [o.share for o in group]
        rows.append(
            Row(
                category=category,
                is_copy=is_copy,
                n=len(group),
                flagged=flagged,
                precision=(flagged / (flagged + fp) if flagged + fp else 1.0) if is_copy else None,
                right_source=sum(1 for o in group if o.share >= flag_at and o.right_source),
                worst=min(shares) if is_copy else max(shares),
                mean=statistics.fmean(shares),
            )
        )
    return Figures(
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / positives if positives else 1.0,
        false_alarms=fp / negatives if negatives else 0.0,
        rows=rows,
    )


def table(fig: Figures) -> str:
    lines = [
        "category       label    n  flagged  precision  recall  false alarms  right source"
        "  worst share  mean share"
    ]
    for row in fig.rows:
        label = "copy" if row.is_copy else "honest"
        precision = f"{row.precision:.3f}" if row.is_copy else "–"
        recall = f"{row.rate:.3f}" if row.is_copy else "–"
        alarms = "–" if row.is_copy else f"{row.rate:.1%}"
        right = f"{row.right_source / row.flagged:.0%}" if row.flagged and row.is_copy else "–"
        lines.append(
            f"{row.category:<14} {label:<6} {row.n:>4} {row.flagged:>8} {precision:>10} "
            f"{recall:>7} {alarms:>13} {right:>13} {row.worst:>12.2f} {row.mean:>11.2f}"
        )
    lines.append(
        f"overall: precision {fig.precision:.3f}, recall {fig.recall:.3f}, "
        f"honest reports flagged {fig.false_alarms:.1%}"
    )
    return "\n".join(lines)


def timing(others: int = 2000, seed: int = 7, repeat: int = 7) -> dict[str, float]:
    """Seconds to check one report against ``others`` reports of a commune (and the
    resolution), wall clock and CPU: the first time (nothing cached) and the median of the
    next checks (the others' sentences cached, as in a running web process)."""
    rng = random.Random(seed)
    sources: dict[int | str, str] = {i: text_of(honest_plan(rng)) for i in range(others)}
    sources["resolution"] = RESOLUTION_TEXT

    def check() -> tuple[float, float]:
        report = text_of(honest_plan(rng))
        wall, cpu = time.perf_counter(), time.process_time()
        similarity.best_match(report, sources)
        return time.perf_counter() - wall, time.process_time() - cpu

    similarity.clear_cache()
    cold_wall, cold_cpu = check()
    runs = [check() for _ in range(repeat)]
    return {
        "cold_wall": cold_wall,
        "cold_cpu": cold_cpu,
        "warm_wall": statistics.median(r[0] for r in runs),
        "warm_cpu": statistics.median(r[1] for r in runs),
    }


GRID: dict[str, list[Any]] = {
    "scorer": ["token_set_ratio", "token_sort_ratio", "ratio"],
    "sentence_match": [75, 80, 85, 90, 95],
    "min_words": [3, 4, 5, 6],
}
FLAG_GRID = [0.3, 0.4, 0.5, 0.6, 0.7]


def grid(samples: list[Sample]) -> list[tuple]:
    """Every combination of scorer and thresholds: (F1, precision, recall, honest flagged,
    margin, settings), best first. The margin (the lowest share of a copy less the highest of
    an honest report) breaks ties: the wider, the more room for reports unlike the generated
    ones. Sentence scores are computed once per scorer and length, at the lowest cutoff."""
    rows = []
    for scorer in GRID["scorer"]:
        for min_words in GRID["min_words"]:
            found = _hits(samples, scorer, min(GRID["sentence_match"]), min_words)
            for cut in GRID["sentence_match"]:
                outcomes = _outcomes(samples, found, cut)
                margin = min(o.share for o in outcomes if o.sample.is_copy) - max(
                    o.share for o in outcomes if not o.sample.is_copy
                )
                for flag_at in FLAG_GRID:
                    fig = figures(outcomes, flag_at)
                    p, r = fig.precision, fig.recall
                    f1 = 2 * p * r / (p + r) if p + r else 0.0
                    rows.append(
                        (f1, p, r, fig.false_alarms, margin, scorer, cut, min_words, flag_at)
                    )
    return sorted(rows, key=lambda row: (-row[0], -row[4], row[5:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--honest", type=int, default=160, help="honest reports in the set")
    parser.add_argument("--copies", type=int, default=25, help="samples per copy kind")
    parser.add_argument("--timing", action="store_true", help="time one check against 2,000")
    parser.add_argument(
        "--grid", type=int, default=0, help="try other scorers and thresholds; print the N best"
    )
    parser.add_argument("--show", type=int, default=0, help="print N misclassified samples")
    parser.add_argument(
        "--before", action="store_true", help="check as before issue 13 (key points only, "
        "files not read, the closest source credited)",
    )  # fmt: skip
    parser.add_argument(
        "--no-issue13", action="store_true", help="the set without the cases issue 13 added"
    )
    parser.add_argument("--scorer", choices=sorted(similarity.SCORERS), help="override")
    parser.add_argument("--sentence-match", type=float, help="override SENTENCE_MATCH")
    parser.add_argument("--min-words", type=int, help="override MIN_WORDS")
    parser.add_argument("--flag-at", type=float, help="override FLAG_AT")
    args = parser.parse_args(argv)
    # The settings go to ``evaluate`` and ``figures`` as arguments; ``similarity``'s own stay
    # as they are (what the product runs with).
    scorer = args.scorer or similarity.SCORER_NAME
    cutoff = similarity.SENTENCE_MATCH if args.sentence_match is None else args.sentence_match
    min_words = similarity.MIN_WORDS if args.min_words is None else args.min_words
    flag_at = similarity.FLAG_AT if args.flag_at is None else args.flag_at
    samples = build_set(args.seed, args.honest, args.copies, issue13=not args.no_issue13)
    settings = f"scorer {scorer}, SENTENCE_MATCH {cutoff}, MIN_WORDS {min_words}, FLAG_AT {flag_at}"
    print(f"{len(samples)} reports, seed {args.seed}; {settings}")
    start = time.perf_counter()
    outcomes = evaluate(
        samples, scorer=scorer, sentence_match=cutoff, min_words=min_words, before=args.before
    )
    elapsed = time.perf_counter() - start
    print(table(figures(outcomes, flag_at)))
    scans = [o for o in outcomes if o.sample.category == "scan"]
    if scans:
        said = sum(1 for o in scans if o.no_text)
        print(f"scans said to have no text (not passed as own): {said}/{len(scans)}")
    print(f"({elapsed:.1f} s for {len(samples)} checks)")
    if args.show:
        wrong = [o for o in outcomes if (o.share >= flag_at) != o.sample.is_copy]
        for o in wrong[: args.show]:
            print(f"\n--- {o.sample.category} {o.sample.key} share {o.share:.2f}\n{o.sample.text}")
    if args.timing:
        t = {k: round(v * 1000) for k, v in timing().items()}
        print(
            f"one report against 2,000 others: {t['cold_wall']} ms ({t['cold_cpu']} ms CPU) the "
            f"first time, {t['warm_wall']} ms ({t['warm_cpu']} ms CPU) once their sentences "
            "are cached"
        )
    if args.grid:
        print(
            "\nF1     precision recall  honest flagged  margin  scorer           cut words flag_at"
        )
        for f1, p, r, fa, margin, scorer, cut, words, flag_at in grid(samples)[: args.grid]:
            print(
                f"{f1:.3f}  {p:.3f}     {r:.3f}   {fa:>13.1%}  {margin:>6.2f}  {scorer:<16} "
                f"{cut:>3} {words:>5} {flag_at:>7}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
