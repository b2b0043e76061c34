"""The record of service (issue 20) at national scale, on SQLite: 500,000 people with 8 position
rows, 2 education rows and 3 decorations each.

Targets (one run): `lhrctl validate --all` (a fresh process, as the nightly job runs it) ≤ 30 s;
`staff kp7` (the record read and the form written) ≤ 1 s; `import history` of a 5,000-person
workbook (every person's sections changed) ≤ 10 s.

    python -m bench.record_speed [STAFF]   (default 500000)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from bench.progress_speed import build

TARGETS = {"validate --all": 30.0, "staff kp7": 1.0, "import history": 10.0}
WORKBOOK_PEOPLE = 5_000
DECORATIONS = ("บ.ม.", "บ.ช.", "จ.ม.")


def _positions(nid: str, raise_by: float = 0.0) -> Iterator[tuple[object, ...]]:
    for step in range(8):
        yield (nid, date(2005 + 2 * step, 10, 1), "salary_step" if step else "appointed",
               "เจ้าพนักงานธุรการ", None, "ปฏิบัติงาน", "สำนักปลัด",
               9000.0 + 1000 * step + raise_by, f"คำสั่ง ที่ {step + 1}/{2548 + 2 * step}")  # fmt: skip


def _sections(people: list[str]) -> dict[str, tuple[tuple[str, ...], Iterator[tuple[object, ...]]]]:
    education = (
        "national_id",
        "level",
        "degree",
        "major",
        "institution",
        "graduated_year",
        "country",
    )
    decoration = ("national_id", "decoration_class", "received_on", "gazette_ref")
    position = ("national_id", "effective_on", "movement", "position", "position_no", "level",
                "division", "salary", "order_ref")  # fmt: skip
    return {
        "position_entry": (position, (row for nid in people for row in _positions(nid))),
        "education": (education, (
            (nid, level, degree, "การบัญชี", "มหาวิทยาลัย", year, "ไทย")
            for nid in people
            for level, degree, year in (("ปวส.", "ปวส.", 2543), ("ปริญญาตรี", "บธ.บ.", 2547))
        )),
        "decoration": (decoration, (
            (nid, cls, date(2010 + 5 * i, 7, 28), f"เล่ม {127 + 5 * i}")
            for nid in people for i, cls in enumerate(DECORATIONS)
        )),
    }  # fmt: skip


def add_sections(url: str) -> list[str]:
    from sqlalchemy import text

    from lhrctl import db
    from lhrctl.schemas.sections import SECTIONS

    tables = {model.__tablename__: model.__table__ for _, model, _en, _th in SECTIONS}  # type: ignore[attr-defined]
    engine = db.make_engine(url)
    with db.connect(engine) as conn:
        query = text("SELECT national_id FROM staff ORDER BY national_id")
        people = list(conn.execute(query).scalars())
        for name, (columns, rows) in _sections(people).items():
            db.insert_rows(conn, tables[name], columns, rows)
        conn.execute(text("DELETE FROM certification"))  # the import writes to open LAOs
    return people


def workbook(path: Path, people: list[str]) -> None:
    """The first people's positions, every salary 100 baht higher: all of them change."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("ตำแหน่งและอัตราเงินเดือน")
    ws.append(["เลขประจำตัวประชาชน", "วันที่มีผล", "การเคลื่อนไหว", "ตำแหน่ง", "เลขที่ตำแหน่ง",
               "ระดับ", "ส่วนราชการ", "เงินเดือน", "คำสั่ง"])  # fmt: skip
    for nid in people:
        for row in _positions(nid, raise_by=100):
            ws.append([row[0], row[1], "เลื่อนขั้นเงินเดือน" if row[2] != "appointed" else "บรรจุ",
                       *row[3:]])  # fmt: skip
    ws = wb.create_sheet("เครื่องราชอิสริยาภรณ์")
    ws.append(["เลขประจำตัวประชาชน", "ชั้นเครื่องราชฯ", "วันที่ได้รับ", "ราชกิจจานุเบกษา"])
    for nid in people:
        for i, cls in enumerate(DECORATIONS):
            ws.append([nid, cls, date(2010 + 5 * i, 7, 28), f"เล่ม {127 + 5 * i} ตอนที่ 1"])
    wb.save(path)


def _timed(work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    staff = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    from lhrctl import db
    from lhrctl.services.access import Operator
    from lhrctl.services.clock import today
    from lhrctl.services.history_import import import_history
    from lhrctl.services.staff import kp7_record
    from lhrctl.services.staff_uploads import Upload
    from lhrctl.writers.kp7 import write_kp7

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'records.db'}"
        print(f"building {staff:,} people with 13 section rows each …", file=sys.stderr)
        build(url, staff)
        people = add_sections(url)
        lhrctl = [sys.executable, "-m", "lhrctl", "--db", url, "--json", "validate", "--all"]
        run = subprocess.run  # the nightly job: a fresh process, start-up included
        validate = _timed(lambda: run(lhrctl, capture_output=True, check=False))
        engine = db.make_engine(url)
        admin = Operator(0, "1100400012348", "bench", "dla_admin", None)

        def print_form() -> None:
            person = kp7_record(engine, admin, people[len(people) // 2])
            write_kp7(person.record, person.sections, person.lao_name, Path(tmp) / "kp7.pdf",
                      lang="th", printed_on=today())  # fmt: skip

        form = _timed(print_form)
        book = Path(tmp) / "kp7.xlsx"
        workbook(book, people[:WORKBOOK_PEOPLE])
        upload = [Upload(book.name, book.read_bytes())]
        done = []
        history = _timed(lambda: done.append(import_history(engine, admin, upload, today=today())))
    changed = done[0].files[0].changed
    print(f"record of service: {staff:,} people, {staff * 13:,} section rows")
    for label, seconds in (("validate --all", validate), ("staff kp7", form),
                           (f"import history ({WORKBOOK_PEOPLE:,} people, {changed:,} changed)", history)):  # fmt: skip
        target = TARGETS[label.split(" (")[0]]
        verdict = "ok" if seconds <= target else "OVER TARGET"
        print(f"  {label:44s} {seconds:7.2f} s  target ≤ {target:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
