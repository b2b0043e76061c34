"""Web pages of tables: spans laid out as a workbook's merged cells are read."""

from __future__ import annotations

import json
from pathlib import Path

from lhrctl.staff_files.html_table import html_tables
from tests.conftest import OFFLINE


def test_spans_are_laid_out_as_merged_cells_are_read() -> None:
    page = """<table>
    <tr><td colspan=3>บัญชีรายชื่อ</td></tr>
    <tr><th>สังกัด</th><th>ชื่อ</th><th>หมายเหตุ</th></tr>
    <tr><td rowspan="2">กองคลัง</td><td>สมชาย<br>ใจดี</td><td rowspan=3>-</td></tr>
    <tr><td>มาลี &amp; ดีใจ</td></tr>
    <tr><td rowspan=2 colspan=2>สำนักปลัด</td></tr>
    <tr><td>x</td></tr>
    <tr><td>a</td><td>b</td><td><table><tr><td>inner</td></tr></table></td></tr>
    </table>"""
    outer, inner = html_tables(page)

    assert outer == [
        ["บัญชีรายชื่อ", "", ""],  # across: the first column only, as a title is
        ["สังกัด", "ชื่อ", "หมายเหตุ"],
        ["กองคลัง", "สมชาย ใจดี", "-"],
        ["กองคลัง", "มาลี & ดีใจ", "-"],  # down: each row it covers
        ["สำนักปลัด", "", "-"],
        ["สำนักปลัด", "", "x"],  # down and across: the cells beside it stay taken
        ["a", "b", ""],
    ]
    assert inner == [["inner"]]


def test_a_bogus_span_is_one_cell() -> None:
    assert html_tables("<table><tr><td rowspan=x colspan=-3>a</td><td>b</td></tr>") == [
        [["a", "b"]]
    ]


def test_a_utf16_page_reads_wherever_its_first_4_kb_end(tmp_path: Path) -> None:
    """The content is told from the first 4 KB: cutting a character in two there must not
    make the file unreadable."""

    title = "<tr><td>" + "ก" * 2025 + "😀" * 50 + "</td></tr>"  # the cut lands inside a 😀
    header = "".join(f"<td>{h}</td>" for h in ("เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด"))
    person = "".join(f"<td>{v}</td>" for v in ("1100400012348", "นายสมชาย ใจดี", "15/03/2520"))
    more = "".join(f"<td>{v}</td>" for v in ("ข้าราชการ", "ปลัด", "45,000"))
    header += "<td>ประเภท</td><td>ตำแหน่ง</td><td>เงินเดือน</td>"
    page = f"<html><table>{title}<tr>{header}</tr><tr>{person}{more}</tr></table></html>"
    path = tmp_path / "export.xls"
    path.write_bytes(page.encode("utf-16"))
    assert len("<html><table><tr><td>") + 2025 == 2046  # + the BOM: 😀 starts at byte 4094

    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["stats"]["rows"] == 1


def test_a_span_reaches_no_further_than_its_table(tmp_path: Path) -> None:
    """Attack: a small page whose one cell spans 10,000 x 10,000 (it took 3.6 GB and 145 s)."""
    import resource
    import time

    page = '<table><tr><td rowspan="10000" colspan="10000">x</td><td>y</td></tr>'
    page += "<tr><td>1</td></tr>" * 3 + "</table>"
    # down: its table's 4 rows; across: 2, the most cells a row of it has
    assert html_tables(page) == [[["x", "", "y"], ["x", "", "1"], ["x", "", "1"], ["x", "", "1"]]]

    path = tmp_path / "bomb.xls"
    path.write_text(page + "<!-- " + "x" * 90_000 + " -->")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    r = OFFLINE("validate", str(path))
    assert r.exit_code == 1, r  # read, and found to hold no staff table
    assert "LHR901" in r.stdout
    assert time.monotonic() - started < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KB
