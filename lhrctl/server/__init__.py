"""The national service: `lhrctl serve` (FastAPI, `app.py`) and the CLI's side of it
(httpx, `client.py`), speaking the wire format of `wire.py`."""
