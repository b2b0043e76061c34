"""`make demo-server`: a fresh PostgreSQL database for the demo when a local server answers
(prints its URL), else exit 1 and the demo uses an SQLite file."""

import sys

from sqlalchemy import create_engine, text

BASE = "postgresql+psycopg://postgres@127.0.0.1:5432"
try:
    server = create_engine(f"{BASE}/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "lhr_demo" WITH (FORCE)'))
        conn.execute(text('CREATE DATABASE "lhr_demo"'))
except Exception:  # no local server: the SQLite file
    sys.exit(1)
print(f"{BASE}/lhr_demo")
