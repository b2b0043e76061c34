"""An audit row's target and details as a person reads them: keys and words labelled in the
chosen language, dates in the Buddhist Era, national IDs masked. The stored row is unchanged."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from lhrctl.labels import DETAIL_KEYS, DETAIL_VALUES, TARGET_KINDS
from lhrctl.national_id import mask_national_ids_in
from lhrctl.thai import be_date, be_datetime

if TYPE_CHECKING:
    from lhrctl.commands._ui import Ui

ISO = re.compile(r"\b\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?\b")


def target_text(ui: Ui, target: str | None) -> str:
    if not target:
        return ""
    kind, sep, rest = target.partition(" ") if " " in target else target.partition(":")
    if kind in TARGET_KINDS:
        target = f"{ui.word(TARGET_KINDS, kind)}{' ' if sep == ' ' else ': '}{rest}"
    return mask_national_ids_in(target)


def details_text(ui: Ui, details: dict[str, object]) -> str:
    """One line: an error's message in the reader's language, else `key=value, …`."""
    if details.get("error"):
        text = str(details.get("error_th") if ui.lang == "th" and details.get("error_th") else
                   details["error"])  # fmt: skip
    else:
        text = ", ".join(
            f"{ui.word(DETAIL_KEYS, key)}={_value(ui, value)}"
            for key, value in details.items()
            if key != "error_th"
        )
    return mask_national_ids_in(_dated(ui, text))


def value_text(ui: Ui, value: object) -> str:
    """A stored value as a person reads it: words labelled, ISO dates in the Buddhist Era."""
    return _dated(ui, _value(ui, value))


def _dated(ui: Ui, text: str) -> str:
    return ISO.sub(lambda m: _be(ui, m[0]), text)


def _value(ui: Ui, value: object) -> str:
    if value is None:  # as a table shows an empty cell: "None" is no word of an officer's
        return "-"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(ui, v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{ui.word(DETAIL_KEYS, str(k))}={_value(ui, v)}" for k, v in value.items())
            + "}"
        )
    text = str(value)
    return ui.word(DETAIL_VALUES, text) if text in DETAIL_VALUES else text


def _be(ui: Ui, iso: str) -> str:
    try:
        if "T" in iso:
            return be_datetime(datetime.fromisoformat(iso), ui.lang)
        return be_date(date.fromisoformat(iso), ui.lang)  # as the tables write a date
    except ValueError:
        return iso
