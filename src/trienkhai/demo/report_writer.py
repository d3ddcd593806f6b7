"""Learning reports people might write, and the copies a dishonest one might make of them.

Shared by the demo (its learning reports: ``study.py``, ``study_bulk.py``) and the copy-signal
evaluation (``trienkhai.tooling.evals.study_copy``), which is why it sits in demo — the tooling
is built on top of demo, never the other way round. The vocabulary is in ``report_corpus``.

A writer (``honest_plan``) picks 6–15 ideas in the order such a report is written — an
opening, what was understood, the situation of the writer's village, commitments, proposals,
a closing — and a wording of each; ``paraphrase_plan`` says the same in other wordings;
``COPY_KINDS`` are the operations copies are made with (verbatim, light or heavier edits,
reordered, tone marks dropped, …), ``resolution_copy`` a report made of the resolution's
points.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from trienkhai.study import similarity

from .report_corpus import (
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
    RESOLUTION_BODY,
    RESOLUTION_POINTS,
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


def shuffled(rng: random.Random, items: list) -> list:
    out = list(items)
    while len(out) > 1 and out == items:
        rng.shuffle(out)
    return out


def edited(rng: random.Random, sentences: list[str]) -> list[str]:
    return [light_edit(rng, s) if rng.random() < 0.85 else s for s in sentences]


COPY_KINDS = {
    "verbatim": lambda rng, ss: ss,
    "light edit": edited,
    "heavier edit": lambda rng, ss: [light_edit(rng, light_edit(rng, s)) for s in ss],
    "reordered": shuffled,
    "no diacritics": lambda rng, ss: [strip_marks(s) for s in ss],
    "copy + own": None,  # needs fresh sentences (the evaluation adds them)
    "edited mix": lambda rng, ss: [strip_marks(s) for s in shuffled(rng, edited(rng, ss))],
}


def full_text_copy(rng: random.Random) -> str:
    """Passages of the resolution's full text nobody typed as key points, with an opening or
    closing sentence of one's own."""
    passages = rng.sample(RESOLUTION_BODY, rng.randint(4, 7))
    own = [s.render() for s in honest_plan(rng)]
    parts = [*passages]
    if rng.random() < 0.7:
        parts.insert(0, own[0])
    if rng.random() < 0.5:
        parts.append(own[-1])
    return " ".join(parts)


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
