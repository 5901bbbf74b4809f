"""Typed SQLAlchemy 2 models, one module per area.

:func:`load_models` imports every module in this package so that the metadata (for
``create_all`` in tests and for Alembic's comparisons) knows every table, including the
modules other areas add here, without this file having to list them.
"""

from __future__ import annotations

import importlib
import pkgutil


def load_models() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
