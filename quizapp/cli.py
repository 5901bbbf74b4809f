"""The ``quizapp`` console script, and the app's ``flask`` commands.

``quizapp`` alone (or ``quizapp serve``) is the one command a newcomer runs: it creates the
instance folder and database, applies migrations, imports the bundled seed article, generates
its bank, and serves the app with gunicorn on http://127.0.0.1:5000.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask import Flask

from questions.formats import FORMATS, get_format

SERVE_HOST = "127.0.0.1"
SERVE_PORT = 5000


def _make_app(instance: str | None) -> Flask:
    from quizapp import create_app

    return create_app(instance_path=instance)


@contextmanager
def _ready_app(ctx: click.Context) -> Iterator[Flask]:
    """An app with an up-to-date database, inside its app context; its connections closed afterwards."""
    from quizapp.extensions import db

    app = _make_app(ctx.obj.get("instance") if ctx.obj else None)
    prepare(app, quiet=True)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def prepare(app: Flask, *, quiet: bool = False) -> None:
    """Bring the database up to date and make sure the seed bank exists."""
    from flask_migrate import upgrade

    from quizapp.extensions import db
    from quizapp.services.banks import ensure_seed_bank

    def progress(stage: str, fraction: float) -> None:
        if not quiet:
            click.echo(f"  {stage} {fraction:4.0%}", err=True)

    with app.app_context():
        upgrade(revision="heads")
        from quizapp.models.banks import Bank

        first = db.session.scalars(db.select(Bank.id).where(Bank.is_seed.is_(True))).first() is None
        if first and not quiet:
            click.echo("Generating the question bank of the seed article (first start only)…", err=True)
        bank = ensure_seed_bank(app.config.get("SEED_ARTICLE"), progress=progress if first else None)
        if first and not quiet:
            click.echo(f"Seed bank ready: {len(bank.questions)} questions.", err=True)
        # the workers fork from this process: they must not share its database connections
        db.session.remove()
        db.engine.dispose()


def run_gunicorn(app: Flask, *, host: str, port: int, workers: int, threads: int) -> None:
    """Serve ``app`` with gunicorn's threaded workers (a production server, not Flask's debug server)."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def __init__(self, options: dict[str, Any]) -> None:
            self.options = options
            super().__init__()

        def load_config(self) -> None:
            for key, value in self.options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    Server(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            # generating a bank from an uploaded article can take a while
            "timeout": 180,
            "accesslog": "-",
            "errorlog": "-",
            # no runtime control socket: several instances (tests, a second app) must not fight over its path
            "control_socket_disable": True,
        }
    ).run()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--instance",
    envvar="QUIZAPP_INSTANCE_PATH",
    type=click.Path(file_okay=False),
    help="Instance folder (database, secret key, config.py). Default: ./instance",
)
@click.pass_context
def main(ctx: click.Context, instance: str | None) -> None:
    """Quizapp: quizzes with explained answers, made from news articles.

    Run with no command to start the app on http://127.0.0.1:5000.
    """
    ctx.obj = {"instance": instance}
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@main.command()
@click.option("--host", default=SERVE_HOST, show_default=True, envvar="QUIZAPP_HOST")
@click.option("--port", default=SERVE_PORT, show_default=True, type=int, envvar="QUIZAPP_PORT")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@click.pass_context
def serve(
    ctx: click.Context, host: str = SERVE_HOST, port: int = SERVE_PORT, workers: int = 2, threads: int = 4
) -> None:
    """Set up the database on first start, then serve the app with gunicorn."""
    app = _make_app(ctx.obj.get("instance") if ctx.obj else None)
    click.echo(f"Instance folder: {app.instance_path}", err=True)
    prepare(app)
    click.echo(f"Quizapp is running on http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    run_gunicorn(app, host=host, port=port, workers=workers, threads=threads)


@main.command("import-article")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--owner", metavar="EMAIL", help="The teacher who owns the bank (default: none).")
@click.option(
    "--visibility", type=click.Choice(["public", "class", "private"]), default="public", show_default=True
)
@click.option("--pending", is_flag=True, help="Leave the questions pending a teacher's review.")
@click.pass_context
def import_article(ctx: click.Context, path: str, owner: str | None, visibility: str, pending: bool) -> None:
    """Import an article (txt, md, html, docx, pdf) and generate its question bank."""
    from questions import ArticleError
    from quizapp.services import accounts
    from quizapp.services.banks import import_article as do_import
    from quizapp.services.banks import kind_counts

    with _ready_app(ctx):
        owner_id = None
        if owner:
            user = accounts.find_by_email(owner)
            if user is None:
                raise click.ClickException(f"No account with the email {owner}.")
            owner_id = user.id
        try:
            bank = do_import(
                path,
                owner_id=owner_id,
                visibility=visibility,
                status="pending" if pending else "approved",
                progress=lambda stage, f: click.echo(f"  {stage} {f:4.0%}", err=True),
            )
        except ArticleError as exc:
            raise click.ClickException(str(exc)) from exc
        counts = ", ".join(f"{c.count} {c.kind}" for c in kind_counts([bank.id])[bank.id])
        click.echo(
            f"Imported bank {bank.id}: {bank.title} ({len(bank.questions)} questions"
            f"{': ' + counts if counts else ''})"
        )
        if bank.empty_reason:
            click.echo(f"No questions: {bank.empty_reason}", err=True)


@main.command("export-bank")
@click.argument("bank_id", type=int)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="json",
    show_default=True,
    help="quizbank JSON (lossless), CSV, Quizlet, Moodle GIFT or XML, Anki, a printable worksheet.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="File (default: standard output, for text formats).",
)
@click.option("--all-statuses", is_flag=True, help="Include pending and rejected questions.")
@click.pass_context
def export_bank(ctx: click.Context, bank_id: int, fmt: str, output: str | None, all_statuses: bool) -> None:
    """Export a bank's approved questions (quizbank/1 JSON by default)."""
    from quizapp.extensions import db
    from quizapp.models.banks import Bank
    from quizapp.services.banks import row_to_bank

    chosen = get_format(fmt)
    with _ready_app(ctx):
        row = db.session.get(Bank, bank_id)
        if row is None:
            raise click.ClickException(f"There is no bank {bank_id}.")
        statuses = ("approved", "pending", "rejected") if all_statuses else ("approved",)
        data = chosen.export_bytes(row_to_bank(row, statuses=statuses))
    if output:
        Path(output).write_bytes(data)
        click.echo(f"Wrote {output} ({chosen.label})", err=True)
    elif chosen.media_type.startswith(("text/", "application/json", "application/xml")):
        sys.stdout.write(data.decode("utf-8"))
        if not data.endswith(b"\n"):
            sys.stdout.write("\n")
    else:
        raise click.ClickException(f"{chosen.label} is a binary file: give a file name with --output.")


def _staff_command(role: str) -> click.Command:
    @click.command(f"create-{role}", help=f"Create a {role} account, or make an existing account {role}.")
    @click.argument("email")
    @click.option("--name", help="Display name (default: the part of the email before @).")
    @click.password_option(help="Password (asked for when not given).", required=False, prompt=False)
    @click.pass_context
    def command(ctx: click.Context, email: str, name: str | None, password: str | None) -> None:
        from quizapp.services import accounts

        with _ready_app(ctx):
            exists = accounts.find_by_email(email) is not None
            if not exists and not password:
                password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
            if password is not None and len(password) < 8:
                raise click.ClickException("Use a password of at least 8 characters.")
            try:
                user, created = accounts.ensure_staff(email, role, password, name)
            except accounts.AccountError as exc:
                raise click.ClickException(str(exc)) from exc
            click.echo(f"{'Created' if created else 'Updated'} {role} account {user.email}.")

    return command


main.add_command(_staff_command("teacher"))
main.add_command(_staff_command("admin"))


def register(app: Flask) -> None:
    """``flask --app quizapp seed``: the seed step of ``quizapp serve`` for people using the flask CLI."""

    @app.cli.command("seed")
    def seed() -> None:
        """Apply migrations and make sure the seed article's bank exists."""
        prepare(app)
