"""The command line itself in the officer's language: help screens and the parser's own errors.

Typer builds a new Click command tree on every run. Before it parses, `localise` rewrites that
tree for the chosen language: each help text from `help_th.HELP_TH` (keyed by the English, as
gettext is), the placeholders of values (`DATE`/`วันที่` rather than `<str>`), and the few words
Typer's help screen prints itself. The parser's errors (a missing option, a mistyped command)
become lhrctl's own `UsageError`, so they reach the one error handler in both languages.
"""

from __future__ import annotations

import os
import re
from typing import Any

from lhrctl.errors import UsageError

LANG_OPTION = "--lang"

# the words a plain help screen prints itself, in Thai: its headings, an option's notes
USAGE = ("Usage: ", "วิธีใช้: ")
SECTIONS = {"Options": "ตัวเลือก", "Commands": "คำสั่ง", "Arguments": "ค่าที่ต้องระบุ"}
NOTES = {"env var: ": "ตัวแปรสภาพแวดล้อม: ", "default: ": "ค่าเริ่มต้น: ", "required]": "ต้องระบุ]"}
OPTIONS_METAVAR = ("[OPTIONS]", "[ตัวเลือก]")
SUBCOMMAND_METAVAR = ("COMMAND [ARGS]...", "คำสั่ง [ค่า]...")

# placeholders of an argument or an option's value, by its name, else by its type
ARGUMENT_NAMES = {
    "file": ("FILE", "ไฟล์"),
    "files": ("FILE", "ไฟล์"),
    "code": ("CODE", "รหัส"),
    "national_id": ("NATIONAL_ID", "เลขประจำตัวประชาชน"),
    "transfer_id": ("ORDER", "เลขที่คำสั่ง"),
    "booking_id": ("BOOKING", "เลขที่การจอง"),
    "name": ("NAME", "ชื่อ"),
    "meeting_id": ("MEETING_ID", "หมายเลขห้อง"),
}
# an option's value told by what its English help says it is
VALUES = [
    ("HH:MM", ("HH:MM", "ชช:นน")),
    ("BE or CE", ("DATE", "วันที่")),
    ("LAO code", ("CODE", "รหัส")),
    ("code of the destination LAO", ("CODE", "รหัส")),
    ("province code", ("NN", "รหัสจังหวัด")),
    ("national ID", ("NATIONAL_ID", "เลขประจำตัวประชาชน")),
    ("National ID", ("NATIONAL_ID", "เลขประจำตัวประชาชน")),
    ("th or en", ("th|en", "th|en")),
    ("e.g. 2570-2572", ("CYCLE", "รอบ")),
    ("in percent", ("PERCENT", "ร้อยละ")),
]
TYPES = {
    "int": ("N", "จำนวน"),
    "path": ("FILE", "ไฟล์"),
    "str": ("TEXT", "ข้อความ"),
}

HELP_OPTION = "Show this message and exit."


def language_of(args: list[str]) -> str:
    """`--lang` where given (before the command runs, for its help), else the environment's."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == LANG_OPTION and i + 1 < len(args):
            return "th" if args[i + 1] == "th" else "en"
        if arg.startswith(LANG_OPTION + "="):
            return "th" if arg.split("=", 1)[1] == "th" else "en"
    return default_lang()


def default_lang() -> str:
    lang = os.environ.get("LHR_LANG") or os.environ.get("LANG", "")
    return "th" if lang.lower().startswith("th") else "en"


def folded(text: str) -> str:
    """Help as one paragraph: a docstring's line breaks are not the reader's."""
    return " ".join(text.split())


def help_text(english: str, lang: str) -> str:
    from lhrctl.commands.help_th import HELP_TH

    text = folded(english)
    return HELP_TH.get(text, text) if lang == "th" else text


def localise(root: Any, lang: str) -> None:
    """Rewrite the command tree's texts, and Typer's words, for `lang` (see the module's doc)."""
    from typer._click import core, formatting

    th = lang == "th"
    core.Context.formatter_class = _ThaiFormatter if th else formatting.HelpFormatter
    localise_command(root, lang)


def localise_command(command: Any, lang: str) -> None:
    th = lang == "th"
    if command.help:
        command.help = help_text(command.help, lang)
    command.short_help = None  # the help's first sentence is cut from the folded help
    command.options_metavar = OPTIONS_METAVAR[th]
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = SUBCOMMAND_METAVAR[th]
    for param in command.params:
        english = folded(getattr(param, "help", None) or "")
        param.metavar = _placeholder(param, english, th)
        if english:
            param.help = help_text(english, lang)
        if param.param_type_name == "argument":  # its placeholder already says what it is
            param.display_type_rich = lambda ctx: None
    # the help option is made when first asked for, with its names from the context
    made = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None:
            option.help = help_text(HELP_OPTION, lang)
            option.metavar = ""
        return option

    command.get_help_option = get_help_option
    for child in getattr(command, "commands", {}).values():
        localise_command(child, lang)


def _placeholder(param: Any, english: str, th: bool) -> str:
    if param.param_type_name == "argument":
        return ARGUMENT_NAMES.get(param.name, (param.name.upper(), param.name.upper()))[th]
    if param.is_flag:
        return ""  # a switch takes no value: nothing to show
    for words, placeholder in VALUES:
        if words in english:
            return placeholder[th]
    bare = param.bare_type().lower().removeprefix("list[").removesuffix("]")
    return TYPES.get(bare, (bare.upper(), bare.upper()))[th]


def _thai_formatter_class() -> Any:
    from typer._click import formatting

    class ThaiFormatter(formatting.HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, USAGE[1] if prefix is None else prefix)

        def section(self, name: str) -> Any:  # the headings of a plain help screen
            return super().section(SECTIONS.get(name, name))

        def write_dl(self, rows: Any, *args: Any, **options: Any) -> None:
            super().write_dl([(term, _thai_notes(text)) for term, text in rows], *args, **options)

    return ThaiFormatter


_ThaiFormatter = _thai_formatter_class()


def _thai_notes(text: str) -> str:
    """An option's notes on a plain help screen (`[env var: LHR_READER; required]`) in Thai."""
    for en, th in NOTES.items():
        text = text.replace(f"[{en}", f"[{th}").replace(f"; {en}", f"; {th}")
    return text


# The parser's errors, by kind. Each gives (English, Thai) from the error's own facts.


def usage_error(error: Any) -> UsageError:
    """Lhrctl's `UsageError` for one of the parser's (exit 2), with the usage as its hint."""
    from typer._click import exceptions

    en = error.format_message()
    th = en
    if isinstance(error, exceptions.MissingParameter):
        what = _hint_of(error)
        th = f"ยังไม่ได้ระบุ {what}" if what else "ยังไม่ได้ระบุค่าที่ต้องระบุ"
    elif isinstance(error, exceptions.NoSuchOption):
        th = f"ไม่มีตัวเลือก {error.option_name}"
        if error.possibilities:
            th += f" (หมายถึง {', '.join(sorted(error.possibilities))} หรือไม่)"
    elif isinstance(error, exceptions.BadOptionUsage):
        if "requires" in error.message:
            th = f"ตัวเลือก '{error.option_name}' ต้องมีค่าตามหลัง"
        elif "does not take a value" in error.message:
            th = f"ตัวเลือก '{error.option_name}' ไม่รับค่า"
    elif isinstance(error, exceptions.BadParameter):
        th = f"ค่าของ {_hint_of(error)} ไม่ถูกต้อง: {_thai_reason(error.message)}"
    else:
        th = _thai_reason(en)
    ctx = error.ctx
    if ctx is None:  # the parser knew the option, not the command
        return UsageError(
            en,
            th,
            hint_en="Add --help to the command to see its options.",
            hint_th="เพิ่ม --help ต่อท้ายคำสั่งเพื่อดูตัวเลือกของคำสั่ง",
        )
    usage = f"{ctx.command_path} {' '.join(ctx.command.collect_usage_pieces(ctx))}".strip()
    return UsageError(
        en,
        th,
        hint_en=f"Usage: {usage} — more with '{ctx.command_path} --help'.",
        hint_th=f"วิธีใช้: {usage} — ดูเพิ่มเติมด้วย '{ctx.command_path} --help'",
    )


def _hint_of(error: Any) -> str:
    if error.param_hint is not None:
        hint = error.param_hint
        return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint)
    if error.param is not None:
        return str(error.param.get_error_hint())
    return ""


# messages the parser (and pydantic, which checks the values) words itself
REASONS = [
    (r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?",
     lambda m: f"ไม่มีคำสั่ง '{m[1]}'" + (f" (หมายถึง {m[2]} หรือไม่)" if m[2] else "")),
    (r"Missing command\.", lambda m: "ยังไม่ได้ระบุคำสั่ง"),
    (r"Got unexpected extra argument\(s\) \((.+)\)", lambda m: f"มีค่าเกินมา: {m[1]}"),
    (r"Input should be greater than or equal to (.+)", lambda m: f"ต้องไม่น้อยกว่า {m[1]}"),
    (r"Input should be less than or equal to (.+)", lambda m: f"ต้องไม่มากกว่า {m[1]}"),
    (r"Input should be greater than (.+)", lambda m: f"ต้องมากกว่า {m[1]}"),
    (r"Input should be a valid integer.*", lambda m: "ต้องเป็นจำนวนเต็ม"),
    (r"Input should be a valid number.*", lambda m: "ต้องเป็นตัวเลข"),
    (r"Input should be (.+)", lambda m: f"ต้องเป็น {m[1]}"),
]  # fmt: skip


def _thai_reason(message: str) -> str:
    for pattern, thai in REASONS:
        match = re.fullmatch(pattern, message.strip(), flags=re.DOTALL)
        if match:
            return thai(match)
    return message
