"""Preparing the database before the app serves: migrations up to every head, then the seed article's
bank (generated on the first start). ``quizapp serve`` and ``quizapp migrate`` call :func:`prepare`;
:func:`register` adds it to the flask CLI as ``flask --app quizapp seed``."""

from __future__ import annotations

import click
from flask import Flask


def prepare(app: Flask, *, quiet: bool = False) -> None:
    """Bring the database up to date and make sure the seed bank exists."""
    from flask_migrate import upgrade

    from quizapp.core.extensions import db
    from quizapp.library.store import ensure_seed_bank

    def progress(stage: str, fraction: float) -> None:
        if not quiet:
            click.echo(f"  {stage} {fraction:4.0%}", err=True)

    from quizapp.core.operations import migration_lock

    with app.app_context(), migration_lock(app):
        upgrade(revision="heads")
        from quizapp.library.models import Bank

        first = db.session.scalars(db.select(Bank.id).where(Bank.is_seed.is_(True))).first() is None
        if first and not quiet:
            click.echo("Generating the question bank of the seed article (first start only)…", err=True)
        bank = ensure_seed_bank(app.config.get("SEED_ARTICLE"), progress=progress if first else None)
        if first and not quiet:
            click.echo(f"Seed bank ready: {len(bank.questions)} questions.", err=True)
        # the workers fork from this process: they must not share its database connections
        db.session.remove()
        db.engine.dispose()


def register(app: Flask) -> None:
    """``flask --app quizapp seed``: the seed step of ``quizapp serve`` for people using the flask CLI."""

    @app.cli.command("seed")
    def seed() -> None:
        """Apply migrations and make sure the seed article's bank exists."""
        prepare(app)
