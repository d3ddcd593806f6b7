"""The copy signal for learning reports.

Copying shows as sentences taken from another text, perhaps reordered, lightly edited, or with
the tone marks dropped. So texts are compared sentence by sentence: each sentence of a report
is folded (lower case, no diacritics, ``đ`` → ``d``, punctuation dropped) and matched against
every sentence of the other texts with RapidFuzz's token-sort ratio (the normalised Indel
similarity of the two sentences' words in sorted order), which tolerates a few words changed,
inserted, deleted or moved. A sentence whose best match scores ``SENTENCE_MATCH`` or more
counts as copied; the report's score is the share of its words in sentences copied from one
source (so reordering sentences changes nothing), and the matched pairs are the overlapping
passages shown to the reviewer. ``FLAG_AT`` flags the report.

The settings were chosen with the evaluation (``uv run python -m
trienkhai.tooling.evals.study_copy``; ``--grid`` tries the alternatives): a generated commune of
160 honest reports, 40 paraphrases of them and 200 copies of eight kinds, over six seeds (2026,
1–5). With the token-sort ratio at 85 and the flag at half the words, precision and recall were
1.000 on every seed: honest reports and paraphrases peaked at 0.31–0.39 of their words matched,
copies bottomed at 0.59–0.71. The alternatives measured on the same sets:

* ``token_set_ratio`` (the first choice) scores 100 whenever one sentence's words are a subset
  of the other's, so formulaic honest sentences match each other too easily: honest reports
  shared 28 % of their words with their closest neighbour on average (17 % with the
  token-sort ratio), up to 0.61, and 2 of 160 were flagged (seed 2026, precision 0.989). It
  also re-tokenises every candidate sentence: 1.1 s of CPU to check one report against 2,000
  others, against 0.07 s.
* ``ratio`` (words in their order) flagged one honest report in 1,200 (peak 0.56) and misses
  a copy that moves words around inside its sentences; it is as fast.
* ``SENTENCE_MATCH``: at 80 honest reports peak at 0.39–0.56 (one flagged); at 88 or 90 edited
  copies slip through: with three to nine words edited in every sentence of 40 copies, 35
  were flagged at 85, 11 at 88, none at 90 (with two to six: 40, 37 and 26).
* ``MIN_WORDS`` from 3 to 6 changed nothing on the set; 4 keeps stock phrases such as
  "Tôi xin hứa." out of the count.
* ``FLAG_AT``: half the words lies between the honest peak (≤ 0.39) and the lowest copies (a
  copy with a few sentences of one's own added, the resolution's points with one's own
  opening: ≥ 0.59), and is easy to explain to a reviewer.

The sources are given earliest first (the resolution: its key points and the full text of its
PDF; then the reports in the order they were submitted) and the source credited is the
original: ``Hits.original`` gives each copied sentence to the earliest text holding it
(issue 13; ``tooling/evals/study_copy.py`` has the figures before and after).

A report that quotes the resolution once, or shares the stock opening and closing sentences,
stays well under the flag; the reviewer still sees the share and the passages. Checking one
report against 2,000 others of its commune takes 0.07 s once their sentences are prepared
(cached per process), 0.4 s the first time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from trienkhai.core.textvi import comparison_key as fold
from trienkhai.core.textvi import sentences

#: name → (RapidFuzz scorer, which key of a prepared sentence it compares: 1 the folded
#: words in order, 2 the same words sorted, so that ``token_sort_ratio`` is a plain ``ratio``
#: of keys sorted once, when a text is prepared, not at every comparison).
SCORERS = {
    "token_sort_ratio": (fuzz.ratio, 2),
    "ratio": (fuzz.ratio, 1),
    "token_set_ratio": (fuzz.token_set_ratio, 1),
}
SCORER_NAME = "token_sort_ratio"
SENTENCE_MATCH = 85.0  # RapidFuzz score (0–100) above which a sentence counts as copied
FLAG_AT = 0.5  # share of a report's words in copied sentences that flags it to the reviewer
MIN_WORDS = 4  # shorter sentences ("Tôi đồng ý.") are too common to count


@dataclass
class Passage:
    """A sentence of the report and the sentence of the source it matches."""

    sentence: str
    source_sentence: str
    score: float


@dataclass
class Match:
    source_key: Any  # whatever the caller uses to name the source (a report id, "resolution")
    share: float  # 0–1: the report's words in copied sentences
    passages: list[Passage]


def _words(sentence: str) -> int:
    return len(sentence.split())


@lru_cache(maxsize=4096)
def _prepared(text: str, min_words: int) -> tuple[tuple[str, str, str, int], ...]:
    """The sentences of ``text`` long enough to count: (sentence, key, key with its words
    sorted, words). Cached: a commune's other reports (at most 2,000 are compared) are
    prepared once for many checks; 4,096 prepared reports take some 30 MB per process."""
    out = []
    for sentence in sentences(text):
        words = _words(sentence)
        if words >= min_words:
            key = fold(sentence)
            out.append((sentence, key, " ".join(sorted(key.split())), words))
    return tuple(out)


def clear_cache() -> None:
    _prepared.cache_clear()


def compare(text: str, source: str) -> Match:
    """How much of ``text`` is copied from ``source``."""
    return best_match(text, {None: source}) or Match(None, 0.0, [])


def best_match(
    text: str,
    sources: dict[Any, str],
    *,
    scorer: str | None = None,
    sentence_match: float | None = None,
    min_words: int | None = None,
) -> Match | None:
    """The source (``{key: text}``) that covers the largest share of ``text`` (the first one
    on a tie), credited to the earliest source holding the same passages (``Hits.original``:
    give the sources earliest first). The keyword arguments override the module's settings
    (for the evaluation)."""
    cutoff = SENTENCE_MATCH if sentence_match is None else sentence_match
    found = sentence_hits(text, sources, scorer=scorer, cutoff=cutoff, min_words=min_words)
    return found.best(cutoff) if found else None


@dataclass
class Hits:
    """Every pair (sentence of the report, sentence of a source) scoring at least a cutoff."""

    own: tuple  # the report's prepared sentences
    keys: list  # the sources' keys, by index
    originals: list  # the sources' sentences, by index over all of them
    by_source: dict  # source index → own sentence index → (best score, sentence index)

    def best(self, cutoff: float, *, original: bool = True) -> Match:
        """The source covering the largest share, counting hits that score ``cutoff`` or more
        (the evaluation tries several cutoffs on one computation), credited to the original
        (``original=False``: to that source itself, as before issue 13, for the evaluation)."""
        total = sum(prepared[3] for prepared in self.own)
        best, best_share, best_hits = 0, 0.0, {}
        for source in sorted(self.by_source):
            hits = {i: hit for i, hit in self.by_source[source].items() if hit[0] >= cutoff}
            share = sum(self.own[i][3] for i in hits) / total
            if share > best_share:
                best, best_share, best_hits = source, share, hits
        passages = [
            Passage(self.own[i][0], self.originals[j], score)
            for i, (score, j) in sorted(best_hits.items())
        ]
        credited = self.original(best, best_hits, cutoff) if original else best
        return Match(self.keys[credited], best_share, passages)

    def original(self, best: int, hits: dict, cutoff: float) -> int:
        """The source to credit for the passages found in source ``best``: the earliest text
        holding them. Sources come earliest first (the resolution, then the reports in the
        order they were submitted); each copied sentence goes to the earliest source where it
        is found, and the source holding most of the words is the original — so a report
        copying a report that copied the resolution is credited to the resolution."""
        if not hits:
            return best
        words: dict[int, int] = {}
        for i in hits:
            first = min(
                source
                for source, found in self.by_source.items()
                if i in found and found[i][0] >= cutoff
            )
            words[first] = words.get(first, 0) + self.own[i][3]
        return max(sorted(words), key=lambda source: words[source])


def sentence_hits(
    text: str, sources: dict, *, scorer: str | None, cutoff: float, min_words: int | None
) -> Hits | None:
    scorer_fn, key_index = SCORERS[scorer or SCORER_NAME]
    min_words = MIN_WORDS if min_words is None else min_words
    own = _prepared(text, min_words)
    if not own or not sources:
        return None
    # All the sources' sentences in one list, so that each sentence of the report is one
    # RapidFuzz call over everything rather than one call per source.
    keys: list[Any] = []
    owner: list[int] = []
    choices: list[Any] = []
    originals: list[str] = []
    for key, source_text in sources.items():
        theirs = _prepared(source_text, min_words)
        if not theirs:
            continue
        for prepared in theirs:
            owner.append(len(keys))
            choices.append(prepared[key_index])
            originals.append(prepared[0])
        keys.append(key)
    if not keys:
        return None
    queries: list[Any] = [prepared[key_index] for prepared in own]
    by_source: dict[int, dict[int, tuple[float, int]]] = {}
    for i, query in enumerate(queries):
        for _choice, score, j in process.extract(
            query, choices, scorer=scorer_fn, score_cutoff=cutoff, limit=None
        ):
            per_source = by_source.setdefault(owner[j], {})
            if i not in per_source or score > per_source[i][0]:
                per_source[i] = (score, j)
    return Hits(own, keys, originals, by_source)
