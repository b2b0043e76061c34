"""The DLA registry of LAOs as published (data set dlads_05_01): a CSV with DLA's Thai headers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lhrctl.errors import InputUnreadable
from lhrctl.staff_files.text import decode_text, read_bytes

# canonical field -> DLA's column header
COLUMNS = {
    "province_name": "จังหวัด",
    "province_code": "รหัสจังหวัด",
    "district": "อำเภอ",
    "code": "รหัส อปท.",
    "type_label": "ประเภท อปท.",
    "name": "อปท.",
}

# DLA's type label -> canonical type, and the prefix a display name carries.
LAO_TYPES = {
    "อบจ.": "pao",
    "เทศบาลนคร": "city_municipality",
    "เทศบาลเมือง": "town_municipality",
    "เทศบาลตำบล": "subdistrict_municipality",
    "อบต.": "sao",
    "ท้องถิ่นรูปแบบพิเศษ": "special",
}
TYPE_PREFIX = {
    "pao": "อบจ.",
    "city_municipality": "เทศบาลนคร",
    "town_municipality": "เทศบาลเมือง",
    "subdistrict_municipality": "เทศบาลตำบล",
    "sao": "อบต.",
    "special": "",
}
MAX_REPORTED = 5


@dataclass(frozen=True)
class LaoEntry:
    code: str
    type: str
    name: str
    district: str
    province_code: str
    province_name: str


def bundled_registry() -> tuple[bytes, str]:
    """The copy of DLA's registry shipped inside the package."""
    ref = resources.files("lhrctl") / "data" / "lao-registry.csv"
    return ref.read_bytes(), "the bundled DLA registry"


def read_registry(path: Path | None) -> list[LaoEntry]:
    raw, source = bundled_registry() if path is None else (read_bytes(path), str(path))
    return parse_registry(decode_text(raw, source), source)


def _key(header: str) -> str:
    return "".join(header.split())


def parse_registry(text: str, source: str) -> list[LaoEntry]:
    try:
        return _parse(csv.reader(io.StringIO(text, newline=""), strict=True), source)
    except csv.Error as exc:
        raise InputUnreadable(
            f"{source} is not a well-formed CSV: {exc}.",
            f"{source} ไม่ใช่ไฟล์ CSV ที่ถูกต้อง: {exc}",
        ) from exc


def _parse(rows: Iterator[list[str]], source: str) -> list[LaoEntry]:
    header = next(rows, None)
    if not header:
        raise InputUnreadable(f"{source} is empty.", f"{source} ไม่มีข้อมูล")
    index = _column_index(header, source)
    entries: list[LaoEntry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(f"line {line}: {len(row)} fields, expected {len(header)}")
        else:
            value = {field: row[i].strip() for field, i in index.items()}
            problem = _row_problem(value, seen)
            if problem:
                problems.append(f"line {line}: {problem}")
            else:
                seen.add(value["code"])
                entries.append(_entry(value))
        if len(problems) >= MAX_REPORTED:
            break
    _require_clean(source, problems, entries)
    return entries


def _column_index(header: list[str], source: str) -> dict[str, int]:
    """Where each field's column is; every column DLA publishes must be there."""
    position = {_key(h): i for i, h in enumerate(header)}
    missing = [h for h in COLUMNS.values() if _key(h) not in position]
    if missing:
        raise InputUnreadable(
            f"{source} is not a DLA registry of LAOs: column(s) {', '.join(missing)} missing.",
            f"{source} ไม่ใช่ทะเบียน อปท. ของ สถ.: ไม่มีคอลัมน์ {', '.join(missing)}",
            hint_en="Use the CSV of DLA's data set 'names and locations of LAOs' (dlads_05_01).",
            hint_th="ใช้ไฟล์ CSV ชุดข้อมูล 'รายชื่อและที่ตั้ง อปท.' ของ สถ. (dlads_05_01)",
        )
    return {field: position[_key(h)] for field, h in COLUMNS.items()}


def _row_problem(value: dict[str, str], seen: set[str]) -> str | None:
    code, pcode = value["code"], value["province_code"]
    if len(code) != 7 or not code.isdigit():
        return f"LAO code {code!r} is not 7 digits"
    if len(pcode) != 2 or not pcode.isdigit() or code[1:3] != pcode:
        return f"province code {pcode!r} does not match LAO {code}"
    if value["type_label"] not in LAO_TYPES:
        return f"unknown LAO type {value['type_label']!r}"
    if not value["name"]:
        return f"LAO {code} has no name"
    if code in seen:
        return f"LAO {code} appears twice"
    return None


def _entry(value: dict[str, str]) -> LaoEntry:
    return LaoEntry(
        code=value["code"],
        type=LAO_TYPES[value["type_label"]],
        name=value["name"],
        district=value["district"],
        province_code=value["province_code"],
        province_name=value["province_name"],
    )


def _require_clean(source: str, problems: list[str], entries: list[LaoEntry]) -> None:
    if problems:
        listed = "; ".join(problems)
        raise InputUnreadable(
            f"{source} has malformed rows: {listed}.",
            f"{source} มีแถวที่ไม่ถูกต้อง: {listed}",
            hint_en="Fix the rows named (or use DLA's file as published); nothing was imported.",
            hint_th="แก้ไขแถวที่ระบุ (หรือใช้ไฟล์ของ สถ. ตามที่เผยแพร่) ยังไม่มีการนำเข้าข้อมูลใด",
        )
    if not entries:
        raise InputUnreadable(f"{source} lists no LAO.", f"{source} ไม่มีรายชื่อ อปท.")
