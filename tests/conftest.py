"""Test fixtures: databases (SQLite always, PostgreSQL when LHR_TEST_DATABASE_URL is set or CI=true), the
card slot (in-process, or the real PC/SC stack of pcscd + vsmartcard-vpcd for tests marked `pcsc`)
with virtual Thai ID cards, and a CLI runner.

`admin` copies a template database made once per session; `lhr`/`db_url` are empty databases.
With CI=true a missing pcscd/vpcd or PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from typer.testing import CliRunner

from tests.cardsim import VPCD_PORTS, ThaiIdCardModel, make_national_id
from tests.helpers import LocalSlot

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

REPO = Path(__file__).resolve().parent.parent
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "correct horse 42"

os.environ["LHR_ALLOW_VIRTUAL_READER"] = "1"
os.environ.setdefault("LHR_CARD_TIMEOUT", "4")
os.environ["LHR_LANG"] = "en"
os.environ.pop("LHR_READER", None)
os.environ.pop("LHR_DATABASE_URL", None)
# The audit key of this test process (made by the first `init`), shared with the processes it
# spawns (they import this module too); each test has its own anchor file (`audit_anchor`).
if "LHR_TESTS_AUDIT_DIR" not in os.environ:
    _audit_dir = Path(tempfile.mkdtemp(prefix="lhrctl-tests-audit-"))
    atexit.register(shutil.rmtree, _audit_dir, ignore_errors=True)
    os.environ["LHR_TESTS_AUDIT_DIR"] = str(_audit_dir)
    os.environ["LHR_AUDIT_KEY"] = str(_audit_dir / "audit.key")
    os.environ["LHR_AUDIT_ANCHOR"] = str(_audit_dir / "audit-anchor.log")


def missing(reason: str) -> None:
    """Skip a test whose real part is missing, except in CI, where that is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must not be skipped)", pytrace=False)
    pytest.skip(reason)


# ----------------------------------------------------------------------------- databases


LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_base() -> str | None:
    """LHR_TEST_DATABASE_URL; in CI (`CI=true make test`, nothing else set) the local server."""
    return os.environ.get("LHR_TEST_DATABASE_URL") or (LOCAL_POSTGRES if IN_CI else None)


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if (_postgres_base() or IN_CI) else ["sqlite"]


def _postgres_admin() -> tuple[URL, Engine]:
    """The server's URL and an AUTOCOMMIT engine on it (CREATE/DROP DATABASE)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    base = _postgres_base()
    if not base:
        missing("LHR_TEST_DATABASE_URL is not set")
    url = make_url(str(base).replace("postgresql://", "postgresql+psycopg://", 1))
    return url, create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


@contextmanager
def _postgres_database(template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database (a copy of `template` if given), dropped afterwards."""
    from sqlalchemy import text

    url, server = _postgres_admin()
    name = f"lhr_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    try:
        with server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    except Exception as exc:  # the server is down: a skip locally, a failure in CI
        server.dispose()
        missing(f"PostgreSQL at {url.render_as_string()} is not reachable: {exc}")
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(autouse=True)
def audit_anchor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own audit anchor file (the key is the test process's)."""
    path = tmp_path / "audit-anchor.log"
    monkeypatch.setenv("LHR_AUDIT_ANCHOR", str(path))
    return path


SERVER = "server"  # PostgreSQL behind `lhrctl serve` on 127.0.0.1; the CLI has only LHR_SERVER


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test on each backend; the flows (tests marked `flows`) also through a server."""
    if "backend" not in metafunc.fixturenames:
        return
    if any(
        m.args and m.args[0] == "backend" for m in metafunc.definition.iter_markers("parametrize")
    ):
        return  # the test names its backends itself
    backends = _backends()
    if metafunc.definition.get_closest_marker("flows") and "postgresql" in backends:
        backends = [*backends, SERVER]
    metafunc.parametrize("backend", backends)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test (a server starts on what `admin` gives)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'lhr.db'}"
        return
    with _postgres_database() as url:
        yield url


class Templates:
    """One database per backend after `lhrctl init` (ADMIN enrolled) and `import orgs`, made once
    per session; each test gets its own copy (a file copy, or CREATE DATABASE … TEMPLATE)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: dict[str, str] = {}  # backend: the template's URL
        self._cleanup = ExitStack()

    def _make(self, backend: str) -> str:
        if backend == "sqlite":
            url = f"sqlite:///{self.root / 'template.db'}"
        else:
            url = self._cleanup.enter_context(_postgres_database())
        slot = LocalSlot()
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("LHR_AUDIT_ANCHOR", str(self.anchor(backend)))
            mp.setattr("lhrctl.auth.card.open_card", slot.open_card)
            slot.insert(ADMIN)
            lhr = Lhr(url)
            r = lhr("init", input=f"{PASSWORD}\n{PASSWORD}\n")
            assert r.exit_code == 0, r
            r = lhr("import", "orgs", input=f"{PASSWORD}\n")
            assert r.exit_code == 0, r
        return url

    def anchor(self, backend: str) -> Path:
        return self.root / f"audit-anchor-{backend}.log"

    @contextmanager
    def copy(self, backend: str, tmp_path: Path) -> Iterator[str]:
        """A copy of the template database, and of its audit anchor as the test's anchor file."""
        if backend not in self.made:
            self.made[backend] = self._make(backend)
        template = self.made[backend]
        shutil.copy(self.anchor(backend), os.environ["LHR_AUDIT_ANCHOR"])
        if backend == "sqlite":
            source = Path(template.split(":///", 1)[1])
            target = tmp_path / "lhr.db"
            for suffix in ("", "-wal"):  # every connection is closed: the WAL is normally gone
                if Path(f"{source}{suffix}").exists():
                    shutil.copy(f"{source}{suffix}", f"{target}{suffix}")  # and its 0600
            yield f"sqlite:///{target}"
            return
        from sqlalchemy.engine import make_url

        with _postgres_database(template=make_url(template).database) as url:
            yield url

    def close(self) -> None:
        self._cleanup.close()


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    made = Templates(tmp_path_factory.mktemp("templates"))
    yield made
    made.close()


@pytest.fixture(scope="session", autouse=True)
def cheap_passwords() -> Iterator[None]:
    """argon2 at its lowest cost inside the test process only; the hashes still verify anywhere."""
    from argon2 import PasswordHasher

    from lhrctl.auth import passwords

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        yield


# ----------------------------------------------------------------------------- PC/SC


def _pcscd_answers() -> bool:
    try:
        from smartcard.System import readers

        return any(str(r).startswith("Virtual PCD") for r in readers())
    except Exception:
        return False


_STARTED_PCSCD: list[subprocess.Popen[bytes]] = []


def pytest_configure(config: pytest.Config) -> None:
    """The main pytest process starts pcscd (with the vpcd driver) if it is not running and can
    be started, and stops it at the end; xdist's workers only use it."""
    if hasattr(config, "workerinput") or _pcscd_answers():
        return
    if not shutil.which("pcscd") or not VPCD_CONF.exists():
        return  # the pcscd fixture says what is missing
    proc = subprocess.Popen(
        ["pcscd", "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and proc.poll() is None and not _pcscd_answers():
        time.sleep(0.1)  # (it exits at once where it may not run: not root)
    _STARTED_PCSCD.append(proc)


def pytest_unconfigure(config: pytest.Config) -> None:
    for proc in _STARTED_PCSCD:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def pcscd() -> None:
    """pcscd with the vpcd driver: the running one, or the one this run started."""
    if _pcscd_answers():
        return
    if not shutil.which("pcscd") or not VPCD_CONF.exists():
        missing(
            "pcscd and vsmartcard-vpcd are not installed (apt-get install pcscd vsmartcard-vpcd)"
        )
    missing("pcscd did not start (is it allowed to run here?)")


READERS = tuple(VPCD_PORTS)  # the vpcd driver's two readers


@contextmanager
def _readers(every: bool) -> Iterator[list[str]]:
    """A virtual reader (the first free one), or `every` one, each for one test at a time
    across processes (xdist workers, or two runs at once): two tests through pcscd at once,
    each pinned to its reader (LHR_READER). Each reader's lock file passes on when a card last
    left it, for the driver's settle time."""
    import fcntl

    with ExitStack() as stack:
        locks = [
            stack.enter_context((Path(tempfile.gettempdir()) / f"lhrctl-tests-vpcd-{i}.lock").open("a+"))
            for i in range(len(READERS))
        ]  # fmt: skip
        if every:
            for lock in locks:  # in this order only: no one holds the second waiting for the first
                fcntl.flock(lock, fcntl.LOCK_EX)
            held = list(range(len(READERS)))
        else:
            held = [_first_free(locks)]
        try:
            for i in held:
                locks[i].seek(0)
                settled = float(locks[i].read() or 0)
                CardSlot.removed_at[READERS[i]] = max(
                    CardSlot.removed_at.get(READERS[i], 0), settled
                )
            yield [READERS[i] for i in held]
        finally:
            for i in held:  # time.monotonic() is the same clock for all
                locks[i].seek(0)
                locks[i].truncate()
                locks[i].write(str(CardSlot.removed_at.get(READERS[i], 0)))
                locks[i].flush()
                fcntl.flock(locks[i], fcntl.LOCK_UN)


def _first_free(locks: list[Any]) -> int:
    """The first reader whose lock is free, taken (waiting while both are in use)."""
    import fcntl

    while True:
        for i, lock in enumerate(locks):
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            return i
        time.sleep(0.05)


def _card_present(reader: str) -> bool:
    """What pcscd reports for the reader (SCardGetStatusChange), without touching the card."""
    from smartcard import scard

    rv, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    assert rv == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(rv)
    try:
        rv, states = scard.SCardGetStatusChange(context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        return rv == scard.SCARD_S_SUCCESS and bool(states[0][1] & scard.SCARD_STATE_PRESENT)
    finally:
        scard.SCardReleaseContext(context)


@dataclass
class CardSlot:
    """A vpcd reader the tests put virtual cards into and pull them out of."""

    reader: str = READERS[0]
    proc: subprocess.Popen[str] | None = None
    removed_at: ClassVar[dict[str, float]] = {}  # by reader: it outlives each test's slot

    # After a card leaves, the vpcd driver takes about one polling cycle (~400 ms) before it
    # accepts the next card; a card inserted sooner stays invisible to pcscd.
    SETTLE = 0.6

    def insert(self, card: ThaiIdCardModel, *, wait: bool = True) -> None:
        self.remove()
        last = self.removed_at.get(self.reader, 0.0)
        time.sleep(max(0.0, last + self.SETTLE - time.monotonic()))
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.cardsim",
                "--card",
                card.to_json(),
                "--reader",
                self.reader,
                "--once",
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready", "the virtual card did not connect"
        if wait and not card.remove_after:
            self._wait_for(present=True)

    def remove(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            self._wait_for(present=False)
            CardSlot.removed_at[self.reader] = time.monotonic()

    def _wait_for(self, *, present: bool) -> None:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if _card_present(self.reader) == present:
                return
            time.sleep(0.05)
        raise AssertionError(f"pcscd never saw the card {'inserted' if present else 'removed'}")


@pytest.fixture(autouse=True)
def slot(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[CardSlot]:
    """The reader a test puts cards into: through the real pcscd for tests marked `pcsc`,
    else in-process (`LocalSlot`), which answers lhrctl's card adapter from the same card model.
    Every test has one, so no unmarked test reaches whatever card a real reader holds."""
    if request.node.get_closest_marker("pcsc") is None:
        local = LocalSlot()
        monkeypatch.setattr("lhrctl.auth.card.open_card", local.open_card)
        yield local  # type: ignore[misc]
        return
    request.getfixturevalue("pcscd")
    every = request.node.get_closest_marker("every_reader") is not None
    with _readers(every) as (reader, *_):
        if not every:  # lhrctl waits on this reader only: the other may hold another test's card
            monkeypatch.setenv("LHR_READER", reader)
        card_slot = CardSlot(reader)
        yield card_slot
        card_slot.remove()


# ----------------------------------------------------------------------------- people

ADMIN = ThaiIdCardModel()  # นายสมชาย ใจดี, the first DLA admin of every test database


def person(seed: int, **changes: object) -> ThaiIdCardModel:
    """Another valid Thai ID card: its own national ID and photo."""
    return replace(
        ThaiIdCardModel(
            national_id=make_national_id(seed),
            title_th="นางสาว",
            first_name_th=f"ทดสอบ{seed}",
            last_name_th="รักงาน",
            name_en=f"Miss#Test{seed}##Rakngan",
            gender="2",
            photo_seed=seed,
        ),
        **changes,  # type: ignore[arg-type]
    )


# ----------------------------------------------------------------------------- the CLI


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def message(self) -> str:
        """stderr with rich's line wrapping undone, for assertions on what a user reads."""
        return " ".join(self.stderr.split())

    def __str__(self) -> str:  # shown by `assert r.exit_code == 0, r`
        return f"exit {self.exit_code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@dataclass
class Lhr:
    """Runs lhrctl in-process against one database, as a user at a shell would; with `server`,
    as a workstation would: only `--server URL`, no database URL (the test still reads the
    database directly, to check what the server did)."""

    db_url: str
    server: str | None = None

    def __call__(
        self, *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> Run:
        from lhrctl.cli import app

        runner = CliRunner()
        where = [] if self.server else ["--db", self.db_url]
        if self.server:  # a workstation's environment: the server's address, no database
            env = {**(env or {}), "LHR_SERVER": self.server, "LHR_DATABASE_URL": None}  # type: ignore[dict-item]
        result = runner.invoke(
            app,
            [*where, *args],
            input=input,
            env=env,
            catch_exceptions=False,
        )
        return Run(result.exit_code, result.stdout, result.stderr)

    def reads(self, password: str = PASSWORD) -> str | None:
        """What a read of stored records asks for: nothing in-process (the office holds its
        database); through a server, the password of the officer whose card is in the reader."""
        return f"{password}\n" if self.server else None

    def engine(self):
        from lhrctl import db

        return db.make_engine(self.db_url)

    def scalar(self, sql: str, **params: object) -> object:
        from sqlalchemy import text

        engine = self.engine()
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()


@pytest.fixture
def lhr(db_url: str) -> Lhr:
    return Lhr(db_url)


@pytest.fixture
def admin(backend: str, tmp_path: Path, templates: Templates, slot: CardSlot) -> Iterator[Lhr]:
    """A database after `lhrctl init` (the ADMIN card enrolled) and `import orgs`, ADMIN's card in
    the reader: a copy of the session's template."""
    if backend == SERVER:
        from tests.server_thread import serving

        with templates.copy("postgresql", tmp_path) as url, serving(url) as server:
            slot.insert(ADMIN)
            yield Lhr(url, server=server)
        return
    with templates.copy(backend, tmp_path) as url:
        slot.insert(ADMIN)
        yield Lhr(url)


OFFLINE = Lhr("sqlite:///no-database-is-opened.db")  # lhrctl in-process, for commands without one


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Run:
    """lhrctl as a separate process: the real entry point, the real handler, the real stderr."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "lhrctl", *args],
        cwd=REPO,
        env=full_env,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


__all__ = [
    "ADMIN",
    "OFFLINE",
    "PASSWORD",
    "VPCD_PORTS",
    "CardSlot",
    "Lhr",
    "Run",
    "person",
    "run_cli",
]
