"""What `lhrctl validate` reports of a checked file or of stored records: kept apart from the
stored records' checks, so that checking a file loads nothing of the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lhrctl.staff_files.rules import Finding, FindingCounts


@dataclass(frozen=True)
class ValidationReport:
    """What `lhrctl validate` reports of a checked file or of stored records."""

    name: str  # the file's name, or the scope of stored records
    org_code: str | None
    rows: int
    errors: int
    warnings: int
    findings: list[Finding]  # all of them
    limit: int  # how many are reported
    failing: int  # the findings at or above --fail-on

    @property
    def truncated(self) -> bool:
        return len(self.findings) > self.limit

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "valid": self.failing == 0,
            "stats": {
                "rows": self.rows,
                "errors": self.errors,
                "warnings": self.warnings,
                "truncated": self.truncated,
            },
            "findings": [f.as_dict(lang) for f in self.findings[: self.limit]],
        }


FAIL_ON = ("error", "warning")


def validation_report(
    checked: FindingCounts, name: str, org_code: str | None, *, rows: int, limit: int, fail_on: str
) -> ValidationReport:
    failing = checked.errors if fail_on == "error" else len(checked.findings)
    return ValidationReport(
        name, org_code, rows, checked.errors, checked.warnings, checked.findings, limit, failing
    )
