# The README's two commands are `make demo` and `make test`; both install what they need first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo demo-server test lint bench install clean

$(STAMP): pyproject.toml scripts/bootstrap.sh
	VENV=$(VENV) ./scripts/bootstrap.sh
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	VENV=$(VENV) ./scripts/demo.sh

# the same demo from a workstation that knows only the address of `lhrctl serve`
demo-server: $(STAMP)
	VENV=$(VENV) DEMO_SERVER=1 ./scripts/demo.sh

# four processes, two a core on the 2-core machines CI runs on: much of a test's time is spent
# waiting (PostgreSQL, a server thread, LibreOffice, pcscd), and four finished the suite in 350 s
# where two took 404 s; the tests through pcscd take the vpcd driver's two readers in turn (locks in
# conftest)
PYTEST_WORKERS ?= 4
# compiled first: with PYTHONDONTWRITEBYTECODE set (as on this project's machines) no bytecode is
# ever written, and each process a test starts (a sheet loader, the server, a virtual card)
# would compile its modules from source
test: $(STAMP)
	$(PY) -m compileall -q lhrctl tests
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy lhrctl/services lhrctl/auth lhrctl/staff_files lhrctl/server

bench: $(STAMP)
	$(PY) -m pip install -q pandas  # only the benchmark's baselines need it
	$(PY) -m bench $(BENCH_ROWS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
