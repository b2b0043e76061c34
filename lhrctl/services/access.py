"""Who may do what: the signed-in operator, roles and scopes."""

from __future__ import annotations

from dataclasses import dataclass

from lhrctl.errors import NotAllowed

DLA_ADMIN = "dla_admin"
PROVINCE_OFFICER = "province_officer"
LAO_REGISTRAR = "lao_registrar"
LAO_OFFICER = "lao_officer"
ROLES = (DLA_ADMIN, PROVINCE_OFFICER, LAO_REGISTRAR, LAO_OFFICER)
LAO_ROLES = (LAO_REGISTRAR, LAO_OFFICER)

ROLE_NAMES_TH = {
    DLA_ADMIN: "ผู้ดูแลระบบ สถ.",
    PROVINCE_OFFICER: "เจ้าหน้าที่ สถจ.",
    LAO_REGISTRAR: "นายทะเบียนประวัติ อปท.",
    LAO_OFFICER: "เจ้าหน้าที่ทะเบียนประวัติ อปท.",
}


@dataclass(frozen=True)
class Operator:
    """The person signed in for this command: their card was read and their password checked."""

    account_id: int
    national_id: str
    name: str
    role: str
    scope: str | None  # a province code for province officers, an LAO code for LAO roles

    def covers_province(self, province_code: str) -> bool:
        if self.role == DLA_ADMIN:
            return True
        if self.role == PROVINCE_OFFICER:
            return self.scope == province_code
        return False

    def covers_lao(self, lao_code: str, province_code: str) -> bool:
        if self.role in LAO_ROLES:
            return self.scope == lao_code
        return self.covers_province(province_code)


def require_role(operator: Operator, *roles: str, action_en: str, action_th: str) -> None:
    if operator.role not in roles:
        allowed = ", ".join(roles)
        raise NotAllowed(
            f"Your role ({operator.role}) may not {action_en}; that needs: {allowed}.",
            f"บทบาทของท่าน ({ROLE_NAMES_TH.get(operator.role, operator.role)}) ไม่มีสิทธิ์{action_th}",
            hint_en="Ask a DLA administrator if you need this right.",
            hint_th="ติดต่อผู้ดูแลระบบ สถ. หากต้องการสิทธิ์นี้",
        )


def out_of_scope(operator: Operator, target_en: str, target_th: str) -> NotAllowed:
    return NotAllowed(
        f"{target_en} is outside your scope ({operator.role} of {operator.scope}).",
        f"{target_th} อยู่นอกขอบเขตสิทธิ์ของท่าน ({operator.scope})",
    )
