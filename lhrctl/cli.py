"""The lhrctl command line: global options, the command groups, and the one error handler."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from lhrctl import __version__
from lhrctl.commands import _quick_params
from lhrctl.commands._context import AppState
from lhrctl.commands._index import COMMANDS
from lhrctl.commands._language import (
    default_lang,
    help_text,
    language_of,
    localise,
    localise_command,
    usage_error,
)
from lhrctl.errors import DatabaseError, LhrError, UsageError

INTERNAL_ERROR = 70  # a bug in lhrctl, not in the input: see LHR_DEBUG=1
BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a pipe's writer stopped by its reader


def _interrupted_in_native_code(error: BaseException) -> bool:
    """Ctrl+C that came while a Rust library (polars, fastexcel) was running Python code: pyo3
    hands the KeyboardInterrupt back as a panic, a BaseException of its own."""
    return type(error).__name__ == "PanicException" and "KeyboardInterrupt" in str(error)


def _is_cli_signal(error: Exception) -> bool:
    """Typer's own exits, aborts and usage errors (its click is vendored): let them through."""
    return type(error).__module__.split(".")[0] in ("typer", "click")


GLOBAL_FLAGS = ("--json", "-q", "--quiet")
GLOBAL_VALUED = ("--db", "--lang", "--reader", "--server")


def hoist_global_options(args: list[str]) -> list[str]:
    """Let global options follow the command too (`lhrctl org list --json`): move them first."""
    hoisted: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg in GLOBAL_FLAGS or (arg.split("=", 1)[0] in GLOBAL_VALUED and "=" in arg):
            hoisted.append(arg)
        elif arg in GLOBAL_VALUED and i + 1 < len(args):
            hoisted += args[i : i + 2]
            i += 1
        else:
            rest.append(arg)
        i += 1
    return hoisted + rest


def _silence_stdout() -> None:
    """Python flushes stdout at exit: into a broken pipe, that would be one more error."""
    with contextlib.suppress(OSError, ValueError):  # no file behind it (a test's runner)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _parser_error(error: Exception) -> bool:
    """The parser's own usage errors; not the help it shows for a group given no command."""
    from typer._click.exceptions import NoArgsIsHelpError
    from typer._click.exceptions import UsageError as ParserError

    return isinstance(error, ParserError) and not isinstance(error, NoArgsIsHelpError)


def load_command(name: str) -> Any:
    """The click command of a top-level command, its module imported now (commands/_index)."""
    entry = COMMANDS[name]
    made = getattr(importlib.import_module(f"lhrctl.commands.{entry.module}"), entry.attribute)
    if isinstance(made, typer.Typer):
        command = typer.main.get_group(made)
        command.name, command.help = name, entry.help
    else:
        single = typer.Typer(add_completion=False)
        single.command(name, help=entry.help)(made)
        command = typer.main.get_command(single)
    _plain_help(command)
    return command


def _plain_help(command: Any) -> None:
    """Help as the root's, plain: rich's would take longer to load than the command."""
    command.rich_markup_mode = None
    for child in getattr(command, "commands", {}).values():
        _plain_help(child)


class LhrGroup(TyperGroup):
    """Turns every `LhrError` into one line (plus a hint) on stderr and its exit code; makes a
    command only when it is asked for."""

    language = "en"

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, name: str) -> Any:  # type: ignore[override]
        if name in COMMANDS and name not in self.commands:
            self.commands[name] = command = load_command(name)
            localise_command(command, self.language)
        return self.commands.get(name)

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        """As Typer's, its `Did you mean` from every command, made or not."""
        import difflib

        from typer._click.exceptions import UsageError as ParserError

        try:
            return self._click_resolve_command(ctx, args)
        except ParserError as error:
            close = difflib.get_close_matches(args[0], list(COMMANDS)) if args else []
            if close:
                error.message = (
                    f"{error.message.rstrip('.')}. Did you mean {', '.join(map(repr, close))}?"
                )
            raise

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        """The list of commands, from the index: none of them is made for it."""
        from typer._click.utils import make_default_short_help

        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [
            (name, make_default_short_help(help_text(entry.help, self.language), limit))
            for name, entry in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, args: Any = None, *rest: Any, **options: Any) -> Any:  # type: ignore[override]
        given = list(sys.argv[1:] if args is None else args)
        self.language = language_of(given)
        localise(self, self.language)  # before parsing: `--help` prints as it parses
        return super().main(given, *rest, **options)

    def make_context(self, *args: Any, **options: Any) -> typer.Context:  # type: ignore[override]
        try:
            return super().make_context(*args, **options)  # type: ignore[return-value]
        except Exception as error:
            if not _parser_error(error):
                raise
            self._report(None, usage_error(error))
            raise typer.Exit(UsageError.exit_code) from None

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except LhrError as error:
            self._report(ctx, error)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            ctx.exit(130)
        except BrokenPipeError:  # stdout's reader went away (`| head`): nothing more to say
            _silence_stdout()
            ctx.exit(BROKEN_PIPE)
        except Exception as error:
            self._unforeseen(ctx, error)
        except BaseException as error:
            if _interrupted_in_native_code(error):
                ctx.exit(130)
            raise

    def _unforeseen(self, ctx: typer.Context, error: Exception) -> None:
        """An error no LhrError says: the parser's, typer's own, the database's, else a bug."""
        if _parser_error(error):
            self._report(ctx, usage_error(error))
            ctx.exit(UsageError.exit_code)
        if _is_cli_signal(error) or os.environ.get("LHR_DEBUG") == "1":
            raise error
        from sqlalchemy.exc import OperationalError

        if isinstance(error, OperationalError):
            from lhrctl.services.actions import busy_database, kept_waiting

            if kept_waiting(error):  # another officer's import held the write lock meanwhile
                busy = busy_database()
                self._report(ctx, busy)
                ctx.exit(busy.exit_code)
            reason = str(error.orig).strip().splitlines()[0]
            self._report(
                ctx,
                DatabaseError(f"Database error: {reason}", f"ข้อผิดพลาดของฐานข้อมูล: {reason}"),
            )
            ctx.exit(DatabaseError.exit_code)
        self._report(
            ctx,
            LhrError(
                f"Internal error ({type(error).__name__}: {error}).",
                f"เกิดข้อผิดพลาดภายในโปรแกรม ({type(error).__name__}: {error})",
                hint_en="Run again with LHR_DEBUG=1 for the traceback and report it.",
                hint_th="สั่งใหม่โดยตั้ง LHR_DEBUG=1 เพื่อดูรายละเอียด แล้วแจ้งผู้พัฒนา",
            ),
        )
        ctx.exit(INTERNAL_ERROR)

    def _report(self, ctx: typer.Context | None, error: LhrError) -> None:
        # no context while the global options parse; no state yet when the command's name is wrong
        obj = ctx.find_root().obj if ctx is not None else None
        state = obj if isinstance(obj, AppState) else AppState(lang=self.language)
        state.ui.error(error)


_quick_params.install()  # 0.1 s of typer's pydantic checks off every command
app = typer.Typer(
    cls=LhrGroup,
    name="lhrctl",
    help="Administer the ก.พ.7 records of Thailand's local administrative organisations (LHR).",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rich's would take longer to load than the rest
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"lhrctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="LHR_DATABASE_URL",
            help="Database URL (default: SQLite lhr.db in the user data directory).",
            show_default=False,
        ),
    ] = None,
    json_: Annotated[
        bool, typer.Option("--json", help="Machine-readable JSON on stdout, nothing else there.")
    ] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only data and errors.")] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="Language of messages: th or en (default: LHR_LANG, else LANG)."
        ),
    ] = None,
    reader: Annotated[
        str | None,
        typer.Option("--reader", envvar="LHR_READER", help="Smart-card reader to use."),
    ] = None,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            envvar="LHR_SERVER",
            help="URL of the national lhrctl server; every command then goes through it.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    if lang not in (None, "th", "en"):
        raise UsageError(
            f"--lang takes th or en, not '{lang}'.", f"--lang ต้องเป็น th หรือ en ไม่ใช่ '{lang}'"
        )
    ctx.obj = AppState(
        db_url=db,
        json=json_,
        quiet=quiet,
        lang=lang or default_lang(),
        reader=reader,
        server_url=server,
    )


def main() -> None:
    app()
