"""The row checks, a column at a time, for a sheet read as columns (sheet_frames).

Nearly every cell of a staff list is in one of a few shapes: an ID of 13 digits (or with its
dashes), a date as `15/03/2520`, an amount as `15060` or `15,060.00`, a name or a label in plain
Thai or ASCII. Polars settles those for a whole column at once, and finds the rows on which every
cell is in such a shape and no rule is broken: the row checks would pass such a row with no
finding, and its record is built here from the columns. A text cell the row checks would
repair into plain text (a zero-width or non-breaking space, marks out of order) is repaired
here too, a distinct cell once, and its repair said as they say it (LHR204). Every other row
(a totals line, an odd date, a broken rule) goes through the row checks themselves
(rows.check_rows), so it reads, and is reported, exactly as before. Labels, titles and types
are few, and so are the dates and amounts in any other shape (`15 มี.ค. 2520`, `53,310.-`, a
date cell): they go through the row checks' own normalisers, once for each distinct value.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any

from lhrctl.staff_files import layout as lay
from lhrctl.staff_files import normalise as norm
from lhrctl.staff_files.checks import TEXT_FIELDS, RowContext, stated_gender
from lhrctl.staff_files.rules import Finding
from lhrctl.staff_files.sheet_frames import NUMBER, TYPED, SheetFrame, cell
from lhrctl.staff_files.sheet_pieces import PiecesUnfit
from lhrctl.staff_files.vocabulary import (
    CANONICAL_TYPES,
    TITLE_ALIASES,
    TITLES,
)
from lhrctl.thai import BE_OFFSET

if TYPE_CHECKING:
    import polars as pl

Row = tuple[int, list[object]]

# printable ASCII and Thai: text clean_text only trims of its spaces (and their runs)...
_PLAIN = r"^[ -~\x{0e01}-\x{0e5b}]*$"
# ...unless its marks are out of canonical order (NFC), or it holds Nikhahit + Sara Aa
_UNORDERED = r"[\x{0e48}-\x{0e4b}][\x{0e38}-\x{0e3a}]|[\x{0e38}\x{0e39}]\x{0e3a}|\x{0e4d}\x{0e32}"
# what could be a formula, a spreadsheet error or an empty mark (`-`): the row checks' to tell
_MARKED = r"^ *[=+@#\-]"
_NAME = r"^[\x{0e01}-\x{0e3a}\x{0e40}-\x{0e4e}a-zA-Z .'\-()]+$"  # normalise.name_is_plausible
# an ID's digits, with the dashes or spaces it is written with (`1-2345-67890-12-1`); 13 of them
_ID = r"^[0-9](?:[0-9 \-]*[0-9])?$"
_ID_MARKS = r"[ \-]"
_ID_DIGITS = "lhrctl id digits"  # a column of _Columns.frame: no sheet's column is named so
_REPEATED = 8  # a column with fewer distinct values than an eighth of its cells (of_each)
_DATE = r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})$"
_AMOUNT = r"^(?:[0-9]+(?:\.[0-9]+)?|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?)$"
_WHOLE_ID = r"^[0-9]{6,15}$"  # a number in the ID column that reads the same as its text
_SERIAL = r"^[0-9]{5}$"  # a number in a date column that reads the same as its text
# the fields whose text the row checks repair, in the order they flag it (checks.clean_texts)
REPAIRED = (*TEXT_FIELDS, "full_name")
TEXT_COLUMNS = (
    "title", "first_name", "last_name", "full_name", "position", "position_no", "level",
    "division", "personnel_type", "gender", "org_code",
)  # fmt: skip


@dataclass
class FrameCheck:
    """A sheet's data rows: the records of those the columns settled (with seq, sheet row and
    ID), and the rest, as rows for the row checks, each with its seq; the findings of the
    settled rows (a text repaired, LHR204)."""

    settled: pl.DataFrame
    unsettled: list[tuple[int, Row]]  # (seq, (row number, cells))
    rows: int  # the settled rows, all of them data rows
    height: int  # the rows checked, settled or not
    held: bool  # the rows are held as columns (a sheet's), not text rows read one at a time
    findings: list[Finding] = dataclasses.field(default_factory=list)


def readable_as_columns(frame: SheetFrame, layout: lay.Layout) -> bool:
    """Whether the column checks may read this sheet's data rows: no cell merged down into
    them (the row checks fill those in)."""
    return frame.lowest_merge_down() <= layout.header_row


def numbers_read_as_text(frame: SheetFrame, layout: lay.Layout) -> bool:
    """Whether every number-shaped cell of the ID and date columns reads the same as a number
    and as text: its rows, told back (sheet_frames.cell), then read as python-calamine's are.
    A 13-digit ID does; `4300` in a date column does not (a day of 1911, or no date)."""
    return _numbers_alike(frame.frame.slice(layout.header_row), layout)


def _numbers_alike(data: pl.DataFrame, layout: lay.Layout) -> bool:
    """numbers_read_as_text, of these data rows."""
    import polars as pl

    names = data.columns
    odd = []
    for field, allowed in (("national_id", _WHOLE_ID), ("birth_date", _SERIAL),
                           ("appointed_on", _SERIAL)):  # fmt: skip
        index = layout.columns.get(field)
        if index is not None and index < len(names):
            value = pl.col(names[index])
            odd.append(value.str.contains(NUMBER) & ~value.str.contains(allowed))
    return not odd or not data.select(pl.any_horizontal(odd).any()).item()


# rows settled at a time: what the values of a chunk take stays small, and the last one's
# writing into the staging file, which nothing overlaps, short (0.1 s of 200,000 rows, not
# 0.2 s in chunks of 100,000); each chunk costs some 0.01 s more
CHUNK = 50_000
# rows of a CSV file settled at a time: they are Python objects until then, some 1 KB a row
TEXT_CHUNK = 10_000


@dataclass
class Chunk:
    """Rows under a header, as columns: the first of them the sheet's row `first_row`. `rows`:
    the same rows as the file gives them, where its cells are text (CSV); else they are told
    back from the columns (sheet_frames.cell)."""

    data: pl.DataFrame
    first_row: int
    rows: list[Row] | None = None


def text_chunks(rows: Iterator[Row]) -> Iterator[Chunk]:
    """Rows of text cells (a CSV file's, numbered one after the other), TEXT_CHUNK at a time
    as columns; a short row's missing cells are empty."""
    import polars as pl

    while chunk := list(islice(rows, TEXT_CHUNK)):
        width = max(len(cells) for _, cells in chunk)
        padded = [c if len(c) == width else [*c, *[None] * (width - len(c))] for _, c in chunk]
        columns = {f"column_{i}": cells for i, cells in enumerate(zip(*padded, strict=True))}
        frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
        yield Chunk(frame, chunk[0][0], chunk)


def sheet_checks(
    frame: SheetFrame,
    layout: lay.Layout,
    ctx: RowContext,
    provinces: Iterable[str],
    first_seq: int,
    *,
    at_once: int = 2,
) -> Iterator[FrameCheck]:
    """The rows under the header of a sheet read as columns, the first of them at `first_seq`
    in the file's reading order: what the columns hold worked out once, the rows settled CHUNK
    at a time, the first stretch a fifth of that: the thread writing the settled rows into the
    staging file (Stage.write_ahead) is slower than the checks, and begins sooner (see the
    module docstring). `at_once`: the stretches settled at a time, each on a thread of its own;
    in order, and no more held. Two keep polars busier on two cores (a validate of 200,000
    rows settled them in 0.33 s, not 0.40 s); beside the writing thread, one (it is slower than
    the checks, and the more threads beside it the slower). A sheet loaded in pieces is
    checked a piece at a time, as each is loaded; a later piece whose numbers would read
    otherwise as text (numbers_read_as_text) is PiecesUnfit."""
    seq = first_seq
    with ThreadPoolExecutor(at_once) as pool:
        settling: deque[Future[FrameCheck]] = deque()
        for start, piece in frame.pieces():
            data = piece.slice(max(0, layout.header_row - start))
            if start and not _numbers_alike(data, layout):
                raise PiecesUnfit("a number would read otherwise as text")
            checks = ColumnChecks(data, layout, ctx, provinces, cell)
            first_row = max(start, layout.header_row) + 1  # of the data rows, from 1
            offset = 0
            while offset < data.height:
                height = min(
                    max(1, CHUNK // 5) if seq == first_seq else CHUNK, data.height - offset
                )
                settling.append(pool.submit(checks.settle, offset, height, first_row + offset, seq))
                if len(settling) == at_once:
                    yield settling.popleft().result()
                offset, seq = offset + height, seq + height
        while settling:
            yield settling.popleft().result()


def text_checks(
    rows: Iterator[Row],
    layout: lay.Layout,
    ctx: RowContext,
    provinces: Iterable[str],
    first_seq: int,
) -> Iterator[FrameCheck]:
    """Rows of text cells (a CSV file's), TEXT_CHUNK at a time, each its own columns: they are
    not held."""
    for chunk in text_chunks(rows):
        height = chunk.data.height
        checks = ColumnChecks(chunk.data, layout, ctx, provinces, _text)
        yield checks.settle(0, height, chunk.first_row, first_seq, chunk.rows)
        first_seq += height


class ColumnChecks:
    """The column checks of rows under one header: each field's cells as the row checks would
    read them, of each distinct value once for all the rows (each 100,000 rows worked out
    anew took 0.13 s of their 0.32 s), then the rows settled a stretch at a time."""

    def __init__(
        self,
        data: pl.DataFrame,
        layout: lay.Layout,
        ctx: RowContext,
        provinces: Iterable[str],
        told: Callable[[str | None], object],
    ):
        import polars as pl

        self.ctx = ctx
        self.columns = _Columns(data, layout, told)
        self.table = [  # each value once; then the rules on them
            pl.int_range(pl.len()).alias("offset"),
            *(e.alias(k) for k, e in _values(self.columns, ctx).items()),
            _cells_plain(self.columns).alias("ok"),
            self.columns.raw("appointed_on").is_not_null().alias("appointed_given"),
        ]
        self.possible = _record_possible(ctx, set(provinces))

    def settle(
        self, start: int, height: int, first_row: int, first_seq: int, rows: list[Row] | None = None
    ) -> FrameCheck:
        """The `height` rows from `start` on: the first of them the sheet's row `first_row`, at
        `first_seq` in the file's reading order; `rows`: the same rows as the file gives them,
        where its cells are text (else told back from the columns)."""
        import polars as pl

        columns, sheet = self.columns, self.ctx.sheet
        table = (
            columns.frame.slice(start, height)
            .select(*self.table)
            .with_columns(ok=pl.col("ok") & self.possible)
        )
        records = table.filter(pl.col("ok")).select(
            (pl.col("offset") + first_seq).alias("seq"),
            pl.lit(sheet, pl.String).alias("sheet"),
            (pl.col("offset") + first_row).alias("row"),
            *_record_columns(),
        )
        data = columns.data.slice(start, height)
        repaired = columns.repaired_texts(data, table["ok"], first_row, sheet)
        others = table.filter(~pl.col("ok"))["offset"].to_list()
        if rows is not None:
            unsettled = [(first_seq + offset, rows[offset]) for offset in others]
        else:
            values = data[others].iter_rows() if others else iter(())
            unsettled = [
                (first_seq + offset, (first_row + offset, [cell(v) for v in cells]))
                for offset, cells in zip(others, values, strict=True)
            ]
        return FrameCheck(records, unsettled, records.height, height, rows is None, repaired)


def _text(text: str | None) -> object:
    """A text cell as the row checks are given it: as it is; `""` where a short row has none."""
    return "" if text is None else text


@dataclass(frozen=True)
class _Repairs:
    """Of a text column: its cells clean_text makes plain, and what it makes of each; those
    whose repair the row checks flag (LHR204)."""

    cleaned: dict[str, str]
    flagged: list[str]


class _Columns:
    """The data rows' cells of each field the layout maps, as polars expressions."""

    def __init__(
        self, data: pl.DataFrame, layout: lay.Layout, told: Callable[[str | None], object]
    ):
        self.names = data.columns
        self.layout = layout
        self.told = told  # a cell's value as the row checks are given it, from its text
        self.data = self.frame = data
        # by field, once: of_each and each_distinct
        self._distinct: dict[str, pl.Series] = self._distinct_values(data)
        # the text cells clean_text makes plain, by field: read as it makes them
        self._repairs = {f: r for f in REPAIRED if self.has(f) and (r := self._repairs_of(f))}
        # the ID without its marks, worked out once: an expression is evaluated wherever it is
        # used, and the check digit uses it once a digit (13 times the regex, 0.1 s a 100k rows)
        self.frame = data.with_columns(
            *(self._column(f).replace(repairs.cleaned) for f, repairs in self._repairs.items()),
            self._id_digits().alias(_ID_DIGITS),
        )
        for repaired in self._repairs:  # its distinct values are the repaired ones now
            del self._distinct[repaired]

    def _column(self, field: str) -> pl.Expr:
        """The sheet's column the layout maps `field` to (one it has)."""
        import polars as pl

        return pl.col(self.names[self.layout.columns[field]])

    def _repairs_of(self, field: str) -> _Repairs | None:
        """The field's cells that are not plain text but that clean_text makes plain (a
        zero-width or non-breaking space, marks out of order, Nikhahit and Sara Aa): what it
        makes of each, as the row checks read them, and those whose repair they flag (LHR204)."""
        import polars as pl

        odd = self.distinct(field).to_frame("cell").filter(~plain_text(pl.col("cell")))
        cleaned = {}
        for text in odd["cell"].to_list():
            told = self.told(text)
            if isinstance(told, str):
                cleaned[text] = norm.clean_text(told)
        made = pl.Series([c.value for c in cleaned.values()], dtype=pl.String).to_frame("cell")
        plain = made.select(plain_text(pl.col("cell")))["cell"].to_list()
        kept = {k: c for (k, c), ok in zip(cleaned.items(), plain, strict=True) if ok}
        if not kept:
            return None
        flagged = [k for k, c in kept.items() if c.repaired]
        return _Repairs({k: c.value for k, c in kept.items()}, flagged)

    def repaired_texts(
        self, data: pl.DataFrame, settled: pl.Series, first_row: int, sheet: str | None
    ) -> list[Finding]:
        """LHR204 on each repaired cell of the `settled` rows (a mask) of `data` (a stretch of
        the rows), a row's in the order the row checks flag them."""
        import polars as pl

        flagged = {f: r.flagged for f, r in self._repairs.items() if r.flagged}
        if not flagged:
            return []
        columns = {f: self._column(f) for f in flagged}
        marked = data.select(
            pl.int_range(pl.len()).alias("offset"),
            *(c.is_in(flagged[f]).alias(f) for f, c in columns.items()),
            *(c.alias(f"cell {f}") for f, c in columns.items()),
        )
        marked = marked.filter(settled).filter(pl.any_horizontal(*columns))
        return [  # `flagged` is in REPAIRED order
            Finding("LHR204", sheet, first_row + row["offset"], f, self._shown(row[f"cell {f}"]))
            for row in marked.iter_rows(named=True)
            for f in flagged
            if row[f]
        ]

    def _shown(self, text: str) -> str:
        """A cell in a finding, as the row checks show it."""
        return norm.plain(self.told(text))

    def has(self, field: str) -> bool:
        index = self.layout.columns.get(field)
        return index is not None and index < len(self.names)

    def raw(self, field: str) -> pl.Expr:
        import polars as pl

        if not self.has(field):
            return pl.lit(None, pl.String)
        value = self._column(field)
        return pl.when(value != "").then(value)  # an empty text cell is an empty cell

    def id_digits(self) -> pl.Expr:
        """The ID cell without the dashes or spaces it is written with (in `frame`)."""
        import polars as pl

        return pl.col(_ID_DIGITS)

    def _id_digits(self) -> pl.Expr:
        return self.raw("national_id").str.replace_all(_ID_MARKS, "")

    def _distinct_values(self, data: pl.DataFrame) -> dict[str, pl.Series]:
        """The distinct values of every field but the ID, in one pass (polars finds them side
        by side: the checks of 200,000 rows were set up in 0.15 s, not 0.18 s)."""
        fields = [f for f in self.layout.columns if f != "national_id" and self.has(f)]
        if not fields:
            return {}
        found = data.select(
            self._column(f).unique().drop_nulls().implode().alias(f) for f in fields
        )
        return {f: found[f][0] for f in fields}

    def distinct(self, field: str) -> pl.Series:
        """The column's distinct values but null, of a field it has (repaired)."""
        if field not in self._distinct:
            column = self.frame.select(self._column(field)).to_series()
            self._distinct[field] = column.unique().drop_nulls()
        return self._distinct[field]

    def text(self, field: str) -> pl.Expr:
        """The cell as clean_text gives it, for the cells `plain_text` holds for."""
        return self.of_each(field, _text_of)

    def of_each(self, field: str, make: Callable[[pl.Expr], pl.Expr], dtype: Any = None) -> pl.Expr:
        """`make` of the `raw` cell: of each distinct value once where the values repeat (a
        title, a division: the per-row string work took a third of the column checks, and a
        lookup costs less than plain_text's two patterns)."""
        import polars as pl

        if not self.has(field) or len(self.distinct(field)) * _REPEATED > self.frame.height:
            return make(self.raw(field))
        dtype = dtype or pl.String
        cell = pl.col("cell")
        table = (
            self.distinct(field)
            .to_frame("cell")
            .select("cell", made=make(pl.when(cell != "").then(cell)).cast(dtype))
        )
        of_empty = pl.select(made=make(pl.lit(None, pl.String)).cast(dtype))["made"]
        raw = self.raw(field)
        made = raw.replace_strict(table["cell"], table["made"], default=None, return_dtype=dtype)
        return pl.when(raw.is_null()).then(pl.lit(of_empty.item(), dtype)).otherwise(made)

    def each_distinct(
        self,
        field: str,
        function: Callable[[object], object],
        *,
        dtype: Any = None,
        shaped: tuple[str, Callable[[pl.Expr], pl.Expr]] | None = None,
    ) -> pl.Expr:
        """`function` of each cell as the row checks are given it (`told`), called once for
        each distinct value of the column; but the values in the common shape `shaped` gives
        (a pattern, and what reads it: an expression of the text) are read by polars, once
        each too (a column of dates has a few thousand). None for an empty cell. Text, unless
        `dtype` says otherwise."""
        import polars as pl

        dtype = dtype or pl.String
        if not self.has(field):
            return pl.lit(None, dtype)
        distinct = self.distinct(field).rename("cell")
        read = pl.DataFrame(schema={"cell": pl.String, "value": dtype})
        if shaped is not None:
            pattern, reader = shaped
            common = distinct.str.contains(pattern)
            read = distinct.filter(common).to_frame().select("cell", value=reader(pl.col("cell")))
            distinct = distinct.filter(~common)
        told = {v: function(self.told(v)) for v in distinct.to_list()}
        keys = pl.concat([read["cell"], pl.Series(list(told), dtype=pl.String)])
        values = pl.concat([read["value"], pl.Series(list(told.values()), dtype=dtype)])
        return self.raw(field).replace_strict(keys, values, default=None, return_dtype=dtype)


def _of_text(function: Callable[[str], object]) -> Callable[[object], object]:
    """`function` of a cell as the row checks' clean_text reads it."""

    def of_cell(raw: object) -> object:
        return function(norm.clean_text(raw).value)

    return of_cell


def plain_text(expr: pl.Expr) -> pl.Expr:
    """Cells the row checks read but for their spaces: empty, or plain text with nothing to
    repair or flag (not a date cell or a boolean, which `cell` reads as one)."""
    return expr.is_null() | (expr.str.contains(_PLAIN) & ~expr.str.contains(_NOT_PLAIN))


_NOT_PLAIN = f"{_UNORDERED}|{_MARKED}|{TYPED}"


def _trimmed(expr: pl.Expr) -> pl.Expr:
    """What clean_text makes of plain text: no spaces around it, one between its words."""
    return expr.str.strip_chars(" ").str.replace_all("  +", " ")


def _text_of(raw: pl.Expr) -> pl.Expr:
    return _trimmed(raw).fill_null("")


def _given(raw: pl.Expr) -> pl.Expr:
    """A position number, level or division as the record keeps it: none for "" or n/a."""
    import polars as pl

    text = _text_of(raw)
    return pl.when(text.str.to_lowercase().is_in(["", "n/a"])).then(None).otherwise(text)


def _values(columns: _Columns, ctx: RowContext) -> dict[str, pl.Expr]:
    """Each field's canonical value, where the cell is in a shape the columns settle."""
    import polars as pl

    values = {"national_id": columns.id_digits()}
    values |= _names(columns)
    for field in ("birth_date", "appointed_on"):
        written = partial(_written_date, today=ctx.today)
        values[field] = columns.each_distinct(field, written, dtype=pl.Date, shaped=(_DATE, _date))
    if columns.has("personnel_type"):
        kind = columns.each_distinct("personnel_type", _of_text(norm.personnel_type))
        values["personnel_type"] = (
            pl.when(columns.text("personnel_type") == "")
            .then(pl.lit(ctx.sheet_type))
            .otherwise(kind)
        )
    else:
        values["personnel_type"] = pl.lit(ctx.sheet_type, pl.String)
    values["position"] = columns.text("position")
    for field in ("position_no", "level", "division"):
        values[field] = columns.of_each(field, _given)
    if ctx.division is not None:
        values["division"] = values["division"].fill_null(pl.lit(ctx.division))
    values["salary"] = columns.each_distinct(
        "salary", norm.salary, dtype=pl.Float64, shaped=(_AMOUNT, _amount)
    )
    org = columns.raw("org_code")
    values["org_code"] = (
        pl.when(org.is_null()).then(pl.lit(ctx.org_code, pl.String)).otherwise(org)
        if columns.has("org_code")
        else pl.lit(ctx.org_code, pl.String)
    )
    return values


def _names(columns: _Columns) -> dict[str, pl.Expr]:
    """Title, first and last name, split from a full-name cell where the first name is missing;
    the gender the title gives, else the one a gender column states."""
    import polars as pl

    title, first, last = (columns.text(f) for f in ("title", "first_name", "last_name"))
    if columns.has("full_name"):
        split = [
            columns.each_distinct("full_name", _of_text(partial(_name_part, i))) for i in range(3)
        ]
        need = first == ""
        title = pl.when(need & (title == "")).then(split[0]).otherwise(title)
        first, last = (
            pl.when(need).then(split[i]).otherwise(v) for i, v in ((1, first), (2, last))
        )
        canonical = title.replace(TITLE_ALIASES)
        gender = _gender_of(canonical)
    else:  # both of the title cell alone: worked out once a distinct title
        canonical = columns.of_each("title", _canonical_title)
        gender = columns.of_each("title", lambda raw: _gender_of(_canonical_title(raw)))
    stated = columns.each_distinct("gender", stated_gender) if columns.has("gender") else None
    return {
        "title": canonical,
        "first_name": first,
        "last_name": last,
        "gender": gender if stated is None else pl.coalesce(gender, stated),
        "stated_gender": stated if stated is not None else pl.lit(None, pl.String),
    }


def _canonical_title(raw: pl.Expr) -> pl.Expr:
    return _text_of(raw).replace(TITLE_ALIASES)


def _gender_of(title: pl.Expr) -> pl.Expr:
    """normalise.gender_of_title, of the canonical title."""
    import polars as pl

    return (
        pl.when(title.is_in(list(TITLES)))
        .then(title.replace_strict(TITLES, default=None, return_dtype=pl.String))
        .when(title.str.ends_with("หญิง"))
        .then(pl.lit("female"))
    )


def _name_part(part: int, full: str) -> str:
    return norm.split_full_name(full)[part]


def _written_date(raw: object, today: date) -> date | None:
    """normalise.parse_date's date, where it tells nothing (no problem, no BE year in a date
    cell, no two-digit year to read by its field)."""
    read = norm.parse_date(raw, today)
    plain = read.problem is None and not read.be_in_date_cell and read.other is None
    return read.value if plain else None


def _date(text: pl.Expr) -> pl.Expr:
    """`15/03/2520` (or with `.` or `-`), a BE year above 2400 read back to CE; None for a day
    that does not exist."""
    import polars as pl

    parts = text.str.extract_groups(_DATE)
    year = parts.struct.field("3").cast(pl.Int32, strict=False)
    year = pl.when(year > 2400).then(year - BE_OFFSET).otherwise(year)
    iso = pl.format(
        "{}-{}-{}",
        year.cast(pl.String).str.zfill(4),
        parts.struct.field("2").str.zfill(2),
        parts.struct.field("1").str.zfill(2),
    )
    return pl.when(year >= 1).then(iso.str.to_date("%Y-%m-%d", strict=False))


def _amount(text: pl.Expr) -> pl.Expr:
    """`15060`, `15,060.00`: the number."""
    import polars as pl

    return text.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)


def _cells_plain(columns: _Columns) -> pl.Expr:
    """Every cell of the row in a shape the columns settle: an ID with its check digit, text
    with nothing to repair or flag, no spreadsheet error."""
    import polars as pl

    digits = columns.id_digits()
    checks = [
        columns.raw("national_id").str.contains(_ID),  # then its digits are ASCII, a byte each
        digits.str.len_bytes() == 13,
        _check_digit_ok(digits),
        *(columns.of_each(f, plain_text, pl.Boolean) for f in TEXT_COLUMNS if columns.has(f)),
        *(
            ~columns.raw(f).str.starts_with("#").fill_null(False)
            for f in columns.layout.columns
            if columns.has(f)
        ),
    ]
    return pl.all_horizontal(checks).fill_null(False)


def _record_possible(ctx: RowContext, provinces: set[str]) -> pl.Expr:
    """checks.record_problems finds nothing in the row's values, and its LAO is known."""
    import polars as pl

    title, gender, stated = pl.col("title"), pl.col("gender"), pl.col("stated_gender")
    checks = [
        title != "",
        pl.col("first_name").str.contains(_NAME),
        pl.col("last_name").str.contains(_NAME),
        stated.is_null() | gender.is_null() | (stated == gender),
        pl.col("personnel_type").is_in(list(CANONICAL_TYPES)),
        pl.col("position") != "",
        pl.col("salary").is_not_null(),
        pl.col("org_code").is_in(sorted(provinces)),
        _dates_possible(ctx),
    ]
    return pl.all_horizontal(checks).fill_null(False)


def _check_digit_ok(nid: pl.Expr) -> pl.Expr:
    """Of 13 ASCII digits (the caller's other checks): the 13th is the check digit of the first
    12 (stdnum.th.pin); null for text of another length. Each digit is its byte less 48."""
    import polars as pl

    codes = nid.cast(pl.Binary).bin.reinterpret(dtype=pl.Array(pl.UInt8, 13))
    digit = [codes.arr.get(i).cast(pl.Int32) - 48 for i in range(13)]
    total = pl.sum_horizontal(d * (13 - i) for i, d in enumerate(digit[:12]))
    return ((11 - total % 11) % 10) == digit[12]


def _dates_possible(ctx: RowContext) -> pl.Expr:
    """checks.record_problems on the dates: both readable where given, none in the future,
    appointed at 18 or older (in service today, so 18 today when no date is given), not past
    retirement."""
    import polars as pl

    today = ctx.today
    birth, appointed = pl.col("birth_date"), pl.col("appointed_on")
    appointed_ok = ~pl.col("appointed_given") | appointed.is_not_null()
    since = pl.coalesce(appointed, pl.lit(today))
    age = (
        since.dt.year()
        - birth.dt.year()
        - (_day_of_year(since) < _day_of_year(birth)).cast(pl.Int32)
    )
    retires = birth.dt.year() + 60 + (birth.dt.month() >= 10).cast(pl.Int32)
    return (
        birth.is_not_null()
        & appointed_ok
        & (birth <= pl.lit(today))
        & (appointed.is_null() | (appointed <= pl.lit(today)))
        & (age >= 18)
        & (
            (retires > today.year)
            | ((retires == today.year) & pl.lit((today.month, today.day) <= (9, 30)))
        )
    )


def _day_of_year(day: pl.Expr) -> pl.Expr:
    """(month, day) as one number that sorts as they do."""
    import polars as pl

    return day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32)


def _record_columns() -> list[pl.Expr]:
    """The staged row after its place: ID, `ok`, then the record, dates as ISO text."""
    import polars as pl

    from lhrctl.schemas.staff import FIELDS

    dates = ("birth_date", "appointed_on")
    return [
        pl.col("national_id"),
        pl.lit(1).alias("ok"),
        *(
            pl.col(f).cast(pl.String) if f in dates else pl.col(f)
            for f in FIELDS
            if f != "national_id"
        ),
    ]
