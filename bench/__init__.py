"""Benchmarks of lhrctl (`make bench`); not run by CI."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# The benchmarks' databases are thrown away, and so are their audit key and anchor: never the
# user's own (the processes the benchmarks start inherit these).
_AUDIT = Path(tempfile.mkdtemp(prefix="lhrctl-bench-audit-"))
atexit.register(shutil.rmtree, _AUDIT, ignore_errors=True)
os.environ["LHR_AUDIT_KEY"] = str(_AUDIT / "audit.key")
os.environ["LHR_AUDIT_ANCHOR"] = str(_AUDIT / "audit-anchor.log")
