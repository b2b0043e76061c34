"""The ก.พ.7 form (ทะเบียนประวัติ) as a PDF: the person, their retirement date, then every section
of the record of service in the form's order, on A4, with the owner's signature line.

fpdf2 draws it in Laksaman (a TH Sarabun PSK design, shipped in `lhrctl/data/fonts`), with
HarfBuzz shaping the Thai so that a tone mark sits above an upper vowel (`ที่`, `นี้`), not on it.
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from lhrctl.labels import MOVEMENTS, PERSONNEL_TYPES, SECTION_FIELDS
from lhrctl.national_id import format_national_id
from lhrctl.schemas.sections import SECTIONS
from lhrctl.staff_files.checks import retirement_date
from lhrctl.thai import be_numeric
from lhrctl.writers.files import private_file

FONT = "Laksaman"
_FONTS = files("lhrctl") / "data" / "fonts"
# each section's columns on the form, in order
_COLUMNS: dict[str, tuple[str, ...]] = {
    "positions": ("effective_on", "movement", "position", "position_no", "level", "division",
                  "salary", "order_ref"),
    "education": ("level", "degree", "major", "institution", "graduated_year", "country"),
    "training": ("course", "organiser", "starts_on", "ends_on"),
    "decorations": ("decoration_class", "received_on", "gazette_ref"),
    "leave": ("kind", "starts_on", "ends_on", "days"),
    "discipline": ("penalty", "order_ref", "ordered_on"),
    "name_changes": ("changed_on", "former_title", "former_first_name", "former_last_name"),
}  # fmt: skip
_PADDING = 3  # mm a cell adds to its text
_TABLE_SIZE = 11  # pt
# the columns whose values never wrap: dates (every `*_on`) and these
_KEPT = frozenset(("salary", "days", "graduated_year", "position_no", "decoration_class"))


def _t(lang: str, en: str, th: str) -> str:
    return th if lang == "th" else en


def _cell(key: str, value: Any, lang: str) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, date):
        return be_numeric(value)
    if isinstance(value, str) and key.endswith(("_on", "_date")):  # crossed the wire as ISO text
        return be_numeric(date.fromisoformat(value))
    if key == "movement":
        en, th = MOVEMENTS.get(str(value), (str(value), str(value)))
        return _t(lang, en, th)
    if key == "salary":
        return f"{float(value):,.2f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date(value: Any) -> date | None:
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value if isinstance(value, date) else None


def write_kp7(
    record: dict[str, Any],
    sections: dict[str, list[dict[str, Any]]],
    lao_name: str | None,
    out: Path,
    *,
    lang: str,
    printed_on: date,
) -> None:
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_font(FONT, "", str(_FONTS / "Laksaman.ttf"))
    pdf.add_font(FONT, "B", str(_FONTS / "Laksaman-Bold.ttf"))
    pdf.set_text_shaping(True)
    name = " ".join(str(record.get(k) or "") for k in ("title", "first_name", "last_name")).strip()
    title = _t(lang, "Record of service (ก.พ.7)", "ทะเบียนประวัติ (ก.พ.7)")
    pdf.set_title(f"{title} {name}")
    pdf.set_creator("lhrctl")
    footer = _t(lang, "page", "หน้า")

    def page_footer() -> None:
        pdf.set_y(-10)
        pdf.set_font(FONT, "", 10)
        pdf.cell(0, 5, f"{title} · {name} · {footer} {pdf.page_no()}/{{nb}}", align="C")

    pdf.footer = page_footer  # type: ignore[method-assign]
    pdf.add_page()
    pdf.set_font(FONT, "B", 18)
    pdf.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(FONT, "", 13)
    place = f"{lao_name or ''} ({record.get('org_code')})".strip()
    printed = _t(lang, "printed", "พิมพ์เมื่อ")
    pdf.cell(
        0,
        6,
        f"{place} · {printed} {be_numeric(printed_on)}",
        new_x="LMARGIN",
        new_y="NEXT",
        align="C",
    )
    pdf.ln(2)
    _person(pdf, record, name, lang)
    for key, _model, en, th in SECTIONS:
        _section(pdf, key, _t(lang, en, th), sections.get(key, []), lang)
    pdf.ln(10)
    pdf.set_font(FONT, "", 14)
    owner = _t(lang, "owner of the record", "เจ้าของประวัติ")
    pdf.cell(0, 7, f"{_t(lang, 'Signed', 'ลงชื่อ')} ......................................... {owner}",
             new_x="LMARGIN", new_y="NEXT", align="R")  # fmt: skip
    pdf.cell(0, 7, f"({name})          ", new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.output(str(private_file(out)))


def _person(pdf: Any, record: dict[str, Any], name: str, lang: str) -> None:
    birth = _date(record.get("birth_date"))
    kind = PERSONNEL_TYPES.get(str(record.get("personnel_type")), ("-", "-"))
    nid = format_national_id(str(record.get("national_id")))
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 8, f"{name}    {_t(lang, 'National ID', 'เลขประจำตัวประชาชน')} {nid}",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    facts = [
        (_t(lang, "Born", "วันเกิด"), _cell("birth_date", birth, lang)),
        (_t(lang, "Personnel type", "ประเภทบุคลากร"), _t(lang, *kind)),
        *(
            (_t(lang, *SECTION_FIELDS[key]).capitalize(), _cell(key, record.get(key), lang))
            for key in ("position", "position_no", "level", "division", "salary")
        ),
        (_t(lang, "Appointed", "วันบรรจุ"), _cell("appointed_on", record.get("appointed_on"), lang)),
        (_t(lang, "Retires", "วันครบเกษียณอายุ"), _cell("retires_on", birth and retirement_date(birth), lang)),
    ]  # fmt: skip
    _two_columns(pdf, facts)


def _two_columns(pdf: Any, facts: list[tuple[str, str]]) -> None:
    """Label and value pairs, two to a line, each column's labels as wide as its widest."""
    half = pdf.epw / 2
    pdf.set_font(FONT, "B", 14)
    labels = [
        max(pdf.get_string_width(label) for label, _ in facts[side::2]) + _PADDING
        for side in (0, 1)
    ]
    for i, (label, value) in enumerate(facts):
        last = i % 2 == 1 or i == len(facts) - 1
        pdf.set_font(FONT, "B", 14)
        pdf.cell(labels[i % 2], 7, label)
        pdf.set_font(FONT, "", 14)
        pdf.cell(half - labels[i % 2], 7, value, new_x="LMARGIN" if last else "RIGHT",
                 new_y="NEXT" if last else "TOP")  # fmt: skip


def _section(pdf: Any, key: str, heading: str, rows: list[dict[str, Any]], lang: str) -> None:
    pdf.ln(3)
    if pdf.will_page_break(30):  # a heading is not left alone at the foot of a page
        pdf.add_page()
    pdf.set_font(FONT, "B", 15)
    pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", _TABLE_SIZE)
    if not rows:
        pdf.cell(0, 6, _t(lang, "(none recorded)", "(ไม่มีข้อมูล)"), new_x="LMARGIN", new_y="NEXT")
        return
    columns = _COLUMNS[key]
    heads = [_t(lang, *SECTION_FIELDS[field]) for field in columns]
    cells = [[_cell(field, values.get(field), lang) for field in columns] for values in rows]
    with pdf.table(
        col_widths=_widths(pdf, columns, heads, cells),
        width=pdf.epw,
        text_align="LEFT",
        line_height=6,
        repeat_headings=1,
        headings_style=_headings(),
    ) as table:
        for line in [heads, *cells]:
            row = table.row()
            for text in line:
                row.cell(text)


def _widths(
    pdf: Any, columns: tuple[str, ...], heads: list[str], cells: list[list[str]]
) -> list[float]:
    """Dates, amounts and numbers as wide as their widest value (they never wrap); of the text
    columns, those narrower than an even share of the rest keep their width, the others share
    what is left evenly, and wrap. The page's width left over goes to every column alike."""
    natural, heading = _natural(pdf, heads, cells)
    kept = [field in _KEPT or field.endswith("_on") for field in columns]
    widths = [n + _PADDING if keep else 0.0 for n, keep in zip(natural, kept, strict=True)]
    texts = {j: max(natural[j], heading[j]) + _PADDING for j, keep in enumerate(kept) if not keep}
    widths = _shared(widths, texts, pdf.epw)
    spare = pdf.epw - sum(widths)
    return [w + spare / len(widths) for w in widths]


def _natural(pdf: Any, heads: list[str], cells: list[list[str]]) -> tuple[list[float], list[float]]:
    """Each column's widest value, and its heading's width (in bold)."""
    natural = [max(pdf.get_string_width(line[j]) for line in cells) for j in range(len(heads))]
    pdf.set_font(FONT, "B", _TABLE_SIZE)
    heading = [pdf.get_string_width(h) for h in heads]
    pdf.set_font(FONT, "", _TABLE_SIZE)
    return natural, heading


def _shared(widths: list[float], wanted: dict[int, float], room: float) -> list[float]:
    """The text columns' widths (`wanted`: each one's widest text) in what `widths` leave."""
    widths = list(widths)
    while wanted:
        share = (room - sum(widths)) / len(wanted)
        fitting = {j: w for j, w in wanted.items() if w <= share}
        if not fitting:
            for j in wanted:
                widths[j] = share
            break
        for j, w in fitting.items():
            widths[j] = w
        wanted = {j: w for j, w in wanted.items() if j not in fitting}
    return widths


def _headings() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(family=FONT, emphasis="BOLD", fill_color=(230, 230, 230))
