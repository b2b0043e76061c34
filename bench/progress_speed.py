"""`lhrctl report progress` over the full registry (7,849 LAOs) and 500,000 staff records on
SQLite, a third of the LAOs certified: the service call, and the command as a user runs it (a fresh
process, start-up included), nationally and for one province.

Target (issue 4): under a second on SQLite on this 2-core machine.

    python -m bench.progress_speed [STAFF]   (default 500000)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

RUNS = 5
TARGET = 1.0


def _median(work: object) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def build(url: str, staff: int) -> None:
    from sqlalchemy import insert, select
    from stdnum.th import pin

    from lhrctl import db
    from lhrctl.registry_file import read_registry
    from lhrctl.schemas.tables import Certification, Lao, Round, Staff
    from lhrctl.services.access import Operator
    from lhrctl.services.laos import import_registry

    engine = db.make_engine(url)
    db.upgrade(engine)
    from lhrctl.services.audit import seal_log

    seal_log(engine)  # its key and anchor: a temporary folder (bench/__init__.py)
    admin = Operator(0, "1100400012348", "bench", "dla_admin", None)
    import_registry(engine, admin, read_registry(None), "bundled", date.today())
    kinds = ["civil_servant", "teacher", "permanent_employee", "contract_mission"]
    now = datetime.now()
    with db.connect(engine) as conn:
        codes = list(conn.execute(select(Lao.code)).scalars())  # type: ignore[call-overload]
        rows = (
            (
                f"1{i:011d}" + pin.calc_check_digit(f"1{i:011d}"),
                codes[i % len(codes)],
                "นาย",
                "สมชาย",
                "ใจดี",
                date(1980, 1, 1),
                kinds[i % len(kinds)],
                "เจ้าพนักงานธุรการ",
                9000.0,
                now,
                now,
            )
            for i in range(staff)
        )
        columns = (
            "national_id", "org_code", "title", "first_name", "last_name", "birth_date",
            "personnel_type", "position", "salary", "created_at", "updated_at",
        )  # fmt: skip
        db.insert_rows(conn, Staff.__table__, columns, rows)  # type: ignore[attr-defined]
        round_id = conn.execute(
            insert(Round.__table__).values(  # type: ignore[attr-defined]
                name="phase 1",
                lao_deadline=date(2026, 1, 31),
                province_deadline=date(2026, 2, 28),
                is_open=True,
                opened_at=now,
                opened_by=admin.national_id,
            )
        ).inserted_primary_key[0]
        states = ["lao_certified", "province_certified", "returned"]
        conn.execute(
            insert(Certification.__table__),  # type: ignore[attr-defined]
            [
                {
                    "round_id": round_id,
                    "org_code": code,
                    "state": states[i % 3],
                    "counts": "{}",
                    "updated_at": now,
                    "updated_by": admin.national_id,
                }
                for i, code in enumerate(codes[::3])
            ],
        )


def main() -> None:
    staff = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'progress.db'}"
        print(f"building {staff:,} staff records over the registry …", file=sys.stderr)
        build(url, staff)
        from lhrctl import db
        from lhrctl.services.progress import progress_report

        engine = db.make_engine(url)
        report = progress_report(engine, today=date.today())
        service = _median(lambda: progress_report(engine, today=date.today()))
        one = _median(lambda: progress_report(engine, today=date.today(), province="54"))
        lhrctl = [sys.executable, "-m", "lhrctl", "--db", url, "--json", "report", "progress"]
        command = _median(lambda: subprocess.run(lhrctl, capture_output=True, check=True))
        province = _median(
            lambda: subprocess.run([*lhrctl, "--province", "54"], capture_output=True, check=True)
        )
    laos = sum(p.laos for p in report.provinces)
    print(f"report progress: {laos:,} LAOs in {len(report.provinces)} provinces, {staff:,} staff")
    for label, seconds in (
        ("service, national", service),
        ("service, province 54", one),
        ("command, national", command),
        ("command, province 54", province),
    ):
        verdict = "ok" if seconds < TARGET else "OVER TARGET"
        print(f"  {label:22s} {seconds * 1000:7.0f} ms  target < {TARGET * 1000:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
