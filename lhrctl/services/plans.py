"""The three-year manpower plan (แผนอัตรากำลัง 3 ปี): an LAO's plan for a cycle, imported as a
version (the original, then each amendment), shown, and checked against the LAO's people and
the 40 % limit on personnel costs (Local Personnel Administration Act B.E. 2542, s. 35).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.engine import Connection, Engine

from lhrctl import db
from lhrctl.errors import Conflict, Findings, NotAllowed, UsageError
from lhrctl.labels import PLAN_STATES
from lhrctl.schemas.plans import ManpowerPlan, PlanLine
from lhrctl.schemas.tables import Lao, Staff
from lhrctl.services.access import (
    DLA_ADMIN,
    LAO_ROLES,
    PROVINCE_OFFICER,
    Operator,
    out_of_scope,
    require_role,
)
from lhrctl.services.actions import privileged
from lhrctl.services.certification import lock_lao
from lhrctl.services.clock import utcnow
from lhrctl.services.laos import display_name, names_of
from lhrctl.services.staff_uploads import Upload, saved
from lhrctl.staff_files.checks import retirement_date
from lhrctl.staff_files.plan_file import LINE_FIELDS, PlanFile, read_plan_file
from lhrctl.staff_files.rules import ERROR, Finding, FindingCounts
from lhrctl.thai import be_year

_PLAN = ManpowerPlan.__table__  # type: ignore[attr-defined]
_LINE = PlanLine.__table__  # type: ignore[attr-defined]
_STAFF = Staff.__table__  # type: ignore[attr-defined]
_LAO = Lao.__table__  # type: ignore[attr-defined]
_CYCLE = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")
FIRST_CYCLE = 2564  # cycles run 2564-2566, 2567-2569, 2570-2572, …
DEFAULT_RAISE = 6.0  # percent a year: DOMAIN's common assumption, an officer's parameter
LIMIT, CAUTION = 0.40, 0.35  # of the annual budget (s. 35), and the level a plan is warned at


def parse_cycle(text: str) -> tuple[int, int, int]:
    """`2570-2572` → (2570, 2571, 2572): three fiscal years of the Buddhist Era."""
    match = _CYCLE.match(text)
    if match is None or int(match[2]) != int(match[1]) + 2 or int(match[1]) < 2500:
        raise UsageError(
            f"--cycle {text!r}: give three fiscal years of the Buddhist Era, e.g. 2570-2572.",
            f"--cycle {text!r}: ระบุปีงบประมาณ พ.ศ. สามปี เช่น 2570-2572",
        )
    first = int(match[1])
    return first, first + 1, first + 2


def fiscal_year(day: date) -> int:
    """The Thai fiscal year (1 October - 30 September) of a day, Buddhist Era."""
    return be_year(day.year) + (1 if day.month >= 10 else 0)


def current_cycle(day: date) -> tuple[int, int, int]:
    first = FIRST_CYCLE + (fiscal_year(day) - FIRST_CYCLE) // 3 * 3
    return first, first + 1, first + 2


def cycle_text(cycle: tuple[int, int, int]) -> str:
    return f"{cycle[0]}-{cycle[2]}"


@dataclass(frozen=True)
class PlanSummary:
    """A version of a plan as `plan show` prints it."""

    org_code: str
    lao_name: str | None
    cycle: str
    version: int
    state: str
    reason: str | None
    budgets: list[float | None]
    lines: list[dict[str, Any]]
    source: str | None
    return_reason: str | None


@dataclass(frozen=True)
class PlanImport:
    """One `plan import` as the officer sees it."""

    file: str
    org_code: str
    cycle: str
    rows: int
    lines: int
    rejected: int
    version: int | None  # the version written; None: nothing was
    findings: list[Finding] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return self.version is not None

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "file": self.file, "org_code": self.org_code, "cycle": self.cycle, "rows": self.rows,
            "lines": self.lines, "rejected": self.rejected, "version": self.version,
            "findings": [f.as_dict(lang) for f in self.findings],
        }  # fmt: skip


def import_plan(
    engine: Engine,
    operator: Operator,
    files: list[Upload],
    *,
    org: str,
    cycle: str,
    amendment: str | None = None,
    today: date,
) -> PlanImport:
    """The workbook as the plan's draft: a new plan's version 1, the draft or returned version
    again, or (`amendment`, once a version is approved) a new version. All or nothing."""
    years = parse_cycle(cycle)
    if len(files) != 1:
        raise UsageError("A plan is one workbook.", "แผนหนึ่งฉบับคือไฟล์เดียว")
    with saved(files) as paths:
        found = read_plan_file(paths[0], years)
    name = paths[0].name  # the officer's name for it, without their folders
    with privileged(engine, operator.national_id, "plan_import", org) as action:
        conn = action.session.connection()
        _may_plan(conn, operator, org)
        # the rows to fix: a finding of the file (no lines, not a plan) is in none
        rejected = len({(f.sheet, f.row) for f in found.findings if f.severity == ERROR and f.row})
        outcome = PlanImport(name, org, cycle_text(years), found.rows, len(found.lines), rejected,
                             None, found.findings)  # fmt: skip
        action.details.update(cycle=outcome.cycle, rows=found.rows, errors=found.errors)
        if found.errors:
            action.outcome = "rejected"
            return outcome
        plan_id, version = _draft_for(conn, operator, org, outcome.cycle, amendment)
        _write_plan(conn, plan_id, found, name)
        action.details.update(version=version, lines=len(found.lines))
        return replace(outcome, version=version)


def _may_plan(conn: Connection, operator: Operator, org: str) -> None:
    """The LAO's registry row locked for this transaction, if the operator may plan for it."""
    require_role(operator, *LAO_ROLES, DLA_ADMIN, action_en="import a manpower plan",
                 action_th="นำเข้าแผนอัตรากำลัง")  # fmt: skip
    _covered_lao(conn, operator, org)


def _latest(conn: Connection, org: str, cycle: str) -> Any:
    return conn.execute(
        select(_PLAN)
        .where(_PLAN.c.org_code == org, _PLAN.c.cycle == cycle)
        .order_by(_PLAN.c.version.desc())
        .limit(1)
    ).first()


def _draft_for(
    conn: Connection, operator: Operator, org: str, cycle: str, amendment: str | None
) -> tuple[int, int]:
    """(plan id, version) the import writes: the open draft, or a new version."""
    latest = _latest(conn, org, cycle)
    _refuse_change(latest, org, cycle, amendment)
    if latest is not None and latest.state in ("draft", "returned"):
        reason = amendment if amendment is not None else latest.reason
        conn.execute(
            _PLAN.update().where(_PLAN.c.id == latest.id).values(state="draft", reason=reason)
        )
        return latest.id, latest.version
    version = 1 if latest is None else latest.version + 1
    created = conn.execute(
        insert(_PLAN).values(
            org_code=org, cycle=cycle, version=version, reason=amendment, state="draft",
            created_at=utcnow(), created_by=operator.national_id,
        )
    )  # fmt: skip
    return int(created.inserted_primary_key[0]), version  # type: ignore[index]


def _refuse_change(latest: Any, org: str, cycle: str, amendment: str | None) -> None:
    """A version with the province, an approved one without an amendment, or an amendment of
    nothing: refused."""
    if latest is not None and latest.state == "submitted":
        raise Conflict(
            f"The plan {cycle} of LAO {org} (version {latest.version}) is with the province; "
            "it cannot change until it is returned or approved.",
            f"แผน {cycle} ของ อปท. {org} (ฉบับที่ {latest.version}) อยู่ระหว่างการพิจารณาของจังหวัด "
            "จึงแก้ไขไม่ได้จนกว่าจะส่งคืนหรืออนุมัติ",
        )
    if latest is not None and latest.state == "approved" and amendment is None:
        raise NotAllowed(
            f"The plan {cycle} of LAO {org} is approved (version {latest.version}) and stays as "
            "it is; an amendment starts a new version.",
            f"แผน {cycle} ของ อปท. {org} อนุมัติแล้ว (ฉบับที่ {latest.version}) แก้ไขไม่ได้ "
            "การแก้ไขแผนต้องเริ่มฉบับใหม่",
            hint_en="Import it with --amendment REASON.",
            hint_th="นำเข้าพร้อม --amendment เหตุผล",
        )
    if latest is None and amendment is not None:
        raise UsageError(
            f"LAO {org} has no plan {cycle} to amend: import the original without --amendment.",
            f"อปท. {org} ยังไม่มีแผน {cycle} ให้แก้ไข นำเข้าแผนฉบับแรกโดยไม่ใส่ --amendment",
        )


def _write_plan(conn: Connection, plan_id: int, found: PlanFile, source: str) -> None:
    budgets = {f"budget_{year}": found.budgets.get(year) for year in (1, 2, 3)}
    conn.execute(_PLAN.update().where(_PLAN.c.id == plan_id).values(**budgets, source=source[:300]))
    conn.execute(delete(_LINE).where(_LINE.c.plan_id == plan_id))
    if found.lines:
        conn.execute(insert(_LINE), [{"plan_id": plan_id, **line.values} for line in found.lines])


def _plan_version(conn: Connection, org: str, cycle: str) -> Any:
    latest = _latest(conn, org, cycle)
    if latest is None:
        raise UsageError(
            f"LAO {org} has no manpower plan for {cycle}.",
            f"อปท. {org} ยังไม่มีแผนอัตรากำลังรอบ {cycle}",
            hint_en=f"Import one with `lhrctl plan import FILE --org {org} --cycle {cycle}`.",
            hint_th=f"นำเข้าด้วย `lhrctl plan import ไฟล์ --org {org} --cycle {cycle}`",
        )
    return latest


def _lines(conn: Connection, plan_id: int) -> list[dict[str, Any]]:
    return _lines_of(conn, _LINE.c.plan_id == plan_id).get(plan_id, [])


def _lines_of(conn: Connection, which: ColumnElement[bool]) -> dict[int, list[dict[str, Any]]]:
    """The lines of the plans `which` holds for, by plan, in one query."""
    columns = [_LINE.c[f] for f in LINE_FIELDS]
    query = select(_LINE.c.plan_id, *columns).where(which)
    found: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute(query.order_by(_LINE.c.plan_id, _LINE.c.id)).mappings():
        found.setdefault(row["plan_id"], []).append({f: row[f] for f in LINE_FIELDS})
    return found


def show_plan(engine: Engine, *, org: str, cycle: str | None = None, today: date) -> PlanSummary:
    """The latest version of the LAO's plan for the cycle (default: the current one)."""
    text = cycle_text(parse_cycle(cycle) if cycle else current_cycle(today))
    with db.connect(engine, read_only=True) as conn:
        plan = _plan_version(conn, org, text)
        return PlanSummary(
            org, names_of(conn, [org]).get(org), text, plan.version,
            plan.state, plan.reason, [plan.budget_1, plan.budget_2, plan.budget_3],
            _lines(conn, plan.id), plan.source, plan.return_reason,
        )  # fmt: skip


@dataclass(frozen=True)
class YearCost:
    """One year of the cycle: its personnel cost and the cost's share of the budget."""

    year: int  # fiscal year, Buddhist Era
    people: int  # on staff that year (not yet past retirement)
    salaries: float  # their salaries for the year, raised each year
    added_posts: int  # the posts the plan wants beyond the people in them
    added_cost: float  # those posts for the year, at their budgeted salary
    benefits: float  # the other benefits the plan budgets for every post it wants
    cost: float
    budget: float | None
    ratio: float | None  # cost / budget


@dataclass(frozen=True)
class DivisionCost:
    division: str
    year: int
    people: int
    added_posts: int
    cost: float


@dataclass
class PlanCheck(FindingCounts):
    org_code: str
    cycle: str
    version: int
    state: str
    raise_percent: float
    years: list[YearCost] = field(default_factory=list)
    divisions: list[DivisionCost] = field(default_factory=list)
    retiring: dict[int, int] = field(
        default_factory=dict
    )  # fiscal year -> people who leave at its end
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "org_code": self.org_code, "cycle": self.cycle, "version": self.version,
            "state": self.state, "raise_percent": self.raise_percent,
            "years": [y.__dict__ for y in self.years],
            "divisions": [d.__dict__ for d in self.divisions],
            "retiring": {str(k): v for k, v in self.retiring.items()},
            "errors": self.errors, "warnings": self.warnings,
            "findings": [f.as_dict(lang) for f in self.findings],
        }  # fmt: skip


@dataclass
class _Person:
    national_id: str
    personnel_type: str
    position: str
    level: str | None
    division: str | None
    salary: float
    leaves: int  # the fiscal year at whose end they reach the end of service
    line: int | None = None  # the plan's line they hold


def check_plan(
    engine: Engine,
    *,
    org: str,
    cycle: str | None = None,
    raise_percent: float = DEFAULT_RAISE,
    today: date,
) -> PlanCheck:
    """The plan against the LAO's people: vacancies, people outside the plan or beyond its
    posts, retirements within the cycle, and each year's personnel cost against its budget."""
    years = parse_cycle(cycle) if cycle else current_cycle(today)
    with db.connect(engine, read_only=True) as conn:
        plan = _plan_version(conn, org, cycle_text(years))
        return plan_findings(conn, plan, _lines(conn, plan.id), years, raise_percent, today)


def plan_findings(
    conn: Connection,
    plan: Any,
    lines: list[dict[str, Any]],
    years: tuple[int, int, int],
    raise_percent: float,
    today: date,
    people: list[_Person] | None = None,
) -> PlanCheck:
    """The check of a version of a plan, on a connection of the caller's (`submit` checks
    within its own transaction). `people`: the LAO's staff, when the caller read them."""
    people = _people(conn, plan.org_code) if people is None else people
    result = PlanCheck(plan.org_code, cycle_text(years), plan.version, plan.state, raise_percent)
    _match(people, lines)
    result.findings += _framework_findings(plan.org_code, people, lines)
    for person in people:
        if person.leaves in years:
            result.retiring[person.leaves] = result.retiring.get(person.leaves, 0) + 1
            result.findings.append(Finding("LHR814", plan.org_code, None, "position",
                                           person.position, str(person.leaves), person.national_id))  # fmt: skip
    budgets = [plan.budget_1, plan.budget_2, plan.budget_3]
    for k, year in enumerate(years, start=1):
        factor = (1 + raise_percent / 100) ** max(0, year - fiscal_year(today))
        cost, divisions, unpriced = _year_cost(people, lines, k, year, factor, budgets[k - 1])
        result.years.append(cost)
        result.divisions += divisions
        result.findings += [Finding("LHR818", plan.org_code, None, "salary", lines[j]["position"], str(year))
                            for j in unpriced]  # fmt: skip
        result.findings += _budget_findings(plan.org_code, cost)
    return result


_PERSON = (
    _STAFF.c.national_id, _STAFF.c.personnel_type, _STAFF.c.position, _STAFF.c.level,
    _STAFF.c.division, _STAFF.c.salary, _STAFF.c.birth_date,
)  # fmt: skip


def _people(conn: Connection, org: str) -> list[_Person]:
    return _people_of(conn, _STAFF.c.org_code == org).get(org, [])


def _people_of(conn: Connection, which: ColumnElement[bool]) -> dict[str, list[_Person]]:
    """The staff of the LAOs `which` holds for, by LAO, in one query."""
    query = select(_STAFF.c.org_code, *_PERSON).where(which)
    found: dict[str, list[_Person]] = {}
    for org, *row in conn.execute(query.order_by(_STAFF.c.org_code, _STAFF.c.national_id)):
        found.setdefault(org, []).append(_person(*row))
    return found


def _person(
    nid: str, kind: str, position: str, level: str | None, division: str | None,
    salary: float | None, born: date | None,
) -> _Person:  # fmt: skip
    never = 10_000  # no birth date: no retirement to plan for
    leaves = _leaves(born) if born else never
    return _Person(nid, kind, position, level, division, salary or 0.0, leaves)


def _leaves(born: date) -> int:
    """The fiscal year at whose end a person born then reaches the end of service."""
    return fiscal_year(retirement_date(born))


def _fits(person: _Person, line: dict[str, Any]) -> bool:
    return (
        line["position"] == person.position
        and line["personnel_type"] == person.personnel_type
        and line["level"] in (None, person.level)
    )


def _match(people: list[_Person], lines: list[dict[str, Any]]) -> None:
    """Each person to the line of their position and type (and level, where the line names
    one), the line of their own division first."""
    for person in people:
        fitting = [j for j, line in enumerate(lines) if _fits(person, line)]
        same = [j for j in fitting if lines[j]["division"] == person.division]
        person.line = (same or fitting)[0] if fitting else None


def _framework_findings(
    org: str, people: list[_Person], lines: list[dict[str, Any]]
) -> list[Finding]:
    found = [
        Finding("LHR812", org, None, "position", p.position, p.level or "-", p.national_id)
        for p in people
        if p.line is None
    ]
    for j, line in enumerate(lines):
        held = sum(1 for p in people if p.line == j)
        if held < line["framework"]:
            found.append(
                Finding(
                    "LHR811", org, None, "position", line["position"], str(line["framework"] - held)
                )
            )
        elif held > line["framework"]:
            found.append(
                Finding(
                    "LHR813", org, None, "position", line["position"], str(held - line["framework"])
                )
            )
    return found


def _post_salary(people: list[_Person], line: dict[str, Any]) -> float | None:
    """A post's monthly salary: the plan's, else the lowest of that position and level here."""
    if line["salary"] is not None:
        return float(line["salary"])
    paid = [p.salary for p in people if _fits(p, line) and p.salary]
    return min(paid) if paid else None


class _Divisions:
    """A year's cost, people and added posts by division."""

    def __init__(self) -> None:
        self.rows: dict[str, list[float]] = {}

    def charge(self, division: str | None, people: int, added: int, amount: float) -> None:
        row = self.rows.setdefault(division or "-", [0, 0, 0.0])
        row[0] += people
        row[1] += added
        row[2] += amount

    def costs(self, year: int) -> list[DivisionCost]:
        return [
            DivisionCost(d, year, int(v[0]), int(v[1]), v[2]) for d, v in sorted(self.rows.items())
        ]


def _year_cost(
    people: list[_Person],
    lines: list[dict[str, Any]],
    k: int,
    year: int,
    factor: float,
    budget: float | None,
) -> tuple[YearCost, list[DivisionCost], list[int]]:
    """Year `k` of the cycle: the people still in service paid 12 months at their salary raised
    by `factor`; each line's posts wanted beyond them at the post's salary; every post wanted
    with the benefits the plan budgets. Also the lines whose added posts have no salary."""
    serving = [p for p in people if p.leaves >= year]
    divisions = _Divisions()
    salaries = 0.0
    for p in serving:
        pay = p.salary * 12 * factor
        salaries += pay
        divisions.charge(lines[p.line]["division"] if p.line is not None else p.division, 1, 0, pay)
    added_posts, added_cost, benefits, unpriced = 0, 0.0, 0.0, []
    for j, line in enumerate(lines):
        added, extra, perks, priced = _line_cost(people, serving, j, line, k)
        if not priced:
            unpriced.append(j)
        added_posts += added
        added_cost += extra
        benefits += perks
        divisions.charge(line["division"], 0, added, extra + perks)
    cost = salaries + added_cost + benefits
    ratio = cost / budget if budget else None
    spent = YearCost(
        year, len(serving), salaries, added_posts, added_cost, benefits, cost, budget, ratio
    )
    return spent, divisions.costs(year), unpriced


def _line_cost(
    people: list[_Person], serving: list[_Person], j: int, line: dict[str, Any], k: int
) -> tuple[int, float, float, bool]:
    """(posts added, their cost, the benefits, whether the added posts have a salary)."""
    wanted = line[f"year_{k}"]
    added = max(0, wanted - sum(1 for p in serving if p.line == j))
    post = _post_salary(people, line)
    perks = wanted * (line["benefits"] or 0.0)
    return added, added * (post or 0.0) * 12, perks, not added or post is not None


def _budget_findings(org: str, cost: YearCost) -> list[Finding]:
    if cost.ratio is None:
        return [Finding("LHR817", org, None, "budget", None, str(cost.year))]
    share = f"{cost.ratio * 100:.2f}% ({cost.year})"
    if cost.ratio > LIMIT:
        return [Finding("LHR815", org, None, "budget", f"{cost.budget:,.2f}", share)]
    if cost.ratio > CAUTION:
        return [Finding("LHR816", org, None, "budget", f"{cost.budget:,.2f}", share)]
    return []


# ----------------------------------------------------------------------------- workflow

_STEPS = {  # step: (roles, the states it starts from, the state it leaves, English, Thai)
    "submit": (LAO_ROLES, ("draft", "returned"), "submitted", "submit a plan", "เสนอแผน"),
    "approve": ((PROVINCE_OFFICER, DLA_ADMIN), ("submitted",), "approved", "approve a plan",
                "อนุมัติแผน"),
    "return": ((PROVINCE_OFFICER, DLA_ADMIN), ("submitted",), "returned", "return a plan",
               "ส่งคืนแผน"),
}  # fmt: skip


def submit_plan(
    engine: Engine,
    operator: Operator,
    *,
    org: str,
    cycle: str | None = None,
    raise_percent: float = DEFAULT_RAISE,
    today: date,
) -> PlanSummary:
    """The LAO's registrar or officer sends the draft to the province: refused while `plan
    check` finds errors (a year above 40 % among them)."""
    return _step(engine, operator, "submit", org, cycle, today, raise_percent=raise_percent)


def approve_plan(
    engine: Engine, operator: Operator, *, org: str, cycle: str | None = None, today: date
) -> PlanSummary:
    """A province officer of the LAO's province, or a DLA admin, approves the submitted
    version: it is read-only from then on."""
    return _step(engine, operator, "approve", org, cycle, today)


def return_plan(
    engine: Engine,
    operator: Operator,
    *,
    org: str,
    reason: str,
    cycle: str | None = None,
    today: date,
) -> PlanSummary:
    """A province officer of the LAO's province, or a DLA admin, sends the submitted version
    back with the reason; the LAO amends it and submits it again."""
    return _step(engine, operator, "return", org, cycle, today, reason=reason)


def _step(
    engine: Engine,
    operator: Operator,
    step: str,
    org: str,
    cycle: str | None,
    today: date,
    *,
    raise_percent: float = DEFAULT_RAISE,
    reason: str | None = None,
) -> PlanSummary:
    roles, starts, ends, doing_en, doing_th = _STEPS[step]
    years = parse_cycle(cycle) if cycle else current_cycle(today)
    with privileged(engine, operator.national_id, f"plan_{step}", org) as action:
        conn = action.session.connection()
        require_role(operator, *roles, action_en=doing_en, action_th=doing_th)
        _covered_lao(conn, operator, org)
        plan = _plan_version(conn, org, cycle_text(years))
        action.details.update(cycle=cycle_text(years), version=plan.version)
        if plan.state not in starts:
            raise _wrong_state(plan, org, doing_en, doing_th)
        if step == "submit":
            _require_clean(conn, plan, years, raise_percent, today)
        conn.execute(
            _PLAN.update().where(_PLAN.c.id == plan.id).values(
                state=ends, decided_at=utcnow(), decided_by=operator.national_id,
                return_reason=reason if step == "return" else None,
            )
        )  # fmt: skip
        if reason:
            action.details.update(reason=reason)
    return show_plan(engine, org=org, cycle=cycle_text(years), today=today)


def _covered_lao(conn: Connection, operator: Operator, org: str) -> None:
    """The LAO's registry row locked for this transaction, if the operator's scope covers it."""
    lao = lock_lao(conn, org)
    if lao.valid_to is not None:  # gone from the registry: it plans nothing more
        raise UsageError(f"Unknown LAO code {org!r}.", f"ไม่พบรหัส อปท. {org!r}")
    if not operator.covers_lao(org, lao.province_code):
        raise out_of_scope(operator, f"LAO {org}", f"อปท. {org}")


def _wrong_state(plan: Any, org: str, doing_en: str, doing_th: str) -> Conflict:
    en, th = PLAN_STATES[plan.state]
    return Conflict(
        f"The plan {plan.cycle} of LAO {org} (version {plan.version}) is {en}: nobody can "
        f"{doing_en} in that state.",
        f"แผน {plan.cycle} ของ อปท. {org} (ฉบับที่ {plan.version}) มีสถานะ{th} จึง{doing_th}ไม่ได้",
    )


def _require_clean(
    conn: Connection, plan: Any, years: tuple[int, int, int], raise_percent: float, today: date
) -> None:
    checked = plan_findings(conn, plan, _lines(conn, plan.id), years, raise_percent, today)
    if checked.errors:
        raise Findings(
            f"The plan {plan.cycle} of LAO {plan.org_code} has {checked.errors} error(s); it "
            "goes to the province once they are fixed.",
            f"แผน {plan.cycle} ของ อปท. {plan.org_code} มีข้อผิดพลาด {checked.errors} รายการ "
            "แก้ไขก่อนเสนอจังหวัด",
            hint_en=f"See them with `lhrctl plan check --org {plan.org_code}`.",
            hint_th=f"ดูรายการด้วย `lhrctl plan check --org {plan.org_code}`",
        )


# ----------------------------------------------------------------------------- the province's view


@dataclass(frozen=True)
class PlanStanding:
    """An LAO's plan in a cycle as the province sees it: its state and each year's share."""

    org_code: str
    lao_name: str
    version: int
    state: str
    ratios: list[float | None]
    errors: int

    @property
    def over(self) -> bool:
        return any(r is not None and r > LIMIT for r in self.ratios)


def plans_report(
    engine: Engine,
    *,
    province: str | None = None,
    cycle: str | None = None,
    raise_percent: float = DEFAULT_RAISE,
    today: date,
) -> list[PlanStanding]:
    """Each LAO's latest plan of the cycle (in the province), those above 40 % first."""
    years = parse_cycle(cycle) if cycle else current_cycle(today)
    text = cycle_text(years)
    latest = (
        select(_PLAN.c.org_code, func.max(_PLAN.c.version).label("version"))
        .where(_PLAN.c.cycle == text)
        .group_by(_PLAN.c.org_code)
        .subquery()
    )
    query = (
        select(_PLAN, _LAO.c.type.label("lao_type"), _LAO.c.name.label("lao_name"))
        .join(
            latest, (latest.c.org_code == _PLAN.c.org_code) & (latest.c.version == _PLAN.c.version)
        )
        .join(_LAO, (_LAO.c.code == _PLAN.c.org_code) & _LAO.c.valid_to.is_(None))
        .where(_PLAN.c.cycle == text)
    )
    if province is not None:
        query = query.where(_LAO.c.province_code == province)
    found = []
    with db.connect(engine, read_only=True) as conn:  # lines and people a query each, not per LAO
        lines = _lines_of(conn, _LINE.c.plan_id.in_(query.with_only_columns(_PLAN.c.id)))
        people = _people_of(conn, _STAFF.c.org_code.in_(query.with_only_columns(_PLAN.c.org_code)))
        for plan in conn.execute(query).all():
            checked = plan_findings(
                conn, plan, lines.get(plan.id, []), years, raise_percent, today,
                people=people.get(plan.org_code, []),
            )  # fmt: skip
            found.append(PlanStanding(
                plan.org_code, display_name(plan.lao_type, plan.lao_name), plan.version,
                plan.state, [y.ratio for y in checked.years], checked.errors,
            ))  # fmt: skip
    return sorted(found, key=lambda s: (not s.over, -max((r or 0) for r in s.ratios), s.org_code))
