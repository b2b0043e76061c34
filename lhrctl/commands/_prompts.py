"""Prompts that people and scripts can both answer.

On a terminal a secret is asked with hidden input; otherwise one line is read from stdin, so
scripts and tests pipe the answers in the documented order. Never from an argument or a variable.
"""

from __future__ import annotations

import sys

import typer

from lhrctl.commands._context import AppState
from lhrctl.errors import UsageError

SECRET_LABELS = {
    "password": ("Password", "รหัสผ่าน"),
    "enrolment_code": ("Enrolment code", "รหัสลงทะเบียน"),
    "current_password": ("Current password", "รหัสผ่านปัจจุบัน"),
    "password_or_enrolment_code": (
        "Current password (the first time: your enrolment code)",
        "รหัสผ่านปัจจุบัน (ครั้งแรก: รหัสลงทะเบียน)",
    ),
    "new_password": ("New password", "รหัสผ่านใหม่"),
    "repeat_password": ("Repeat the new password", "ยืนยันรหัสผ่านใหม่"),
    "meeting_pin": ("Meeting PIN (4 or more digits)", "PIN การประชุม (อย่างน้อย 4 หลัก)"),
}


def terminal() -> bool:
    """Whether a person answers at a terminal (else: a script's piped lines)."""
    return sys.stdin.isatty()


def ask_secret(state: AppState, key: str) -> str:
    en, th = SECRET_LABELS[key]
    label = state.ui.t(en, th)
    if terminal():
        return str(typer.prompt(label, hide_input=True, err=True))
    line = sys.stdin.readline()
    if not line:
        raise UsageError(
            f"No answer for the prompt '{en}': standard input is closed.",
            f"ไม่มีคำตอบสำหรับ '{th}' (ไม่มีข้อมูลทางช่องรับข้อมูลมาตรฐาน)",
            hint_en="Run the command at a terminal, or pipe the answers in, one per line.",
            hint_th="สั่งงานที่เทอร์มินัล หรือส่งคำตอบทางช่องรับข้อมูลทีละบรรทัด",
        )
    return line.rstrip("\r\n")


def confirm(state: AppState, en: str, th: str, *, yes: bool) -> None:
    """Ask before a change; `--yes` answers for scripts. No terminal and no --yes: exit 2."""
    if yes:
        return
    if not terminal():
        raise UsageError(
            "This command asks for confirmation and there is no terminal to ask at.",
            "คำสั่งนี้ต้องยืนยันก่อนทำงาน แต่ไม่มีเทอร์มินัลให้ตอบ",
            hint_en="Add --yes to confirm in a script.",
            hint_th="เพิ่ม --yes เพื่อยืนยันในสคริปต์",
        )
    if not typer.confirm(state.ui.t(en, th), err=True):
        raise UsageError("Cancelled: nothing was changed.", "ยกเลิกแล้ว ไม่มีการเปลี่ยนแปลง")
