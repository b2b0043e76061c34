"""The record rules (LHR711-LHR718) on stored records, for `validate --org/--province/--all` and
certification: each section read once, in national-ID order, and merged person by person, so
memory holds one person's record at a time however many there are.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from itertools import groupby
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.engine import Connection

from lhrctl.schemas.sections import SECTIONS
from lhrctl.schemas.tables import Staff
from lhrctl.services.record_rules import Entry, Person, record_findings
from lhrctl.staff_files.rules import Finding

_STAFF = Staff.__table__  # type: ignore[attr-defined]
_CHECKED = ("positions", "education", "training", "decorations", "leave", "discipline")
_STREAM_ROWS = 20_000


def stored_record_findings(
    conn: Connection,
    people: Select[Any],
    progress: Callable[[int], None] | None = None,
) -> list[Finding]:
    """LHR711-LHR718 on the sections of `people` (a query of staff national IDs)."""
    facts = _staff_facts(conn, people)
    person: Person | None = None
    found: list[Finding] = []
    rows = heapq.merge(*(_section_rows(conn, name, people) for name in _CHECKED))
    for count, (nid, group) in enumerate(groupby(rows, key=lambda row: row[0]), 1):
        while person is None or person.national_id < nid:
            person = next(facts)
        sections: dict[str, list[Entry]] = {}
        for _nid, name, _id, values in group:
            sections.setdefault(name, []).append(Entry(values))
        found += record_findings(person, sections)
        if progress and count % _STREAM_ROWS == 0:
            progress(count)
    return found


def _staff_facts(conn: Connection, people: Select[Any]) -> Iterator[Person]:
    query = (
        select(_STAFF.c.national_id, _STAFF.c.org_code, _STAFF.c.birth_date, _STAFF.c.appointed_on)
        .where(_STAFF.c.national_id.in_(people))
        .order_by(_STAFF.c.national_id)
    )
    for row in conn.execute(query.execution_options(stream_results=True, yield_per=_STREAM_ROWS)):
        yield Person(*row)


def _section_rows(
    conn: Connection, name: str, people: Select[Any]
) -> Iterator[tuple[str, str, int, dict[str, Any]]]:
    """(national ID, section, row id, values) of the section's rows, by national ID."""
    model = next(model for key, model, _en, _th in SECTIONS if key == name)
    table = model.__table__  # type: ignore[attr-defined]
    fields = [c for c in table.c if c.name not in ("id", "national_id")]
    names = [c.name for c in fields]
    query = (
        select(table.c.national_id, table.c.id, *fields)
        .where(table.c.national_id.in_(people))
        .order_by(table.c.national_id, table.c.id)
    )
    for nid, row_id, *values in conn.execute(
        query.execution_options(stream_results=True, yield_per=_STREAM_ROWS)
    ):
        yield nid, name, row_id, dict(zip(names, values, strict=True))
