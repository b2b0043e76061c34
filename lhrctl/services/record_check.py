"""The record rules (LHR711-LHR718) on stored records, for `validate --org/--province/--all` and
certification: each section read once, in national-ID order, and merged person by person, so
memory holds one person's record at a time however many there are.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import date
from itertools import groupby, pairwise
from operator import itemgetter
from typing import Any

from sqlalchemy import Date, Select, func, select
from sqlalchemy.engine import Connection, Engine

from lhrctl import db
from lhrctl.schemas.sections import TABLES
from lhrctl.schemas.tables import Staff
from lhrctl.services.record_rules import READS, Entry, Person, record_findings
from lhrctl.staff_files.rules import Finding
from lhrctl.staff_files.workers import MAX_WORKERS, usable_cores

_STAFF = Staff.__table__  # type: ignore[attr-defined]
_STREAM_ROWS = 20_000
Bounds = tuple[str | None, str | None]

PARALLEL_FROM = 200_000  # people: below this, starting processes costs more than they save


def stored_record_findings(
    conn: Connection,
    people: Select[Any] | None,
    within: Bounds = (None, None),
) -> list[Finding]:
    """LHR711-LHR718 on the sections of `people` (a query of staff national IDs; None: all,
    or those whose ID is `within` [low, high))."""
    streams = [_Stream(conn, name, people, within) for name in READS]
    found: list[Finding] = []
    for person in _staff_facts(conn, people, within):
        sections = {s.name: rows for s in streams if (rows := s.rows_of(person.national_id))}
        if sections:
            found += record_findings(person, sections)
    return found


@contextmanager
def all_record_findings(engine: Engine) -> Iterator[Callable[[], list[Finding]]]:
    """The rules over every stored record, started on entry and collected by the callable it
    gives: with enough people and cores, split by national ID among worker processes (each
    reading its share on its own connection) that run while the caller does other checks."""
    with db.connect(engine, read_only=True) as conn:
        people = conn.execute(select(func.count()).select_from(_STAFF)).scalar_one()
    workers = _workers(engine, people)
    if workers < 2:

        def serial() -> list[Finding]:
            with db.connect(engine, read_only=True) as conn:
                return stored_record_findings(conn, None)

        yield serial
        return
    url = engine.url.render_as_string(hide_password=False)
    shares = _shares(engine, people, workers)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = [pool.submit(_share_findings, url, share) for share in shares]
        yield lambda: [finding for part in parts for finding in part.result()]


def _workers(engine: Engine, people: int) -> int:
    if people < PARALLEL_FROM or engine.url.database in (None, "", ":memory:"):
        return 1
    return min(usable_cores(), MAX_WORKERS)


def _shares(engine: Engine, people: int, workers: int) -> list[Bounds]:
    """[low, high) national-ID ranges holding about as many people each."""
    query = select(_STAFF.c.national_id).order_by(_STAFF.c.national_id).limit(1)
    with db.connect(engine, read_only=True) as conn:
        cuts = [
            conn.execute(query.offset(people * k // workers)).scalar() for k in range(1, workers)
        ]
    edges: list[str | None] = [None, *cuts, None]
    return list(pairwise(edges))


def _share_findings(url: str, within: Bounds) -> list[Finding]:
    """One worker's share (run in its own process)."""
    engine = db.make_engine(url)
    try:
        with db.connect(engine, read_only=True) as conn:
            return stored_record_findings(conn, None, within=within)
    finally:
        engine.dispose()


def _scoped(
    query: Select[Any], key: Any, people: Select[Any] | None, within: Bounds
) -> Select[Any]:
    """The query narrowed to `people` (a query of national IDs) and to IDs `within` a range."""
    low, high = within
    if people is not None:
        query = query.where(key.in_(people))
    if low is not None:
        query = query.where(key >= low)
    if high is not None:
        query = query.where(key < high)
    return query


def _raw(conn: Connection, query: Select[Any]) -> Iterator[Any]:
    """The query's rows as the driver gives them (tuples; SQLite's dates as ISO text): at half
    a million people a row's trip through SQLAlchemy's result costs more than the rules."""
    result = conn.execute(query.execution_options(stream_results=True, yield_per=_STREAM_ROWS))
    yield from iter(result.cursor)  # type: ignore[call-overload]


def _staff_facts(conn: Connection, people: Select[Any] | None, within: Bounds) -> Iterator[Person]:
    query = select(
        _STAFF.c.national_id, _STAFF.c.org_code, _STAFF.c.birth_date, _STAFF.c.appointed_on
    ).order_by(_STAFF.c.national_id)
    query = _scoped(query, _STAFF.c.national_id, people, within)
    for nid, org, born, appointed in _raw(conn, query):
        yield Person(nid, org, _date(born), _date(appointed))


def _date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


class _Stream:
    """One section's rows in national-ID order, handed out a person at a time."""

    def __init__(self, conn: Connection, name: str, people: Select[Any] | None, within: Bounds):
        table = TABLES[name]
        self.name = name
        self.names = READS[name]
        self.dates = [j for j, f in enumerate(self.names) if isinstance(table.c[f].type, Date)]
        query = select(table.c.national_id, *(table.c[f] for f in self.names))
        # (people None: every row; the rows of no one on staff are passed over)
        query = _scoped(query.order_by(table.c.national_id), table.c.national_id, people, within)
        self.groups = groupby(_raw(conn, query), key=itemgetter(0))
        self.head = next(self.groups, None)

    def rows_of(self, nid: str) -> list[Entry]:
        """This person's rows (the people come in the same order as the rows)."""
        while self.head is not None and self.head[0] < nid:
            self.head = next(self.groups, None)
        if self.head is None or self.head[0] != nid:
            return []
        names, dates = self.names, self.dates
        found = []
        for row in self.head[1]:
            values = dict(zip(names, row[1:], strict=True))
            for j in dates:
                if values[names[j]].__class__ is str:
                    values[names[j]] = date.fromisoformat(values[names[j]])
            found.append(Entry(values))
        self.head = next(self.groups, None)
        return found
