"""Benchmarks of lhrctl (`make bench`); not run by CI."""

import atexit
import compileall
import os
import shutil
import tempfile
from pathlib import Path

# A user's lhrctl runs from bytecode: pip compiles a package as it installs it, and Python an
# editable install's modules as it first imports them. Where PYTHONDONTWRITEBYTECODE is set (this
# machine's shells), none is ever written, and each command a benchmark starts would compile
# lhrctl's modules from their source first (`lhrctl --help` 155 ms, not 100 ms): compiled here.
compileall.compile_dir(Path(__file__).parent.parent / "lhrctl", quiet=1)

# The benchmarks' databases are thrown away, and so are their audit key and anchor: never the
# user's own (the processes the benchmarks start inherit these).
_AUDIT = Path(tempfile.mkdtemp(prefix="lhrctl-bench-audit-"))
atexit.register(shutil.rmtree, _AUDIT, ignore_errors=True)
os.environ["LHR_AUDIT_KEY"] = str(_AUDIT / "audit.key")
os.environ["LHR_AUDIT_ANCHOR"] = str(_AUDIT / "audit-anchor.log")
