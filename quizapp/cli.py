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
from quizapp.library.seed import prepare

SERVE_HOST = "127.0.0.1"
SERVE_PORT = 5000


def _make_app(instance: str | None) -> Flask:
    from quizapp import create_app

    return create_app(instance_path=instance)


class StartupFailure(click.ClickException):
    """A configuration the app cannot start with: one line on standard error, exit code 2."""

    exit_code = 2


@contextmanager
def _startup_errors(instance: str | None) -> Iterator[None]:
    """Turn a bad DATABASE_URL, an unreachable database or an unwritable instance folder into one line."""
    import os

    from quizapp.core.config import instance_path
    from quizapp.core.operations import STARTUP_ERRORS, describe_startup_error

    try:
        yield
    except STARTUP_ERRORS as exc:
        url = os.environ.get("QUIZAPP_SQLALCHEMY_DATABASE_URI") or os.environ.get("DATABASE_URL")
        raise StartupFailure(
            describe_startup_error(exc, instance_path=instance_path(instance), database_url=url)
        ) from exc


def _checked_app(ctx: click.Context) -> Flask:
    """The app, after checking its instance folder can be written: StartupFailure otherwise."""
    from quizapp.core.config import instance_path
    from quizapp.core.operations import check_instance_writable

    instance = ctx.obj.get("instance") if ctx.obj else None
    with _startup_errors(instance):
        check_instance_writable(instance_path(instance))
        return _make_app(instance)


@contextmanager
def _ready_app(ctx: click.Context) -> Iterator[Flask]:
    """An app with an up-to-date database, inside its app context; its connections closed afterwards."""
    from quizapp.core.extensions import db

    app = _checked_app(ctx)
    with _startup_errors(app.instance_path):
        prepare(app, quiet=True)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


#: gunicorn's own messages (workers starting, timeouts) as JSON lines too, like the app's
GUNICORN_JSON_LOGS: dict[str, Any] = {
    "logconfig_dict": {
        "version": 1,
        "disable_existing_loggers": False,
        "root": {"level": "INFO", "handlers": []},
        "formatters": {"json": {"()": "quizapp.core.logs.JsonFormatter"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
            # the app logs each request itself, with its request id
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
    }
}


def _patched_for_gevent() -> bool:
    if "gevent.monkey" not in sys.modules:
        return False
    from gevent import monkey

    return bool(monkey.is_module_patched("threading"))


def worker_options(*, threads: int, push: bool) -> dict[str, Any]:
    """gunicorn's worker: gevent when the classroom pushes (each phone holds a stream open, a greenlet
    each), threads otherwise."""
    if push:
        # a phone's stream never ends by itself: on a stop or restart, give requests 10 s, then close
        return {"worker_class": "gevent", "worker_connections": 4000, "graceful_timeout": 10}
    return {"worker_class": "gthread", "threads": threads}


def run_gunicorn(app: Flask, *, host: str, port: int, workers: int, threads: int, push: bool = False) -> None:
    """Serve ``app`` with gunicorn (a production server, not Flask's debug server): threaded workers, or
    gevent's when the classroom pushes (``push``; the process must be patched first, see ``serve``)."""
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
            **worker_options(threads=threads, push=push),
            # generating a bank from an uploaded article can take a while
            "timeout": 180,
            # live classroom pages poll every 2 s: keep their connections open longer than that, or a
            # poll races the server closing the idle connection (gunicorn's default is 2 s)
            "keepalive": 5,
            # the app writes one line per request itself (JSON with its request id, or short text)
            "accesslog": None,
            "errorlog": "-",
            **(GUNICORN_JSON_LOGS if app.config.get("LOG_JSON") else {}),
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
@click.option(
    "--no-migrate",
    is_flag=True,
    envvar="QUIZAPP_NO_MIGRATE",
    help="Do not apply migrations (several servers: run `quizapp migrate` once, before them).",
)
@click.option(
    "--log-format",
    type=click.Choice(["auto", "text", "json"]),
    default="auto",
    show_default=True,
    envvar="QUIZAPP_LOG_FORMAT",
    help="A line per request: short text in a terminal, JSON otherwise (auto), or as chosen.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str = SERVE_HOST,
    port: int = SERVE_PORT,
    workers: int = 2,
    threads: int = 4,
    no_migrate: bool = False,
    log_format: str = "auto",
) -> None:
    """Set up the database on first start, then serve the app with gunicorn (settings: docs/operations.md)."""
    # gevent's worker when `quizapp` patched the process for push before anything else (quizapp.launch)
    pushing = _patched_for_gevent()
    from quizapp.core.logs import use_format, wants_json
    from quizapp.core.operations import hold_serve_lock, serving_note

    app = _checked_app(ctx)
    use_format(app, wants_json(log_format, configured=bool(app.config.get("LOG_JSON", True))))
    click.echo(serving_note(app), err=True)
    with _startup_errors(app.instance_path):
        if no_migrate:
            check_migrated(app)
        else:
            prepare(app)
        lock = hold_serve_lock(app.instance_path)
    if pushing and workers > 1 and not app.config.get("PUSH_REDIS_URL"):
        # without Redis, a teacher's click reaches the phones of its own worker only
        click.echo(
            "Classroom push without QUIZAPP_PUSH_REDIS_URL: one worker (set it to run more).", err=True
        )
        workers = 1
    click.echo(f"Quizapp is running on http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    try:
        run_gunicorn(app, host=host, port=port, workers=workers, threads=threads, push=pushing)
    finally:
        lock.close()


def check_migrated(app: Flask) -> None:
    """Refuse to serve a database that ``quizapp migrate`` has not brought up to date."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    from quizapp.core.extensions import db
    from quizapp.core.operations import StartupError

    with app.app_context():
        migrate_ext: Migrate = app.extensions["migrate"].migrate
        script = ScriptDirectory.from_config(migrate_ext.get_config())
        with db.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
        db.engine.dispose()
    if current != set(script.get_heads()):
        raise StartupError(
            "The database is not up to date: run `quizapp migrate` once, then start the servers."
        )


@main.command()
@click.pass_context
def migrate(ctx: click.Context) -> None:
    """Apply migrations and create the seed bank, once per deployment (then `serve --no-migrate`).

    Safe to run from several hosts at once on PostgreSQL: an advisory lock lets one migrate at a time.
    """
    app = _checked_app(ctx)
    with _startup_errors(app.instance_path):
        prepare(app)
    click.echo("The database is up to date.", err=True)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
def backup(ctx: click.Context, path: str) -> None:
    """Copy the SQLite database to PATH while the app runs (SQLite's online backup API).

    For PostgreSQL it says to use pg_dump instead.
    """
    from quizapp.core.operations import BackupError, backup_sqlite, sqlite_path

    app = _checked_app(ctx)
    try:
        source = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
        backup_sqlite(source, Path(path))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {source} to {path}.", err=True)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def restore(ctx: click.Context, path: str, yes: bool) -> None:
    """Replace the SQLite database with the backup at PATH (stop the server first).

    The replaced database is kept beside it as quizapp.sqlite.before-restore-<time>.
    """
    from quizapp.core.operations import BackupError, restore_sqlite, server_running, sqlite_path

    app = _checked_app(ctx)
    try:
        target = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    if server_running(app.instance_path):
        raise click.ClickException(
            f"A quizapp server is running from {app.instance_path}: stop it, then restore."
        )
    if not yes:
        click.confirm(f"Replace {target} with {path}?", abort=True)
    try:
        kept = restore_sqlite(Path(path), target)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    if kept:
        click.echo(f"The replaced database is kept at {kept}.", err=True)
    click.echo(f"Restored {target} from {path}. Start the server again.", err=True)


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
    from quizapp.accounts import service as accounts
    from quizapp.library.banks import kind_counts
    from quizapp.library.store import import_article as do_import

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
    help="quizbank JSON (lossless), CSV, Quizlet, Moodle GIFT or XML, Anki, a worksheet (HTML, PDF).",
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
    from quizapp.core.extensions import db
    from quizapp.library.models import Bank
    from quizapp.library.store import row_to_bank

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


@main.command("prune-guests")
@click.option(
    "--days",
    default=90,
    show_default=True,
    type=click.IntRange(1, 36500),
    help="Delete guests idle for this many days.",
)
@click.option("--dry-run", is_flag=True, help="Only say how many would be deleted.")
@click.pass_context
def prune_guests(ctx: click.Context, days: int, dry_run: bool) -> None:
    """Delete guest accounts idle for DAYS: no quiz or classroom answer since.

    Their attempts, cards and reviews go with them; accounts that signed up are never touched.
    """
    from datetime import timedelta

    from quizapp.accounts import service as accounts

    with _ready_app(ctx):
        ids = accounts.idle_guests(timedelta(days=days))
        if dry_run:
            click.echo(f"{len(ids)} guest account(s) idle for {days} days would be deleted.")
            return
        accounts.delete_users(ids)
        click.echo(f"Deleted {len(ids)} guest account(s) idle for {days} days.")


@main.group("itemstats")
def itemstats_commands() -> None:
    """Item statistics: the figures kept per question from its answers."""


def rebuild_item_statistics(bank_id: int | None = None) -> int:
    """Recount the current item statistics from the stored quiz, classroom and flashcard answers."""
    from quizapp.classroom import item_answers as classroom
    from quizapp.itemstats.rebuild import rebuild
    from quizapp.quiz import item_answers as quiz
    from quizapp.study import item_answers as study

    return rebuild((quiz.stored_counts, classroom.stored_counts, study.stored_counts), bank_id=bank_id)


@itemstats_commands.command("rebuild")
@click.option("--bank", "bank_id", type=click.IntRange(1, 2**31 - 1), help="Only this bank's questions.")
@click.pass_context
def itemstats_rebuild(ctx: click.Context, bank_id: int | None) -> None:
    """Recount every question's current figures from the stored answers.

    Run it once after upgrading to the release that added item statistics (answers stored before it were
    not counted), after `quizapp migrate` and before starting the servers. Earlier editions of edited
    questions (their history) are left as they are. Safe to run again: it recounts, it does not add.
    """
    from quizapp.core.extensions import db
    from quizapp.library.models import Bank

    with _ready_app(ctx):
        if bank_id is not None and db.session.get(Bank, bank_id) is None:
            raise click.ClickException(f"There is no bank {bank_id}.")
        counted = rebuild_item_statistics(bank_id)
        where = f"bank {bank_id}" if bank_id is not None else "every bank"
        click.echo(f"Item statistics of {where} rebuilt from {counted} stored answers.")


def _read_password() -> str:
    """Ask for the password in a terminal; read its first line when it is piped in (getpass would
    warn that it cannot hide the input, and ask for it twice)."""
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise click.ClickException("Give a password: --password, or its first line on standard input.")
    return password


def _staff_command(role: str) -> click.Command:
    @click.command(f"create-{role}", help=f"Create a {role} account, or make an existing account {role}.")
    @click.argument("email")
    @click.option("--name", help="Display name (default: the part of the email before @).")
    @click.password_option(help="Password (asked for when not given).", required=False, prompt=False)
    @click.pass_context
    def command(ctx: click.Context, email: str, name: str | None, password: str | None) -> None:
        from quizapp.accounts import service as accounts

        with _ready_app(ctx):
            exists = accounts.find_by_email(email) is not None
            if not exists and not password:
                password = _read_password()
            from quizapp.core.security import password_problem

            problem = password_problem(password, email, name or "") if password is not None else None
            if problem:
                raise click.ClickException(problem)
            try:
                user, created = accounts.ensure_staff(email, role, password, name)
            except accounts.AccountError as exc:
                raise click.ClickException(str(exc)) from exc
            click.echo(f"{'Created' if created else 'Updated'} {role} account {user.email}.")

    return command


main.add_command(_staff_command("teacher"))
main.add_command(_staff_command("admin"))
