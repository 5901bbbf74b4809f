"""The ``quizapp`` command (and ``python -m quizapp``): gevent's monkey patching comes first when the
command is to serve with push (the default; ``QUIZAPP_PUSH=0``: threads), before Flask, SQLAlchemy or
the database pool exist, so every lock they make is a greenlet's. See quizapp/classroom/push.py."""

from __future__ import annotations

import os
import sys


def env_wants_push() -> bool:
    """``QUIZAPP_PUSH`` as ``quizapp serve`` reads it before the app exists: on unless 0/false/no/off."""
    return os.environ.get("QUIZAPP_PUSH", "1").strip().lower() not in {"0", "false", "no", "off", ""}


def command_of(args: list[str]) -> str | None:
    """The subcommand in ``quizapp``'s arguments (None: ``quizapp`` alone, which serves)."""
    rest = iter(args)
    for arg in rest:
        if arg == "--instance":
            next(rest, None)
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    args = sys.argv[1:]
    if command_of(args) in (None, "serve") and env_wants_push() and not {"-h", "--help"} & set(args):
        from gevent import monkey

        monkey.patch_all()
    from quizapp.cli import main as cli_main

    cli_main()
