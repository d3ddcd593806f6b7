"""The copy check of action programs: how much of a program is its unit's own.

The press's complaint is commune programs copied from the program above or a neighbour's,
lightly edited ("tỉnh" → "xã", the unit's name swapped, numbers changed, tasks reordered,
merged or split). Each task of a program is compared with the tasks of the program above
(``parent``) and of the sibling units' programs for the same plan family written before it
(``candidate_tasks``: the original is not flagged when a later sibling copies it).

Texts are first made comparable: the words of the level of government (tỉnh, xã, phường,
huyện, thành phố …; "xã hội" is not one) and the committees ("Tỉnh ủy", "Đảng ủy xã") become
one placeholder, so do the proper names of the units compared ("An Phú" of "Đảng ủy xã An
Phú"); then ``textvi.comparison_key`` (no case, no diacritics, no punctuation), abbreviations
spelt out (UBND), numbers masked (changing 95 % into 90 % does not make a task one's own). A task's
score (0–100) is the higher of

* the **task** ratio: RapidFuzz's token-sort ratio of the whole task with its closest
  candidate (words moved inside the task change nothing), and
* the **sentence** share: the task is split into sentences (``textvi.sentences``, at
  . ; : …), and each sentence of four words or more is looked up among the sentences of each
  candidate program (token-sort ratio ``SENTENCE_MATCH`` or more); the largest share of the
  task's words found in *one* program, × 100. It catches tasks merged or split, which the
  task ratio misses, while a task whose sentences each resemble a different neighbour's (the
  shared vocabulary of honest programs on the same key points) does not add up.

A task counts as copied from ``TASK_MATCH``; the program's ``own_share`` is the share of its
words (over all its tasks' titles) in tasks not copied, and the program is flagged below
``OWN_SHARE_FLAG``: more than half of its words copied.

Issue 13: a unit's own earlier programs (another plan, an earlier term) are candidates too,
so a new resolution carried out with the old text is caught; the task's *substance* is
compared (``substance``: owner and deadline sentences such as "Giao … chủ trì", "… hoàn
thành trong quý …", "Thời gian thực hiện: …" left out, on the folded text so that they are
found typed without diacritics too); level words typed without diacritics ("toan xa",
"Dang uy phuong") are replaced on the folded key where a word announcing a unit precedes them
(``fold_levels``: "xã hội", "tinh thần", "phương án" stay); a task copied from a task that is
itself a copy is credited to its original. The evaluation's figures before and after are in
``tooling/evals/program_copy.py``.

The settings were chosen with the evaluation (``uv run python -m
trienkhai.tooling.evals.program_copy``; ``--grid`` tries the alternatives): per seed a province
program of 12–15 tasks and 130 commune programs, 60 honest (their own tasks for the province's
key points with their villages, numbers, dates and products, half of them opening most tasks
with the province's own words, up to two stock tasks each) and 70 copies of ten kinds. With the
combined score, ``SENTENCE_MATCH`` 90, ``TASK_MATCH`` 85, numbers masked and the flag at half
the words, precision and recall were 1.000 on each of ten seeds (2026, 1–9: 600 honest programs,
700 copies): honest programs peaked at 0.23–0.37 of their words in copied tasks, copies bottomed
at 0.71–0.76 (a copy with two to four own tasks added, or tasks merged after edits). The
alternatives, on seeds 2026 and 1–4 together (honest peak / copies' lowest share):

* task ratio alone: merged or split tasks pass (copies' lowest 0.10, recall 0.966);
* sentence share alone: edited sentences fall under the cutoff (at 90: recall ≤ 0.94; at 80
  the honest peak rises to 0.46 against copies at 0.56);
* ``SENTENCE_MATCH`` 85: 0.48 / 0.71 (stock sentences honest neighbours share add up);
  90: 0.37 / 0.71;
* ``TASK_MATCH`` 80: 0.68 / 0.71 (templates an honest commune shares with its neighbours
  match); 90: 0.32 / 0.39 (edited tasks pass, recall 0.986);
* numbers compared as words: 0.35 / 0.68, as good; masked, a neighbour's program with its
  numbers changed is still the neighbour's;
* ``OWN_SHARE_FLAG``: 0.5 lies between the honest peak and the lowest copy, and is easy to
  explain ("more than half of the program is copied").

The generated honest programs are more alike than real ones (they are written from shared
templates), the copies only made by the operations listed in the evaluation. Checking one
program against the province's and 30 siblings' (360 tasks) takes 23 ms of CPU the first
time, 5 ms when the candidates' texts are already prepared (``normaliser`` keeps them per
process, so the check after each task edit prepares only the edited task); against 170
siblings (1,900 tasks) 120 ms and 26 ms. ``check_program`` runs six queries whatever the
number of tasks and siblings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz, process

from trienkhai.core import textvi

if TYPE_CHECKING:  # the models are imported where used, so that the evaluation runs without
    # Django set up
    from .models import ActionProgram, Task

METHODS = ("task", "sentence", "combined")
METHOD = "combined"
TASK_MATCH = 85.0  # score (0–100) from which a task counts as copied
SENTENCE_MATCH = 90.0  # token-sort ratio from which a sentence of a task counts as found
MIN_WORDS = 4  # shorter sentences ("Giao Công an chủ trì.") are not counted on their own
MASK_NUMBERS = True  # numbers compare equal: changing 95 % into 90 % does not make a task own
STRIP_ASSIGNMENTS = True  # owner and deadline sentences are left out (``substance``)
OWN_SHARE_FLAG = 0.5  # a program with less of its words in own tasks is flagged

# Words of the level of government, replaced by one placeholder before comparison, so that
# "toàn tỉnh" and "toàn xã", "Tỉnh ủy" and "Đảng ủy xã" read alike. On the text with its
# diacritics (folded, "tỉnh" and "tinh gọn" would look the same); "xã hội" is not a level.
_COMMITTEE = re.compile(r"\b(?:tỉnh|thành|huyện|quận|thị) (?:ủy|uỷ)\b")
_PARTY_COMMITTEE = re.compile(r"\bđảng (?:ủy|uỷ)(?: (?:dv\b))?")
_LEVEL = re.compile(
    r"\b(?:thành phố|thị trấn|thị xã|đặc khu|tỉnh|huyện|quận|phường|xã(?! hội| viên))\b"
)
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
}
# The same words typed without diacritics ("toan xa", "Dang uy phuong"), found in the folded
# text: there "tinh", "xa", "phuong" are also parts of other words ("tinh than", "xa hoi",
# "phuong an", "dia phuong"), so a level word counts only after a word that announces a unit
# and not before a word that makes it another word.
_FOLDED_COMMITTEE = re.compile(r"\b(?:tinh|thanh|huyen|quan|thi) uy\b")
_FOLDED_PARTY_COMMITTEE = re.compile(
    r"\bdang uy (?:xa|phuong|thi tran|thi xa|tinh|huyen|thanh pho|dac khu)\b"
    r"(?! (?:hoi|vien|than|hinh|gon|thong|an|thuc|huong|phap|tien|cham)\b)"
)
_FOLDED_LEVEL = re.compile(
    r"\b(toan|cap|cua|trong|tai|ubnd|hdnd|nhan dan|dia ban|cac|moi|cung)"
    r" (?:xa|phuong|thi tran|thi xa|tinh|huyen|thanh pho|dac khu)\b"
    r"(?! (?:hoi|vien|than|hinh|gon|thong|an|thuc|huong|phap|tien|cham|doan|xoi|lo)\b)"
)

# Who carries a task out and by when: an owner or deadline sentence appended to a copied task
# ("Giao Ủy ban nhân dân xã chủ trì, hoàn thành trong quý III/2026.") does not make it one's
# own. Whole sentences of that kind are left out of the comparison, and so is such a clause at
# the end of a sentence; on the folded text, so that the same sentence typed without
# diacritics is left out too.
_ASSIGNMENT_SENTENCE = re.compile(
    r"^\W*(?:giao\b(?! (?:duc|thong|luu|tiep|dich|ban|thuong|ket|dat|rung|khoan|nop)\b)|"
    r"thoi gian (?:thuc hien|hoan thanh)\b|thoi gian\W*$|thoi han\b|tien do\b|"
    r"hoan thanh (?:trong|truoc|vao|cham nhat)\b|don vi (?:chu tri|thuc hien)\b)"
    r"|\bchu tri\b"
)
_ASSIGNMENT_CLAUSE = re.compile(
    r"[,;(–-]\s*(?:giao (?:cho )?(?:dv|ubnd|uy ban|dang uy|mat tran|cac|ban|cong an|chi bo)\b|"
    r"do\b[^,;.]*\bchu tri\b|hoan thanh (?:trong|truoc|vao)\b|"
    r"thoi gian thuc hien\b|thoi han\b).*$"
)
#: A sentence of dates only ("quý IV/2026.", left by "Thời gian thực hiện: quý IV/2026.").
_DATES_ONLY = re.compile(
    r"^[\W\d_]*(?:(?:quy|nam|thang|ngay|truoc|trong|den|tu|hang|thuong xuyen|va|"
    r"[ivx]+)\b[\W\d_]*)+$"
)


def substance(sentence: str) -> str:
    """The sentence folded, without its owner or deadline: "" when it is only that."""
    folded = textvi.fold(sentence)
    if _ASSIGNMENT_SENTENCE.search(folded) or _DATES_ONLY.match(folded):
        return ""
    return _ASSIGNMENT_CLAUSE.sub("", folded).strip()


def fold_levels(key: str) -> str:
    """Level words in a comparison key (folded, no punctuation) as placeholders."""
    key = _FOLDED_COMMITTEE.sub("dang uy dv", key)
    key = _FOLDED_PARTY_COMMITTEE.sub("dang uy dv", key)
    return _FOLDED_LEVEL.sub(r"\1 dv", key)


_UNIT_PREFIX = re.compile(
    r"^(?:(?:đảng|tỉnh|thành|huyện|quận|thị) (?:ủy|uỷ|bộ)|chi bộ|ủy ban nhân dân|ubnd|"
    r"hội đồng nhân dân|ủy ban mặt trận tổ quốc(?: việt nam)?|mặt trận tổ quốc)\s+"
)
_UNIT_LEVEL = re.compile(
    r"^(?:thành phố|thị trấn|thị xã|đặc khu|tỉnh|huyện|quận|phường|xã|thôn|bản|ấp|xóm|"
    r"khu phố|tổ dân phố)\s+"
)


def unit_core_name(name: str) -> str:
    """The proper name in a unit's name, folded: "Đảng ủy xã An Phú" → "an phu" ("" when
    nothing is left but numbers: "Chi bộ thôn 1")."""
    text = unicodedata.normalize("NFC", name or "").lower().strip()
    text = _UNIT_PREFIX.sub("", text)
    text = _UNIT_LEVEL.sub("", text)
    folded = textvi.comparison_key(text)
    return folded if any(ch.isalpha() for ch in folded) and len(folded) >= 3 else ""


class Normaliser:
    """Turns task texts into comparison keys: level words and the units' own names replaced
    by placeholders, folded (``textvi.comparison_key``), numbers masked. Prepared texts are kept
    (``CACHE_SIZE``), so that checking a program again after an edit prepares only the edited
    task: ``normaliser`` hands out the same instance for the same names."""

    #: Prepared texts kept per instance: the tasks of a province's 170 commune programs, some
    #: 2,500, fit; about 1.5 kB each.
    CACHE_SIZE = 5_000

    def __init__(
        self,
        names: Iterable[str] = (),
        *,
        mask_numbers: bool | None = None,
        strip_assignments: bool | None = None,
        folded_levels: bool = True,
    ):
        self.names: dict[str, list[tuple[str, ...]]] = {}  # first word → names, longest first
        for core in {c for c in map(unit_core_name, names) if c}:
            words = tuple(core.split())
            self.names.setdefault(words[0], []).append(words)
        for found in self.names.values():
            found.sort(key=len, reverse=True)
        self.mask_numbers = MASK_NUMBERS if mask_numbers is None else mask_numbers
        self.strip_assignments = (
            STRIP_ASSIGNMENTS if strip_assignments is None else strip_assignments
        )
        self.folded_levels = folded_levels  # False: as before issue 13 (the evaluation)
        self._prepared: dict[tuple[str, int], Prepared] = {}

    def text(self, text: str) -> str:
        """The text with its level words replaced, still with diacritics and punctuation."""
        text = unicodedata.normalize("NFC", text or "").replace("\u00d0", "\u0110").lower()
        text = _COMMITTEE.sub("đảng ủy dv", text)
        text = _LEVEL.sub("dv", text)
        return _PARTY_COMMITTEE.sub("dang uy dv", text)

    def tokens(self, sentence: str) -> list[str]:
        """The folded words of an already replaced sentence, the units' names as ``dvn``,
        abbreviations spelt out, numbers as ``0``. A scan of the words rather than a regular
        expression of every name: a province has some 170 communes."""
        key = textvi.comparison_key(sentence)
        words = (fold_levels(key) if self.folded_levels else key).split()
        out, i = [], 0
        while i < len(words):
            word = words[i]
            for name in self.names.get(word, ()):
                if tuple(words[i : i + len(name)]) == name:
                    out.append("dvn")
                    i += len(name)
                    break
            else:
                if word in _ABBREVIATIONS:
                    out.extend(_ABBREVIATIONS[word].split())
                else:
                    out.append("0" if self.mask_numbers and word.isdigit() else word)
                i += 1
        return out

    def prepare(self, text: str, min_words: int) -> Prepared:
        cached = self._prepared.get((text, min_words))
        if cached is not None:
            return cached
        every, sentences = [], []
        for sentence in textvi.sentences(self.text(text)):
            if self.strip_assignments:
                sentence = substance(sentence)
                if not sentence:
                    continue
            tokens = self.tokens(sentence)
            every.extend(tokens)
            words = len(sentence.split())
            if words >= min_words:
                sentences.append((" ".join(sorted(tokens)), words))
        prepared = Prepared(len((text or "").split()), " ".join(sorted(every)), tuple(sentences))
        if len(self._prepared) >= self.CACHE_SIZE:
            self._prepared.clear()
        self._prepared[(text, min_words)] = prepared
        return prepared


@lru_cache(maxsize=4)
def normaliser(
    names: frozenset, mask_numbers: bool | None = None, strip_assignments: bool | None = None
) -> Normaliser:
    """The normaliser of these unit names, one per set of names and process: the last four
    programs checked keep their candidates prepared (at most some 30 MB)."""
    return Normaliser(names, mask_numbers=mask_numbers, strip_assignments=strip_assignments)


@dataclass(frozen=True)
class Prepared:
    words: int  # the task's words, as written
    key: str  # its comparison key, words sorted
    sentences: tuple  # (key, words) of its sentences long enough to count


@dataclass(frozen=True)
class TaskMatch:
    """The closest candidate of one task (its index in the candidates, None when there is
    none) and the score (0–100)."""

    source: int | None
    score: float

    def copied(self, task_match: float | None = None) -> bool:
        return self.score >= (TASK_MATCH if task_match is None else task_match)


def match_tasks(
    titles: Sequence[str],
    candidates: Sequence[str],
    names: Iterable[str] = (),
    groups: Sequence | None = None,
    *,
    method: str | None = None,
    sentence_match: float | None = None,
    min_words: int | None = None,
    mask_numbers: bool | None = None,
    strip_assignments: bool | None = None,
) -> list[TaskMatch]:
    """The closest candidate of each title. ``names`` are the names of the units whose texts
    are compared (replaced by one placeholder); ``groups`` the program of each candidate (by
    default each candidate is a program of its own). The keyword arguments override the
    module's settings (for the evaluation).

    * ``task``: the token-sort ratio of the whole task against each candidate task;
    * ``sentence``: the largest share of the task's words in sentences found (token-sort
      ratio at least ``sentence_match``) among the sentences of one candidate program, × 100;
      the source is that program's task holding most of them;
    * ``combined``: the higher of the two.
    """
    min_words = MIN_WORDS if min_words is None else min_words
    prepare = normaliser(frozenset(names), mask_numbers, strip_assignments).prepare
    own = [prepare(t, min_words) for t in titles]
    theirs = [prepare(c, min_words) for c in candidates]
    return match_prepared(own, theirs, groups, method=method, sentence_match=sentence_match)


def match_prepared(
    own: Sequence[Prepared],
    theirs: Sequence[Prepared],
    groups: Sequence | None = None,
    *,
    method: str | None = None,
    sentence_match: float | None = None,
) -> list[TaskMatch]:
    """``match_tasks`` on texts already prepared (the evaluation prepares each text once)."""
    method = method or METHOD
    cutoff = SENTENCE_MATCH if sentence_match is None else sentence_match
    if not theirs:
        return [TaskMatch(None, 0.0) for _ in own]
    groups = range(len(theirs)) if groups is None else groups
    keys = [p.key for p in theirs]
    owner, sentence_keys = [], []
    if method != "task":
        for i, prepared in enumerate(theirs):
            for key, _words in prepared.sentences:
                owner.append(i)
                sentence_keys.append(key)
    out = []
    for prepared in own:
        best = TaskMatch(None, 0.0)
        if not prepared.key:  # nothing but who and when: nothing of substance to compare
            out.append(best)
            continue
        if method != "sentence":
            _choice, score, index = process.extractOne(prepared.key, keys, scorer=fuzz.ratio)
            best = TaskMatch(index, round(score, 1))
        if method != "task" and sentence_keys and prepared.sentences:
            found = _sentence_share(prepared, sentence_keys, owner, groups, cutoff)
            if found is not None and found.score > best.score:
                best = found
        out.append(best)
    return out


def _sentence_share(prepared, sentence_keys, owner, groups, cutoff) -> TaskMatch | None:
    """The candidate program (group) whose sentences hold the largest share of the task's
    words, and its task holding most of them."""
    total = sum(words for _key, words in prepared.sentences)
    by_group: dict = {}  # group → {own sentence index: candidate task}
    for i, (key, _words) in enumerate(prepared.sentences):
        hits = process.extract(
            key, sentence_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        for _choice, _score, j in sorted(hits, key=lambda hit: -hit[1]):
            by_group.setdefault(groups[owner[j]], {}).setdefault(i, owner[j])
    best_share, best_source = 0, None
    for found in by_group.values():
        share = sum(prepared.sentences[i][1] for i in found)
        if share > best_share:
            words: Counter[int] = Counter()
            for i, task in found.items():
                words[task] += prepared.sentences[i][1]
            best_share, best_source = share, words.most_common(1)[0][0]
    if best_source is None:
        return None
    return TaskMatch(best_source, round(100 * best_share / total, 1))


def own_task_share(copied: Sequence[bool]) -> float:
    """The share of tasks not copied (1.0 for none): shown beside the share of words."""
    return (len(copied) - sum(copied)) / len(copied) if copied else 1.0


def own_share(titles: Sequence[str], copied: Sequence[bool]) -> float:
    """The share of the words of all the titles that are in tasks not copied (1.0 for none)."""
    total = sum(len(t.split()) for t in titles)
    own = sum(len(t.split()) for t, c in zip(titles, copied, strict=True) if not c)
    return own / total if total else 1.0


# --- programs in the database ----------------------------------------------------------------


def candidate_tasks(program: ActionProgram) -> list[Task]:
    """The tasks ``program`` is compared with, with their program and unit: the tasks of the
    program above (``parent``), of the unit's own earlier programs (any plan, any term) and of
    the programs of sibling units (same parent unit) for the same plan, the plan it implements
    or another plan implementing one of those, created before it. One query."""
    from .models import Task

    unit = program.unit
    condition = Q(program_id=program.parent_id) if program.parent_id else Q(pk__in=[])
    # The unit's own earlier programs, for any plan (an earlier resolution, an earlier term):
    # a new resolution carried out with the old text is not a new program.
    condition |= Q(program__unit_id=unit.pk, program_id__lt=program.pk)
    if unit.depth > 1:
        plan = program.plan
        family = [pk for pk in (plan.pk, plan.parent_id) if pk]
        condition |= Q(
            Q(program__plan_id__in=family) | Q(program__plan__parent_id__in=family),
            program__unit__path__prefix=unit.path[: -unit.steplen],
            program__unit__depth=unit.depth,
            program_id__lt=program.pk,
        ) & ~Q(program__unit_id=unit.pk)
    return list(
        Task.objects.filter(condition)
        .select_related("program__unit", "copied_from__program__unit")
        .order_by("program_id", "order", "id")
    )


@dataclass
class TaskCopyRow:
    task: Task
    source: Task | None  # the closest task of the program above or a sibling's
    score: float  # 0–100
    copied: bool

    @property
    def source_program(self) -> ActionProgram | None:
        return self.source.program if self.source else None

    @property
    def source_unit(self):
        return self.source.program.unit if self.source else None

    @property
    def words(self) -> int:
        return len(self.task.title.split())


@dataclass
class ProgramCopyReport:
    program: ActionProgram
    rows: list[TaskCopyRow]
    own_share: float  # 0–1: the program's words in tasks not copied
    flagged: bool

    @property
    def copied_tasks(self) -> int:
        return sum(1 for row in self.rows if row.copied)

    @property
    def own_task_share(self) -> float:
        """0–1: the share of the program's tasks that are not copied (1.0 for none)."""
        return own_task_share([row.copied for row in self.rows])


def check_program(program: ActionProgram, *, save: bool = True) -> ProgramCopyReport:
    """Compare each task of ``program`` with the tasks of the program above and of its
    siblings' (``candidate_tasks``); with ``save``, store each task's ``copied_from`` (the
    source when it counts as copied, else none) and ``copy_score`` (the closest score), and
    the program's ``own_share``, ``copy_flagged`` and ``copy_checked_at``. A bounded number of
    queries whatever the number of tasks and siblings."""
    from .models import Task

    tasks = list(program.tasks.all())
    candidates = candidate_tasks(program) if tasks else []
    names = {program.unit.name, *(c.program.unit.name for c in candidates)}
    matches = match_tasks(
        [t.title for t in tasks],
        [c.title for c in candidates],
        names,
        [c.program_id for c in candidates],
    )
    rows = []
    for task, match in zip(tasks, matches, strict=True):
        source = candidates[match.source] if match.source is not None else None
        if source is not None and match.copied() and source.copied_from is not None:
            # The candidate is itself a copy: credit its original (checks credit the original,
            # so one step reaches it).
            source = source.copied_from
        rows.append(TaskCopyRow(task, source, match.score, match.copied()))
    share = own_share([t.title for t in tasks], [row.copied for row in rows])
    report = ProgramCopyReport(program, rows, share, share < OWN_SHARE_FLAG)
    if save:
        for row in rows:
            row.task.copied_from = row.source if row.copied else None
            row.task.copy_score = row.score
        if tasks:
            Task.objects.bulk_update(tasks, ["copied_from", "copy_score"])
        was_flagged = program.copy_flagged
        program.own_share = round(share, 4)
        program.copy_flagged = report.flagged
        program.copy_checked_at = timezone.now()
        program.save(update_fields=["own_share", "copy_flagged", "copy_checked_at"])
        if report.flagged and not was_flagged:
            from .notices import copied

            copied(program)  # the banner says the head is told: told here
    return report
