"""Web pages of tables: spans laid out as a workbook's merged cells are read."""

from __future__ import annotations

from lhrctl.importers.html_table import html_tables


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
