"""Play a virtual Thai ID card until killed: `python -m tests.cardsim [--card JSON]`.

Used by the tests (one process per inserted card; killing it pulls the card) and by `make demo`,
where it stands in for the officer's card.
"""

from __future__ import annotations

import argparse
import sys
import time

from tests.cardsim import VPCD_PORTS, ThaiIdCardModel, serve


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.cardsim")
    parser.add_argument("--card", help="the card as JSON (default: the demo officer's card)")
    parser.add_argument("--reader", default="Virtual PCD 00 00", choices=sorted(VPCD_PORTS))
    parser.add_argument("--once", action="store_true", help="stop after the reader lets go")
    args = parser.parse_args()
    card = ThaiIdCardModel.from_json(args.card) if args.card else ThaiIdCardModel()
    port = VPCD_PORTS[args.reader]
    while True:
        try:
            serve(card, port, on_ready=lambda: print("ready", flush=True))
        except OSError as exc:
            print(f"cardsim: cannot reach vpcd on port {port}: {exc}", file=sys.stderr, flush=True)
            if args.once:
                sys.exit(1)
            time.sleep(0.5)
            continue
        if args.once or card.remove_after:
            return


if __name__ == "__main__":
    main()
