"""How well the copy signal works: a generated evaluation set, and its precision and recall.

Run ``uv run python -m trienkhai.study.copy_eval`` (``--seed``, ``--honest``, ``--timing``,
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
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import similarity
from .copy_eval_corpus import (
    ACTIONS,
    CLOSING,
    COMMITMENT,
    COMMUNES,
    CROPS,
    CULTURE,
    FAMILY,
    GIVEN,
    IDEAS,
    LOCAL,
    MIDDLE,
    OCCUPATIONS,
    OPENING,
    ORGS,
    PLACES,
    PRODUCTS,
    PROPOSAL,
    PROPOSALS,
    QUOTE_LEADS,
    RESOLUTION_POINTS,
    RESOLUTION_TEXT,
    ROLES,
    UNDERSTANDING,
    VILLAGES,
)

_ALTERNATIVE = re.compile(r"\[([^\[\]]*)\]")

# --- a writer and their report -------------------------------------------------------------


@dataclass
class Sentence:
    idea: str  # an IDEAS key, or "quote" (a point of the resolution)
    wording: int
    values: dict
    seed: int  # picks the alternatives; a paraphrase draws a new one

    def render(self) -> str:
        if self.idea == "quote":
            return self.values["quote"]
        rng = random.Random(self.seed)
        values = dict(self.values)
        for slot in ("action", "action2", "proposal"):
            if slot in values:
                values[slot] = _fill(values[slot], values, rng)
        text = _fill(IDEAS[self.idea][self.wording], values, rng)
        return text[0].upper() + text[1:]


def _fill(template: str, values: dict, rng: random.Random) -> str:
    text = _ALTERNATIVE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    return text.format_map(values)


def _writer(rng: random.Random) -> dict:
    village = rng.choice(VILLAGES)
    return {
        "name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        "role": rng.choice(ROLES),
        "village": village,
        "Village": village[0].upper() + village[1:],
        "commune": rng.choice(COMMUNES),
        "occupation": rng.choice(OCCUPATIONS),
        "crop": rng.choice(CROPS),
        "product": rng.choice(PRODUCTS),
        "culture": rng.choice(CULTURE),
    }


def _values(rng: random.Random, writer: dict) -> dict:
    km = rng.randint(12, 65)
    return {
        **writer,
        "n": rng.randint(5, 40),
        "n2": rng.randint(2, 9),
        "households": rng.randint(80, 450),
        "people": rng.randint(300, 1800),
        "members": rng.randint(12, 60),
        "km": f"{km // 10},{km % 10}",
        "year": rng.randint(2019, 2025),
        "year2": rng.choice([2026, 2027]),
        "month": rng.randint(1, 12),
        "day": rng.randint(1, 28),
        "area": rng.randint(150, 2000),
        "area2": rng.randint(2, 15),
        "income": rng.randint(38, 75),
        "trees": rng.randint(20, 300),
        "money": rng.choice([200, 300, 500, 1000, 2000]),
        "animals": rng.randint(3, 20),
        "place": rng.choice(PLACES),
        "org": rng.choice(ORGS),
        "action": rng.choice(ACTIONS),
        "action2": rng.choice(ACTIONS),
        "proposal": rng.choice(PROPOSALS),
    }


def _pick(rng: random.Random, ideas: dict, k: int) -> list[str]:
    return rng.sample(sorted(ideas), min(k, len(ideas)))


def honest_plan(rng: random.Random) -> list[Sentence]:
    """The sentences of one honest report (6–15), in the order such a report is written."""
    writer = _writer(rng)
    while True:
        chosen = (
            _pick(rng, OPENING, rng.choice([1, 1, 2]))
            + _pick(rng, UNDERSTANDING, rng.randint(2, 5))
            + _pick(rng, LOCAL, rng.randint(1, 4))
            + _pick(rng, COMMITMENT, rng.randint(1, 3))
            + _pick(rng, PROPOSAL, rng.randint(0, 1))
            + _pick(rng, CLOSING, rng.randint(0, 1))
        )
        if 6 <= len(chosen) <= 15:
            break
    plan = [
        Sentence(idea, rng.randrange(len(IDEAS[idea])), _values(rng, writer), rng.getrandbits(32))
        for idea in chosen
    ]
    if rng.random() < 0.35 and len(plan) < 15:  # one point of the resolution, quoted
        point = similarity.sentences(rng.choice(RESOLUTION_POINTS))[0]
        quote = f"{rng.choice(QUOTE_LEADS)}, {point[0].lower()}{point[1:]}"
        plan.insert(rng.randint(1, len(plan) - 1), Sentence("quote", 0, {"quote": quote}, 0))
    return plan


def paraphrase_plan(rng: random.Random, plan: list[Sentence]) -> list[Sentence]:
    """The same ideas and facts, each sentence in another wording of the same idea."""
    out = []
    for s in plan:
        if s.idea == "quote":  # a quote is rephrased by quoting another point
            point = similarity.sentences(rng.choice(RESOLUTION_POINTS))[-1]
            quote = f"{rng.choice(QUOTE_LEADS)}, {point[0].lower()}{point[1:]}"
            out.append(Sentence("quote", 0, {"quote": quote}, 0))
            continue
        wordings = len(IDEAS[s.idea])
        other = (s.wording + rng.randrange(1, wordings)) % wordings if wordings > 1 else s.wording
        out.append(Sentence(s.idea, other, s.values, rng.getrandbits(32)))
    return out


def text_of(plan: list[Sentence]) -> str:
    return " ".join(s.render() for s in plan)


# --- copies --------------------------------------------------------------------------------

SYNONYMS = {
    "tôi": "bản thân tôi", "sẽ": "sẽ cố gắng", "rất": "hết sức", "bà con": "người dân",
    "cần": "phải", "phải": "cần", "nhiều": "không ít", "đã": "đã từng", "là": "chính là",
    "và": "cùng với", "của": "thuộc", "nhưng": "song", "vì": "bởi vì", "nên": "vì vậy",
    "thôn": "xóm", "còn": "vẫn còn", "hộ": "gia đình", "hiện": "hiện nay",
}  # fmt: skip
FILLERS = ["cũng", "đã", "luôn", "thật sự", "rất", "vẫn", "đều", "thì", "ngay", "nữa"]


def light_edit(rng: random.Random, sentence: str) -> str:
    """One to three words changed, inserted or deleted."""
    words = sentence.split()
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        i = rng.randrange(1, len(words)) if len(words) > 2 else 0
        if op < 0.4:
            synonyms = [j for j, w in enumerate(words) if w.lower() in SYNONYMS]
            if synonyms:
                j = rng.choice(synonyms)
                words[j] = SYNONYMS[words[j].lower()]
            else:
                words.insert(i, rng.choice(FILLERS))
        elif op < 0.75:
            words.insert(i, rng.choice(FILLERS))
        elif len(words) > 5:
            del words[i]
    text = " ".join(words)
    return text if text.endswith((".", "!", "?")) else text + "."


def strip_marks(text: str) -> str:
    """Vietnamese typed without tone marks: ``Nghị quyết`` → ``Nghi quyet``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _shuffled(rng: random.Random, items: list) -> list:
    out = list(items)
    while len(out) > 1 and out == items:
        rng.shuffle(out)
    return out


def _edited(rng: random.Random, sentences: list[str]) -> list[str]:
    return [light_edit(rng, s) if rng.random() < 0.85 else s for s in sentences]


COPY_KINDS = {
    "verbatim": lambda rng, ss: ss,
    "light edit": _edited,
    "heavier edit": lambda rng, ss: [light_edit(rng, light_edit(rng, s)) for s in ss],
    "reordered": _shuffled,
    "no diacritics": lambda rng, ss: [strip_marks(s) for s in ss],
    "copy + own": None,  # needs fresh sentences: see build_set
    "edited mix": lambda rng, ss: [strip_marks(s) for s in _shuffled(rng, _edited(rng, ss))],
}


def resolution_copy(rng: random.Random) -> str:
    """The resolution's points, with an opening or closing sentence of one's own."""
    points = rng.sample(RESOLUTION_POINTS, rng.randint(3, 6))
    own = [s.render() for s in honest_plan(rng)]
    parts = [*points]
    if rng.random() < 0.7:
        parts.insert(0, own[0])
    if rng.random() < 0.5:
        parts.append(own[-1])
    return " ".join(parts)


# --- the set ---------------------------------------------------------------------------------


@dataclass
class Sample:
    key: str
    category: str
    is_copy: bool
    text: str
    root: str  # the honest report (or "resolution") it was made from; itself for an original
    derived: set = field(default_factory=set)  # keys of the samples made from this one


def build_set(seed: int = 2026, honest: int = 160, copies: int = 25) -> list[Sample]:
    """``honest`` original reports, ``copies`` of each copy kind and of the resolution, and
    ``copies`` paraphrases (at least a quarter of the originals)."""
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
    return samples


# --- evaluation ------------------------------------------------------------------------------


@dataclass
class Outcome:
    sample: Sample
    share: float
    source_root: str | None

    @property
    def flagged(self) -> bool:
        return self.share >= similarity.FLAG_AT

    @property
    def right_source(self) -> bool:
        return self.source_root == self.sample.root


def _hits(samples: list[Sample], scorer, cutoff, min_words) -> dict:
    """Each sample against the others of the set (not those made from it) and the
    resolution, as ``services.signal_copies`` checks a report."""
    texts = {s.key: s.text for s in samples}
    found = {}
    for sample in samples:
        sources = {k: t for k, t in texts.items() if k != sample.key and k not in sample.derived}
        sources["resolution"] = RESOLUTION_TEXT
        found[sample.key] = similarity.sentence_hits(
            sample.text, sources, scorer=scorer, cutoff=cutoff, min_words=min_words
        )
    return found


def _outcomes(samples: list[Sample], found: dict, cutoff: float) -> list[Outcome]:
    by_key = {s.key: s for s in samples}
    outcomes = []
    for sample in samples:
        hits = found[sample.key]
        match = hits.best(cutoff) if hits else None
        if match is None or not match.share:
            outcomes.append(Outcome(sample, 0.0, None))
            continue
        key = match.source_key
        root = "resolution" if key == "resolution" else by_key[key].root
        outcomes.append(Outcome(sample, match.share, root))
    return outcomes


def evaluate(
    samples: list[Sample], *, scorer=None, sentence_match=None, min_words=None
) -> list[Outcome]:
    """The outcome of every sample with the module's settings (or the ones given)."""
    cutoff = similarity.SENTENCE_MATCH if sentence_match is None else sentence_match
    return _outcomes(samples, _hits(samples, scorer, cutoff, min_words), cutoff)


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


CATEGORIES = ["honest", "paraphrase", *COPY_KINDS, "resolution"]


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
    parser.add_argument("--scorer", choices=sorted(similarity.SCORERS), help="override")
    parser.add_argument("--sentence-match", type=float, help="override SENTENCE_MATCH")
    parser.add_argument("--min-words", type=int, help="override MIN_WORDS")
    parser.add_argument("--flag-at", type=float, help="override FLAG_AT")
    args = parser.parse_args(argv)
    overrides = {
        "SCORER_NAME": args.scorer,
        "SENTENCE_MATCH": args.sentence_match,
        "MIN_WORDS": args.min_words,
        "FLAG_AT": args.flag_at,
    }
    for name, value in overrides.items():
        if value is not None:
            setattr(similarity, name, value)
    samples = build_set(args.seed, args.honest, args.copies)
    settings = (
        f"scorer {similarity.SCORER_NAME}, SENTENCE_MATCH {similarity.SENTENCE_MATCH}, "
        f"MIN_WORDS {similarity.MIN_WORDS}, FLAG_AT {similarity.FLAG_AT}"
    )
    print(f"{len(samples)} reports, seed {args.seed}; {settings}")
    start = time.perf_counter()
    outcomes = evaluate(samples)
    elapsed = time.perf_counter() - start
    print(table(figures(outcomes)))
    print(f"({elapsed:.1f} s for {len(samples)} checks)")
    if args.show:
        wrong = [o for o in outcomes if o.flagged != o.sample.is_copy]
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
