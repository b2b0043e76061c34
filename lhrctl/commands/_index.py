"""The top-level commands: where each is made and what it does. `lhrctl --help` lists them
from here without importing one; a command's module is imported when it runs or shows its own
help (cli.LhrGroup), so starting lhrctl costs what the command used needs, not all of them."""

from __future__ import annotations

from typing import NamedTuple


class TopCommand(NamedTuple):
    module: str  # under lhrctl.commands
    attribute: str  # the module's Typer group, or the function of a single command
    help: str  # its help (help_th has the Thai): the one place it is written


COMMANDS = {
    "init": TopCommand(
        "init",
        "init",
        "Create or upgrade the database schema, seal the audit log (making its key file on first "
        "use); on an empty database, enrol the first DLA admin. Prompts (one line each from "
        "stdin when it is not a terminal): new password, repeat.",
    ),
    "passwd": TopCommand(
        "user",
        "passwd",
        "Set your password: the first time with your card and enrolment code, later to change "
        "it. Prompts (one line each from stdin when it is not a terminal): first time — "
        "enrolment code, new password, repeat; later — current password, new password, repeat.",
    ),
    "whoami": TopCommand(
        "user", "whoami", "Tap a card: whose it is, and the role and scope of their account."
    ),
    "validate": TopCommand(
        "validate",
        "validate",
        "Check a staff file (no database, no sign-in), or the stored records of an LAO, a "
        "province or the whole country (read-only, no card: for nightly scripts); exit 1 on "
        "findings.",
    ),
    "rules": TopCommand(
        "validate", "rules", "List the validation rules: stable codes, levels, what each checks."
    ),
    "inspect": TopCommand(
        "inspect",
        "inspect",
        "Show how lhrctl reads staff files: each sheet's header, the field each column became "
        "and why, sample values, the LAO and personnel type found, rows that are no person's, "
        "the encoding. No database, no sign-in.",
    ),
    "serve": TopCommand(
        "serve",
        "serve",
        "Serve the lhrctl API: it holds the database and the audit key, signs officers in and "
        "checks every request. Workstations use it with `--server URL` (or LHR_SERVER).",
    ),
    "import": TopCommand("import_", "app", "Import the LAO registry and staff records."),
    "org": TopCommand("org", "app", "LAOs of the DLA registry."),
    "user": TopCommand("user", "app", "Operator accounts."),
    "staff": TopCommand("staff", "app", "Staff records."),
    "audit": TopCommand("audit", "app", "The audit log of privileged actions."),
    "card": TopCommand("card", "app", "Smart-card reader diagnostics."),
    "round": TopCommand("round", "app", "Certification rounds."),
    "certify": TopCommand(
        "certify",
        "app",
        "Certify an LAO's data (LAO level, then province level), send it back, check it.",
    ),
    "transfer": TopCommand("transfer", "app", "Transfer a person's record to another LAO."),
    "registrar": TopCommand("registrar", "app", "Each LAO's registrar and registry officer."),
    "report": TopCommand("report", "app", "Reports."),
    "plan": TopCommand("plan", "app", "The three-year manpower plan of an LAO."),
    "conference": TopCommand("conference", "app", "Book a teleconference room."),
}
