"""The copy signal for learning reports.

Copying shows as sentences taken from another text, perhaps reordered, lightly edited, or with
the tone marks dropped. So texts are compared sentence by sentence: each sentence of a report
is folded (lower case, no diacritics, ``textvi.fold``) and matched against every sentence of
the other texts with RapidFuzz's token-set ratio, which ignores word order within a sentence
and tolerates small edits. A sentence whose best match scores ``SENTENCE_MATCH`` or more counts
as copied; the report's score is the share of its words in copied sentences, and the matched
pairs are the overlapping passages shown to the reviewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from trienkhai.core import textvi

SENTENCE_MATCH = 85.0  # RapidFuzz score (0–100) above which a sentence counts as copied
FLAG_AT = 0.5  # share of a report's words in copied sentences that flags it to the reviewer
MIN_WORDS = 4  # shorter sentences ("Tôi đồng ý.") are too common to count

_SPLIT = re.compile(r"(?<=[.!?;:…])\s+|\n+")


@dataclass
class Passage:
    """A sentence of the report and the sentence of the source it matches."""

    sentence: str
    source_sentence: str
    score: float


@dataclass
class Match:
    source_key: object  # whatever the caller uses to name the source (a report id, "resolution")
    share: float  # 0–1: the report's words in copied sentences
    passages: list[Passage]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(textvi.normalize_paragraphs(text)) if s.strip()]


def _words(sentence: str) -> int:
    return len(sentence.split())


def compare(text: str, source: str) -> Match:
    """How much of ``text`` is copied from ``source``."""
    return best_match(text, {None: source}) or Match(None, 0.0, [])


def best_match(text: str, sources: dict) -> Match | None:
    """The source (``{key: text}``) that covers the largest share of ``text``."""
    own = [s for s in sentences(text) if _words(s) >= MIN_WORDS]
    total = sum(_words(s) for s in own)
    if not own or not sources:
        return None
    best = None
    for key, source_text in sources.items():
        theirs = [s for s in sentences(source_text) if _words(s) >= MIN_WORDS]
        if not theirs:
            continue
        folded = [textvi.fold(s) for s in theirs]
        passages = []
        for sentence in own:
            hit = process.extractOne(
                textvi.fold(sentence),
                folded,
                scorer=fuzz.token_set_ratio,
                score_cutoff=SENTENCE_MATCH,
            )
            if hit is not None:
                passages.append(Passage(sentence, theirs[hit[2]], hit[1]))
        share = sum(_words(p.sentence) for p in passages) / total
        if best is None or share > best.share:
            best = Match(key, share, passages)
    return best
