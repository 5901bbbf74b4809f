"""The declarative base shared by every model (with a naming convention Alembic can rely on), and the
function that loads every feature's models."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

#: Constraint names that are the same on SQLite and PostgreSQL, so migrations can drop them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo: SQLite drops it anyway, so every timestamp is naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def load_models() -> None:
    """Import every feature's ``models`` module, so the metadata knows every table.

    ``create_all`` in the tests and Alembic's comparisons need all of them; each feature package that
    has a ``models.py`` is found here, without core naming (and so importing) the features.
    """
    for info in pkgutil.iter_modules([str(Path(__file__).resolve().parent.parent)]):
        if info.ispkg and info.name != "core":
            try:
                importlib.import_module(f"quizapp.{info.name}.models")
            except ModuleNotFoundError as error:
                if error.name != f"quizapp.{info.name}.models":
                    raise
