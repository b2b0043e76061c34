"""`lhrctl serve` under the load of the national deployment, against PostgreSQL on this machine.

77 province offices run `report progress` for their province at once while 10 offices import a
60-row file each; then one 60-row and one N-row import through the server against the same
import in-process. Targets (issue 17): every request succeeds; p95 of a report <= 1 s; the 60-row
import through the server <= 1.5x in-process, the N-row one (200,000 in the issue) <= 1.3x.

    python -m bench.server_load [ROWS]   (default 200000; LHR_BENCH_PG_URL for the server)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

PG_BASE = os.environ.get("LHR_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "bench password 2569"  # noqa: S105 (the bench's own throw-away admin)


def workbook(path: Path, n: int, seed: int) -> Path:
    from openpyxl import Workbook

    from bench.make_workbook import HEADERS, rows

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    ws.append(["บัญชีรายชื่อบุคลากร"])
    ws.append(HEADERS)
    for row in rows(n, seed=seed):
        ws.append(row)
    wb.save(path)
    return path


def card() -> Any:
    from lhrctl.auth.thaiid import ThaiIdCard

    return ThaiIdCard(
        national_id="1100400012348", title_th="นาย", first_name_th="สมชาย", middle_name_th="",
        last_name_th="ใจดี", name_en="Mr.#Somchai##Jaidee", birth_date_be="25200101",
        gender="male", issuer="", issue_date_be="25650101", expiry_date_be="25750101",
        address="", atr="", binding="b" * 64,
    )  # fmt: skip


@contextmanager
def database() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"lhr_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_BASE).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def prepare(url: str) -> tuple[list[str], list[str]]:
    """Schema, seal, registry, a first admin, an open round; the province and LAO codes."""
    from lhrctl import db
    from lhrctl.registry_file import read_registry
    from lhrctl.services import accounts, audit, laos, rounds
    from lhrctl.services.access import Operator

    engine = db.make_engine(url)
    db.upgrade(engine)
    audit.seal_log(engine)
    admin = accounts.enrol_first_admin(engine, card(), lambda _key: PASSWORD)
    operator = Operator(1, admin.national_id, admin.name, admin.role, None)
    laos.import_registry(engine, operator, read_registry(None), "bundled", date.today())
    rounds.open_round(engine, operator, "bench", date(2099, 1, 1), date(2099, 2, 1))
    found = laos.list_laos(engine)
    return sorted({lao.province_code for lao in found}), [lao.code for lao in found]


@contextmanager
def server(url: str, folder: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = folder / "server.toml"
    config.write_text(f'database_url = "{url}"\nport = {port}\n')
    proc = subprocess.Popen([sys.executable, "-m", "lhrctl", "serve", "--config", str(config)])
    address = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(200):
        try:
            httpx.get(f"{address}/docs", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    try:
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def import_through(address: str, path: Path, org: str) -> float:
    from lhrctl.server.client import Server
    from lhrctl.services.staff_uploads import Upload

    client = Server(address)
    credential, _ = client.sign_in(card(), PASSWORD, "import_staff")
    start = time.perf_counter()
    upload = Upload(path.name, path.read_bytes())
    client.call("import_staff", credential, {"files": [upload], "org": org, "skip_invalid": True})
    return time.perf_counter() - start


def import_here(url: str, path: Path, org: str) -> float:
    from lhrctl import db
    from lhrctl.services.access import Operator
    from lhrctl.services.staff_import import check_staff_files, import_staff_files

    engine = db.make_engine(url)
    operator = Operator(1, "1100400012348", "bench", "dla_admin", None)
    start = time.perf_counter()
    directory, checked = check_staff_files(engine, [path], today=date.today(), org=org)
    import_staff_files(engine, operator, checked, directory, skip_invalid=True)
    return time.perf_counter() - start


def warm_up(address: str) -> None:
    """A server runs for days: its worker processes have loaded their code before offices call.
    A few requests each, so that the load below does not time their first imports."""
    from lhrctl.server.client import Server

    client = Server(address)
    for _ in range(8):
        client.call("report_progress", None, {"province": "54"})


def load(address: str, provinces: list[str], files: list[tuple[Path, str]]) -> None:
    from lhrctl.server.client import Server

    reports: list[float] = []
    imports: list[float] = []
    failures: list[str] = []
    gate = threading.Barrier(len(provinces) + 1 + len(files))

    def report(province: str | None) -> None:
        client = Server(address)
        gate.wait()
        start = time.perf_counter()
        try:
            client.call("report_progress", None, {"province": province})
            reports.append(time.perf_counter() - start)
        except Exception as exc:  # every request must succeed: count what did not
            failures.append(f"report {province}: {exc}")

    def importing(path: Path, org: str) -> None:
        gate.wait()
        try:
            imports.append(import_through(address, path, org))
        except Exception as exc:
            failures.append(f"import {org}: {exc}")

    # each province office its province, and DLA the whole country: 77 offices
    threads = [threading.Thread(target=report, args=(p,)) for p in [*provinces, None]]
    threads += [threading.Thread(target=importing, args=f) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reports.sort()
    p95 = reports[int(0.95 * (len(reports) - 1))] if reports else float("nan")
    verdict = "ok" if not failures and p95 <= 1.0 else "OVER TARGET"
    print(f"load: {len(reports)} reports + {len(imports)} imports at once, {len(failures)} failed")
    print(f"  report progress p95 {p95 * 1000:.0f} ms, max {reports[-1] * 1000:.0f} ms "
          f"(target p95 <= 1000 ms): {verdict}")  # fmt: skip
    for failure in failures[:5]:
        print(f"  failed: {failure}")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as tmp, database() as url:
        folder = Path(tmp)
        provinces, codes = prepare(url)
        orgs, here_org, there_org = codes[:10], codes[10], codes[11]
        files = [
            (workbook(folder / f"load-{i}.xlsx", 60, 100 + i), org) for i, org in enumerate(orgs)
        ]
        small_here, small_there = (workbook(folder / f"{w}.xlsx", 60, s) for w, s in
                                   (("small-here", 301), ("small-there", 302)))  # fmt: skip
        big_here, big_there = (workbook(folder / f"{w}.xlsx", rows, s) for w, s in
                               (("big-here", 401), ("big-there", 402)))  # fmt: skip
        with server(url, folder) as address:
            warm_up(address)
            load(address, provinces, files)
            for label, here, there, target in (
                ("60-row import", small_here, small_there, 1.5),
                (f"{rows:,}-row import", big_here, big_there, 1.3),
            ):
                local = import_here(url, here, here_org)
                remote = import_through(address, there, there_org)
                ratio = remote / local
                verdict = "ok" if ratio <= target else "OVER TARGET"
                print(f"  {label}: in-process {local:.2f} s, through the server {remote:.2f} s "
                      f"= {ratio:.2f}x (target <= {target}x): {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
