"""The sections of a person's record of service (ก.พ.7), read for showing and printing."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from lhrctl.schemas.sections import ORDERED_BY, ROW_FIELDS, TABLES
from lhrctl.schemas.tables import Staff
from lhrctl.thai import be_numeric

_STAFF = Staff.__table__  # type: ignore[attr-defined]
HIDDEN = ("id", "national_id")  # bookkeeping, and the key the person is shown under already


def sections_of(conn: Connection, national_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every section, in the form's order, its rows oldest first (in the order of entry where
    the dates are the same or missing)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, table in TABLES.items():
        query = (
            select(table)
            .where(table.c.national_id == national_id)
            .order_by(table.c[ORDERED_BY[name]].asc().nulls_last(), table.c.id)
        )
        found[name] = [
            {k: v for k, v in row.items() if k not in HIDDEN}
            for row in conn.execute(query).mappings()
        ]
    return found


def attach_sections(conn: Connection, records: list[dict[str, Any]], people: Any) -> None:
    """Each record given a list of its rows under each section's name (dates ISO, as records
    cross the wire); `people`: a query of the records' national IDs."""
    by_id = {r["national_id"]: r for r in records}
    for record in records:
        record.update({name: [] for name in TABLES})
    for name, table in TABLES.items():
        query = (
            select(table)
            .where(table.c.national_id.in_(people))
            .order_by(table.c.national_id, table.c[ORDERED_BY[name]].asc().nulls_last(), table.c.id)
        )
        for row in conn.execute(query).mappings():
            if row["national_id"] in by_id:
                by_id[row["national_id"]][name].append(
                    {
                        k: v.isoformat() if isinstance(v, date) else v
                        for k, v in row.items()
                        if k not in HIDDEN
                    }
                )


def section_counts(conn: Connection, people: list[str]) -> dict[str, dict[str, int]]:
    """For each of these people, the number of rows of each section that has any (in the
    form's order)."""
    counts: dict[str, dict[str, int]] = {nid: {} for nid in people}
    for name, table in TABLES.items():
        query = (
            select(table.c.national_id, func.count())
            .where(table.c.national_id.in_(people))
            .group_by(table.c.national_id)
        )
        for nid, n in conn.execute(query):
            counts[nid][name] = n
    return counts


# the fields that name a row to a person reading `certify verify`: its date and what it is
LABEL_FIELDS = {
    "positions": ("effective_on", "position"),
    "education": ("level", "graduated_year"),
    "training": ("course", "starts_on"),
    "decorations": ("decoration_class", "received_on"),
    "leave": ("kind", "starts_on"),
    "discipline": ("penalty", "ordered_on"),
    "name_changes": ("changed_on", "former_first_name"),
}


@dataclass(frozen=True)
class RowDigest:
    """One section row of a person at an LAO, as a certification keeps it."""

    national_id: str
    section: str
    digest: str  # SHA-256 of the row's fields in order, dates ISO
    label: str  # what names the row to a person: its date (BE) and what it is


def section_digests(conn: Connection, org: str) -> list[RowDigest]:
    """Every section row of the LAO's people, digested, by person, section and content."""
    found = []
    people = select(_STAFF.c.national_id).where(_STAFF.c.org_code == org)
    for name, table in TABLES.items():
        fields = [table.c[f] for f in ROW_FIELDS[name]]
        query = select(table.c.national_id, *fields).where(table.c.national_id.in_(people))
        for nid, *values in conn.execute(query):
            row = dict(zip((c.name for c in fields), values, strict=True))
            found.append(RowDigest(nid, name, _digest(values), _label(name, row)))
    found.sort(key=lambda r: (r.national_id, r.section, r.digest))
    return found


def canonical_text(values: Sequence[Any]) -> str:
    """Values in order as the digests of a certification take them: JSON, dates ISO."""
    return json.dumps(
        [v.isoformat() if isinstance(v, date) else v for v in values],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _digest(values: list[Any]) -> str:
    return hashlib.sha256(canonical_text(values).encode()).hexdigest()


def _label(section: str, row: dict[str, Any]) -> str:
    parts = (row.get(f) for f in LABEL_FIELDS[section])
    text = " ".join(
        be_numeric(p) if isinstance(p, date) else str(p) for p in parts if p is not None
    )
    return text[:400]


@dataclass(frozen=True)
class SectionChange:
    """A section row that is not as it was certified."""

    national_id: str
    section: str
    label: str
    change: str  # changed, added or removed


def section_changes(certified: list[RowDigest], now: list[RowDigest]) -> list[SectionChange]:
    """The rows removed and added since; a row removed and one added under the same words
    (an edited salary on the same date) is one changed row."""
    came = _missing(now, certified)
    changes = []
    for r in _missing(certified, now):
        same = [
            n
            for n in came
            if (n.national_id, n.section, n.label) == (r.national_id, r.section, r.label)
        ]
        if same:
            came.remove(same[0])
        changes.append(
            SectionChange(r.national_id, r.section, r.label, "changed" if same else "removed")
        )
    changes += [SectionChange(r.national_id, r.section, r.label, "added") for r in came]
    return sorted(changes, key=lambda c: (c.national_id, c.section, c.label))


def _missing(rows: list[RowDigest], among: list[RowDigest]) -> list[RowDigest]:
    """The rows that `among` does not hold (as many times as they appear)."""
    left = Counter((r.national_id, r.section, r.digest) for r in among)
    missing = []
    for r in rows:
        key = (r.national_id, r.section, r.digest)
        if left[key]:
            left[key] -= 1
        else:
            missing.append(r)
    return missing
