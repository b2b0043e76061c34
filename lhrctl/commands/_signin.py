"""The one way a command signs its operator in: card through PC/SC, then the password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lhrctl.commands._context import AppState
from lhrctl.commands._prompts import ask_secret

if TYPE_CHECKING:
    from lhrctl.auth.thaiid import ThaiIdCard
    from lhrctl.services.access import Operator


def read_card(state: AppState, *, photo: bool = False) -> ThaiIdCard:
    import os

    from lhrctl.auth import card

    reader = state.reader or os.environ.get("LHR_READER") or None
    return card.read_card(
        reader, status=lambda en, th: state.ui.status(state.ui.t(en, th)), photo=photo
    )


def sign_in(state: AppState, action: str, *, card: ThaiIdCard | None = None) -> Operator:
    """Check the database first (no card tap for nothing), then the card (unless the command has
    just read it), then the password; with --server, the server checks them and gives this
    command its sign-in."""
    state.ready()
    card = card or read_card(state)
    if state.server_url:
        state.credential, operator = state.server.sign_in(
            card, ask_secret(state, "password"), action
        )
    else:
        from lhrctl.services.signin import sign_in as check

        operator = check(state.engine, card, lambda: ask_secret(state, "password"), action=action)
    from lhrctl.labels import ROLES

    role = state.ui.word(ROLES, operator.role)
    state.ui.info(f"Signed in: {operator.name} ({role})", f"เข้าสู่ระบบ: {operator.name} ({role})")
    return operator
