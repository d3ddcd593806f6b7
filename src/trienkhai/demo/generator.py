"""Writing a shape into the database, fast: ``generate("province")``.

Why it looks the way it does:

* **No per-row saves.** treebeard's ``add_child`` costs several queries a node; at 300,000 units
  that is hours. The plan is a plain tree, so the materialised paths, depths and child counts
  are known before anything is written, and rows go in by the ten thousand through
  :mod:`trienkhai.demo.bulk` (``executemany``, or ``COPY`` on PostgreSQL).
* **Ids chosen here.** The generator only runs into a database without units (it refuses
  otherwise), so it numbers units, people and positions itself, starting after the highest id
  present. Foreign keys can then be filled without reading anything back, and the national
  tree streams through in constant memory, one province at a time. PostgreSQL sequences are
  reset afterwards.
* **Derived keys.** Bulk inserts bypass ``save()``, so every instance gets
  ``derive_keys()`` first, exactly as a saved one would.
* **Transactions.** A single-province scale is written in one transaction (all or nothing); the
  national one commits each province, so a long run does not hold one giant transaction.
"""

from __future__ import annotations

import datetime
import functools
import random
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from trienkhai.core import textvi
from trienkhai.units.models import Person, Position, Unit

from . import bulk, plan
from .clear import clear_generated_data
from .names import PROVINCES, NamePool
from .shapes import SHAPES, Shape

# Rows kept in memory before a bulk insert.
FLUSH_ROWS = 10_000
PROGRESS_EVERY = 100_000
TERM_START = datetime.date(2025, 7, 1)  # the two-level local government took office

# People profile of a node's role: (share of party members, share of women, birth years of
# the rank and file or None for the general distribution).
PROFILES: dict[str, tuple[float, float, tuple[int, int] | None]] = {
    "committee": (1.0, 0.30, (1962, 1988)),
    "cell": (1.0, 0.38, None),
    "government": (0.85, 0.35, (1965, 1998)),
    "agency": (0.85, 0.45, (1965, 1998)),
    "front": (0.55, 0.45, (1950, 1990)),
    "mass_org": (0.35, 0.40, (1955, 2000)),
    "women": (0.30, 1.0, (1955, 2000)),
    "youth": (0.25, 0.50, (1990, 2004)),
    "veterans": (0.80, 0.05, (1940, 1975)),
}
EXEMPT_BORN_BY = 1957  # members this old may be exempt from activity …
EXEMPT_SHARE = 0.25  # … a quarter of them are: about 3 % of all members


class GenerationRefused(RuntimeError):
    """The database already holds units and ``replace`` was not asked for."""


@dataclass
class Result:
    scale: str
    seed: int
    units: int = 0
    people: int = 0
    positions: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return self.units + self.people + self.positions

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


class _Out:
    """Progress lines to a stream (a management command's ``self.stdout`` or a file)."""

    def __init__(self, stream):
        self.stream = stream
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def __call__(self, message: str) -> None:
        if self.stream is not None:
            self.stream.write(message + "\n")
            if hasattr(self.stream, "flush"):
                self.stream.flush()


class _Writer:
    """Buffers new rows and inserts them in dependency order (units, people, positions)."""

    ORDER = (Unit, Person, Position)

    def __init__(self, result: Result, out: _Out, progress_every: float = PROGRESS_EVERY):
        self.result = result
        self.out = out
        self.buffers: dict[type, list] = {model: [] for model in self.ORDER}
        self.progress_every = progress_every
        self.next_report = progress_every

    def add(self, obj) -> None:
        buffer = self.buffers[type(obj)]
        buffer.append(obj)
        if len(buffer) >= FLUSH_ROWS:
            self.flush(type(obj))

    def flush(self, upto=Position) -> None:
        for model in self.ORDER[: self.ORDER.index(upto) + 1]:
            rows = self.buffers[model]
            if rows:
                bulk.insert(model, rows)
                field = {Unit: "units", Person: "people", Position: "positions"}[model]
                setattr(self.result, field, getattr(self.result, field) + len(rows))
                rows.clear()
        if self.result.rows >= self.next_report:
            self.next_report += self.progress_every
            self.report("…")

    def report(self, label: str) -> None:
        r, seconds = self.result, self.out.elapsed()
        rate = r.rows / seconds if seconds else 0.0
        self.out(
            f"{label} {r.units:,} units, {r.people:,} people, {r.positions:,} positions"
            f" in {seconds:,.1f} s ({rate:,.0f} rows/s)"
        )


class _MemoisedText:
    """``core.textvi`` with its pure per-word functions memoised for one generation, passed to
    ``derive_keys(text=...)``: the keys are whatever the models make them, but the collation
    keys of the same few hundred name words are computed once instead of millions of times,
    which makes the people phase several times faster. Nothing in ``textvi`` is replaced."""

    MEMOISED = ("collation_key", "person_collation_key", "normalize_name", "split_name")

    def __init__(self) -> None:
        for name in self.MEMOISED:
            setattr(self, name, functools.lru_cache(maxsize=200_000)(getattr(textvi, name)))

    def __getattr__(self, name: str):
        return getattr(textvi, name)  # the rest (normalize, fold) as they are


def _next_id(model) -> int:
    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


class _Generator:
    def __init__(self, shape: Shape, seed: int, writer: _Writer):
        self.shape = shape
        self.seed = seed
        self.writer = writer
        self.text = _MemoisedText()
        self.unit_id = _next_id(Unit)
        self.person_id = _next_id(Person)
        self.position_id = _next_id(Position)
        self.rng = random.Random(seed)
        self.names = NamePool(self.rng)
        self.prefix = ""
        self.member_seq = 0
        self.new_unit = bulk.factory(Unit)
        self.new_person = bulk.factory(Person)
        self.new_position = bulk.factory(Position)

    def write_tree(self, root: plan.Node, path: str, depth: int, numchild=None) -> None:
        """Write ``root`` at ``path`` and everything under it, staffing every unit."""
        stack = [(root, path, depth)]
        while stack:
            node, path, depth = stack.pop()
            unit_id = self.unit_id
            self.unit_id += 1
            # The central root's provinces are written later, one transaction each.
            children = numchild if node is root and numchild is not None else len(node.children)
            unit = self.new_unit(
                id=unit_id,
                path=path,
                depth=depth,
                numchild=children,
                code=node.code,
                name=node.name,
                short_name=node.short_name,
                kind=node.kind,
                level=node.level,
            )
            unit.derive_keys(text=self.text)
            self.writer.add(unit)
            self.staff(node, unit_id)
            for step in range(len(node.children), 0, -1):  # pushed backwards, popped in order
                child_path = Unit._get_path(path, depth + 1, step)
                stack.append((node.children[step - 1], child_path, depth + 1))

    def staff(self, node: plan.Node, unit_id: int) -> None:
        """The people of a unit; the first holds the head position, the second the deputy's."""
        shape, rng = self.shape, self.rng
        member_share, female_share, years = PROFILES[node.role]
        if node.role == "cell":
            count = rng.randint(*shape.cell_people)
        elif node.role == "committee":
            count = shape.committee_people
        else:
            count = rng.randint(*shape.body_people)
        leaders = 2 if node.deputy_title else 1
        for i in range(max(count, leaders)):
            leader = i < leaders
            member = leader or rng.random() < member_share
            female = rng.random() < female_share
            if leader:
                born = rng.randint(1985, 1996) if node.role == "youth" else rng.randint(1963, 1988)
            elif years:
                born = rng.randint(*years)
            else:
                born = int(rng.triangular(1940, 2005, 1978))
            if leader and node.role != "cell":
                category = Person.Category.KEY_CADRE
            elif node.role == "committee":
                category = Person.Category.LECTURER
            else:
                category = Person.Category.MEMBER
            member_code = None
            if member:
                self.member_seq += 1
                member_code = f"{self.prefix}{self.member_seq:08d}"
            person = self.new_person(
                id=self.person_id,
                unit_id=unit_id,
                full_name=self.names.person(female),
                member_code=member_code,
                gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
                birth_year=born,
                is_party_member=member,
                exempt_from_activity=(
                    member and not leader and born <= EXEMPT_BORN_BY and rng.random() < EXEMPT_SHARE
                ),
                category=category,
            )
            person.derive_keys(text=self.text)
            self.writer.add(person)
            if leader:
                title = node.head_title if i == 0 else node.deputy_title
                self.writer.add(
                    self.new_position(
                        id=self.position_id,
                        unit_id=unit_id,
                        person_id=self.person_id,
                        title=textvi.normalize(title),
                        is_head=i == 0,
                        started_on=TERM_START,
                    )
                )
                self.position_id += 1
            self.person_id += 1

    def province(self, index: int, parent_path: str = "", parent_depth: int = 0) -> None:
        code, name = PROVINCES[index]
        # Each province draws from its own stream, so it is the same whatever came before it.
        self.rng.seed(f"{self.seed}-{code}")
        self.prefix, self.member_seq = code, 0
        tree = plan.province(self.shape, code, name, self.rng)
        path = Unit._get_path(parent_path, parent_depth + 1, index + 1)
        self.write_tree(tree, path, parent_depth + 1)
        self.writer.flush()
        _reset_sequences()  # in the province's transaction: an interrupted run stays usable


def generate(scale: str, *, seed: int = 1, replace: bool = False, stdout=None) -> Result:
    """Write the synthetic data of ``scale`` ("small", "province" or "national").

    Refuses with :class:`GenerationRefused` when units exist, unless ``replace`` is true, in
    which case every unit and every row that depends on one is deleted first.
    """
    try:
        shape = SHAPES[scale]
    except KeyError:
        raise ValueError(f"unknown scale {scale!r}; choose from {', '.join(SHAPES)}") from None
    out = _Out(stdout)
    result = Result(scale=scale, seed=seed)
    single = shape.provinces == 1
    with (
        _big_sqlite_cache(),
        transaction.atomic() if single else nullcontext(),
    ):
        with transaction.atomic():
            existing = Unit.objects.count()
            if existing and not replace:
                raise GenerationRefused(
                    f"The database already holds {existing:,} units. Generating into it would "
                    "mix two organisations; pass replace=True (--replace) to delete all units, "
                    "people, positions, roles and audit events first."
                )
            if existing or replace:
                clear_generated_data(out)
        out.started = time.perf_counter()
        out(f"Generating scale {scale!r} (seed {seed}) …")
        # The national scale reports once per province instead.
        writer = _Writer(result, out, PROGRESS_EVERY if single else float("inf"))
        gen = _Generator(shape, seed, writer)
        if single:
            gen.province(0)
        else:
            with transaction.atomic():
                gen.write_tree(plan.central_root(), Unit._get_path("", 1, 1), 1, shape.provinces)
                writer.flush()
                _reset_sequences()
            root_path = Unit._get_path("", 1, 1)
            for index in range(shape.provinces):
                with transaction.atomic():
                    gen.province(index, root_path, 1)
                writer.report(f"[{index + 1}/{shape.provinces}] {PROVINCES[index][1]}:")
    result.seconds = out.elapsed()
    writer.report("Done:")
    _analyze()
    return result


def _analyze() -> None:
    """Fresh bulk-loaded tables have no planner statistics: without them PostgreSQL guesses a
    handful of units instead of thousands and picks nested loops. SQLite's ANALYZE helps its
    planner the same way."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def _big_sqlite_cache():
    """Give SQLite a page cache big enough for the indexes being filled (the default 2 MB is
    outgrown early; 12 % faster at province scale), then restore the connection's setting."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")  # negative: KiB, so 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _reset_sequences() -> None:
    """After explicit ids, move PostgreSQL's sequences past them (a no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Unit, Person, Position])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
