"""LaoRegistry: the LAOs and provinces of DLA's registry, with the history of their changes.

A newer registry never deletes: an LAO renamed or upgraded keeps its code, its old entry goes to
`lao_version` with the dates it was valid, and an LAO missing from the newer file (merged,
dissolved) gets a `valid_to` date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import insert
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from lhrctl import db
from lhrctl.errors import UsageError
from lhrctl.registry_file import LAO_TYPES, TYPE_PREFIX, LaoEntry
from lhrctl.schemas.tables import Lao, LaoVersion, Province
from lhrctl.services.access import DLA_ADMIN, Operator, require_role
from lhrctl.services.actions import privileged

TRACKED = ("type", "name", "district", "province_code")


def display_name(lao_type: str, name: str) -> str:
    """อบต.น้ำเลา, เทศบาลตำบลร้องกวาง, เมืองพัทยา."""
    return TYPE_PREFIX.get(lao_type, "") + name


def names_of(conn: Connection, codes: Iterable[str]) -> dict[str, str]:
    """The display name of each of these LAOs, by code (one not in the registry is left out):
    with its type, since a district may have an อบต. and a เทศบาลตำบล of one name."""
    lao = Lao.__table__  # type: ignore[attr-defined]
    found = conn.execute(
        select(lao.c.code, lao.c.type, lao.c.name).where(lao.c.code.in_(list(codes)))
    )
    return {code: display_name(kind, name) for code, kind, name in found}


def parse_lao_type(value: str) -> str:
    """A type as canonical name (`sao`) or DLA's Thai label (`อบต.`)."""
    if value in TYPE_PREFIX:
        return value
    if value in LAO_TYPES:
        return LAO_TYPES[value]
    if value + "." in LAO_TYPES:
        return LAO_TYPES[value + "."]
    raise UsageError(
        f"Unknown LAO type {value!r}; use one of {', '.join(TYPE_PREFIX)}.",
        f"ไม่รู้จักประเภท อปท. {value!r} ใช้ได้: {', '.join(LAO_TYPES)}",
    )


@dataclass(frozen=True)
class RegistryChanges:
    source: str
    new: int
    changed: int
    retired: int
    unchanged: int
    as_of: date


@dataclass(frozen=True)
class LaoView:
    code: str
    type: str
    name: str
    display_name: str
    district: str
    province_code: str
    province_name: str
    valid_from: date
    valid_to: date | None

    @property
    def active(self) -> bool:
        return self.valid_to is None

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"active": self.active}


def import_registry(
    engine: Engine, operator: Operator, entries: list[LaoEntry], source: str, as_of: date
) -> RegistryChanges:
    with privileged(engine, operator.national_id, "import_orgs", source) as action:
        require_role(
            operator,
            DLA_ADMIN,
            action_en="import the LAO registry",
            action_th="นำเข้าทะเบียน อปท.",
        )
        changes = _apply(action.session, entries, source, as_of)
        action.details.update(
            new=changes.new,
            changed=changes.changed,
            retired=changes.retired,
            unchanged=changes.unchanged,
            as_of=as_of.isoformat(),
        )
        return changes


def _apply(session: Session, entries: list[LaoEntry], source: str, as_of: date) -> RegistryChanges:
    _apply_provinces(session, entries)
    current = {lao.code: lao for lao in session.exec(select(Lao))}
    new_rows: list[dict[str, object]] = []
    changed = unchanged = 0
    for entry in entries:
        lao = current.pop(entry.code, None)
        if lao is None:
            new_rows.append(_new_row(entry, as_of))
        elif lao.valid_to is None and all(getattr(lao, f) == getattr(entry, f) for f in TRACKED):
            unchanged += 1
        else:
            _supersede(session, lao, as_of)
            for f in TRACKED:
                setattr(lao, f, getattr(entry, f))
            lao.valid_from, lao.valid_to = as_of, None
            session.add(lao)
            changed += 1
    retired = _retire(session, current.values(), as_of)
    if new_rows:
        session.execute(insert(Lao), new_rows)
    return RegistryChanges(source, len(new_rows), changed, retired, unchanged, as_of)


def _apply_provinces(session: Session, entries: list[LaoEntry]) -> None:
    """New provinces added, renamed ones renamed."""
    provinces = {p.code: p for p in session.exec(select(Province))}
    for entry in entries:
        province = provinces.get(entry.province_code)
        if province is None:
            provinces[entry.province_code] = province = Province(
                code=entry.province_code, name=entry.province_name
            )
            session.add(province)
        elif province.name != entry.province_name and entry.province_name:
            province.name = entry.province_name
            session.add(province)
    session.flush()


def _new_row(entry: LaoEntry, as_of: date) -> dict[str, object]:
    return dict(
        code=entry.code,
        type=entry.type,
        name=entry.name,
        district=entry.district,
        province_code=entry.province_code,
        valid_from=as_of,
        valid_to=None,
    )


def _retire(session: Session, gone: Iterable[Lao], as_of: date) -> int:
    """LAOs in the database but not in the newer registry leave it as of that date."""
    retired = 0
    for lao in gone:
        if lao.valid_to is None:
            lao.valid_to = as_of
            session.add(lao)
            retired += 1
    return retired


def _supersede(session: Session, lao: Lao, as_of: date) -> None:
    end = lao.valid_to or as_of
    session.add(
        LaoVersion(
            code=lao.code,
            type=lao.type,
            name=lao.name,
            district=lao.district,
            province_code=lao.province_code,
            valid_from=lao.valid_from,
            valid_to=end,
        )
    )


def _view(lao: Lao, province_name: str) -> LaoView:
    return LaoView(
        code=lao.code,
        type=lao.type,
        name=lao.name,
        display_name=display_name(lao.type, lao.name),
        district=lao.district,
        province_code=lao.province_code,
        province_name=province_name,
        valid_from=lao.valid_from,
        valid_to=lao.valid_to,
    )


def list_laos(
    engine: Engine,
    *,
    province: str | None = None,
    lao_type: str | None = None,
    include_retired: bool = False,
) -> list[LaoView]:
    with db.session(engine, read_only=True) as session:
        if province is not None:
            require_province(session, province)
        query = select(Lao, Province.name).join(Province).order_by(col(Lao.code))
        if province is not None:
            query = query.where(Lao.province_code == province)
        if lao_type is not None:
            query = query.where(Lao.type == lao_type)
        if not include_retired:
            query = query.where(col(Lao.valid_to).is_(None))
        return [_view(lao, pname) for lao, pname in session.exec(query)]


@dataclass(frozen=True)
class LaoVersionView:
    type: str
    name: str
    display_name: str
    district: str
    province_code: str
    valid_from: date
    valid_to: date


@dataclass(frozen=True)
class LaoWithHistory:
    lao: LaoView
    versions: list[LaoVersionView]  # its earlier entries, oldest first

    def as_dict(self) -> dict[str, object]:
        return self.lao.as_dict() | {"history": [asdict(v) for v in self.versions]}


def get_lao(engine: Engine, code: str) -> LaoWithHistory:
    with db.session(engine, read_only=True) as session:
        lao = require_lao(session, code)
        province = session.get(Province, lao.province_code)
        versions = session.exec(
            select(LaoVersion).where(LaoVersion.code == code).order_by(col(LaoVersion.id))
        ).all()
        history = [
            LaoVersionView(
                type=v.type,
                name=v.name,
                display_name=display_name(v.type, v.name),
                district=v.district,
                province_code=v.province_code,
                valid_from=v.valid_from,
                valid_to=v.valid_to,
            )
            for v in versions
        ]
        return LaoWithHistory(_view(lao, province.name if province else ""), history)


def require_lao(session: Session, code: str) -> Lao:
    lao = session.get(Lao, code)
    if lao is None:
        hint = "LAO codes have 7 digits, e.g. 6540206." if len(code) != 7 else None
        raise UsageError(
            f"Unknown LAO code {code!r}: it is not in the registry.",
            f"ไม่พบรหัส อปท. {code!r} ในทะเบียน",
            hint_en=hint or "Find the code with `lhrctl org list --province NN`.",
            hint_th="ค้นหารหัสด้วย `lhrctl org list --province NN`",
        )
    return lao


def require_province(session: Session, code: str) -> Province:
    province = session.get(Province, code)
    if province is None:
        raise UsageError(
            f"Unknown province code {code!r}.",
            f"ไม่พบรหัสจังหวัด {code!r}",
            hint_en="Province codes have 2 digits, e.g. 54 for Phrae; "
            "is the registry imported (`lhrctl import orgs`)?",
            hint_th="รหัสจังหวัดมี 2 หลัก เช่น 54 แพร่ และต้องนำเข้าทะเบียน อปท. ก่อน",
        )
    return province
