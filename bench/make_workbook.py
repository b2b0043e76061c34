"""A realistic legacy staff workbook of N rows: a title row, Thai headers, IDs with dashes, BE
dates as text, salaries as text, Thai-digit and zero-width noise — the shapes of tests/data/legacy.

    python -m bench.make_workbook 100000 bench/out/staff-100k.xlsx
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.cardsim import make_national_id

TYPES = ["ข้าราชการส่วนท้องถิ่น", "พนักงานจ้างตามภารกิจ", "พนักงานจ้างทั่วไป", "ลูกจ้างประจำ", "ครู"]
TITLES = ["นาย", "นาง", "นางสาว", "ว่าที่ร้อยตรี"]
FIRST = ["สมชาย", "สุภาพร", "ประเสริฐ", "วันเพ็ญ", "อนุชา", "กาญจนา", "ธนากร", "บุษบา"]
LAST = ["ใจดี", "รุ่งเรือง", "ศรีสวัสดิ์", "ทองคำ", "พงษ์พันธ์", "แก้วมณี"]
DIVISIONS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"]
HEADERS = ["ที่", "เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "วันเกิด", "ประเภทบุคลากร",
           "ตำแหน่ง", "เลขที่ตำแหน่ง", "ส่วนราชการ", "เงินเดือน", "วันบรรจุ", "หมายเหตุ"]  # fmt: skip


def rows(n: int, seed: int = 7) -> Iterator[list[object]]:
    """One at a time: a benchmark's child process inherits its parent's peak memory (Linux keeps
    ru_maxrss across fork and exec), so the parent must not hold the rows."""
    rng = random.Random(seed)
    for i in range(n):
        nid = make_national_id(seed * 10_000_000 + i)
        birth_be = rng.randint(2510, 2545)
        yield [
            i + 1,
            f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}" if i % 3 else nid,
            rng.choice(TITLES),
            rng.choice(FIRST) + ("\u200b" if i % 97 == 0 else ""),
            rng.choice(LAST),
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{birth_be}",
            rng.choice(TYPES),
            "เจ้าพนักงานธุรการ",
            f"54-6-01-{i:07d}" if i % 2 else "",
            rng.choice(DIVISIONS),
            f"{rng.randint(9000, 70000):,}.00",
            f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{min(birth_be + rng.randint(20, 35), 2568)}",
            "",
        ]


def write_xlsx(path: Path, n: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    ws.append(["บัญชีรายชื่อบุคลากร อบต.แม่ยางตาล จังหวัดแพร่"])
    ws.append(HEADERS)
    for row in rows(n):
        ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def write_csv(path: Path, n: int) -> None:
    """The same rows as a UTF-8 CSV, written as it goes: the file for the memory check."""
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["บัญชีรายชื่อบุคลากร อบต.แม่ยางตาล จังหวัดแพร่"])
        writer.writerow(HEADERS)
        writer.writerows(rows(n))


if __name__ == "__main__":
    write_xlsx(Path(sys.argv[2]), int(sys.argv[1]))
