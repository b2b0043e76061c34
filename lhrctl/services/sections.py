"""The sections of a person's record of service (ก.พ.7), read for showing and printing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from lhrctl.schemas.sections import ORDERED_BY, SECTIONS

HIDDEN = ("id", "national_id")  # bookkeeping, and the key the person is shown under already


def sections_of(conn: Connection, national_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every section, in the form's order, its rows oldest first (in the order of entry where
    the dates are the same or missing)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, model, _en, _th in SECTIONS:
        table = model.__table__  # type: ignore[attr-defined]
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
