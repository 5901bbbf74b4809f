"""Interchange formats: a bank out to a file, and questions in from one.

Pure functions of a :class:`questions.bank.Bank` (no Flask, SQLAlchemy or WTForms), so the CLI
and the web app share them. Each format is registered by name::

    from questions.formats import FORMATS, get_format

    fmt = get_format("gift")
    data = fmt.export_bytes(bank)                  # bytes to save or send (fmt.media_type, fmt.extension)
    result = fmt.import_(data, article_text=text)  # an ImportResult; never raises on bad input
    result.questions, result.skipped, result.errors

Import skips the items it cannot represent and lists each with a reason; it never fails the
whole file for one bad item. See docs/formats.md for what each format keeps and loses.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from questions.bank import Bank
from questions.formats import csvfmt, gift, moodle_xml, native, worksheet
from questions.formats._common import ImportResult, Skipped


def _lazy(module: str, function: str) -> Callable[..., bytes | str]:
    """An exporter whose module is imported on first use: genanki and fpdf2 take about a second to
    import, which writing GIFT or CSV should not pay."""

    def export(bank: Bank, **opts: Any) -> bytes | str:
        exporter: Callable[..., bytes | str] = getattr(
            importlib.import_module(f"questions.formats.{module}"), function
        )
        return exporter(bank, **opts)

    export.__name__ = export.__qualname__ = function
    return export


@dataclass(frozen=True, slots=True)
class Format:
    """A registered format: how to write a bank, how to read questions back, and how to serve it."""

    name: str
    label: str
    media_type: str
    extension: str
    exporter: Callable[..., bytes | str]
    importer: Callable[..., ImportResult] | None = None
    #: the exporter takes ``skipped=[...]`` and lists there the questions it could not write
    reports_skipped: bool = False

    def export(self, bank: Bank, **opts: Any) -> bytes | str:
        """The bank in this format: ``str`` for text formats, ``bytes`` for binary ones."""
        return self.exporter(bank, **opts)

    def export_bytes(self, bank: Bank, **opts: Any) -> bytes:
        """The bank in this format as bytes (text is UTF-8), ready to save or send."""
        data = self.exporter(bank, **opts)
        return data.encode("utf-8") if isinstance(data, str) else data

    @property
    def can_import(self) -> bool:
        return self.importer is not None

    def import_(self, data: bytes | str, **opts: Any) -> ImportResult:
        """Questions read from ``data``; never raises on malformed input.

        Options: ``article_text`` (the article the questions are about: excerpts found in it
        become sources; without it imported questions have no sources).
        """
        if self.importer is None:
            raise NotImplementedError(f"{self.label} files cannot be imported")
        return self.importer(data, **opts)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "json",
            "quizbank JSON (lossless)",
            "application/json",
            ".json",
            native.export_json,
            native.import_json,
        ),
        Format("csv", "CSV, all fields", "text/csv", ".csv", csvfmt.export_full_csv, csvfmt.import_csv),
        Format(
            "quizlet",
            "CSV for Quizlet (term, definition)",
            "text/csv",
            ".csv",
            csvfmt.export_quizlet,
            csvfmt.import_quizlet,
        ),
        Format("gift", "Moodle GIFT", "text/plain", ".gift.txt", gift.export_gift, gift.import_gift, True),
        Format(
            "moodle-xml",
            "Moodle XML",
            "application/xml",
            ".moodle.xml",
            moodle_xml.export_moodle_xml,
            moodle_xml.import_moodle_xml,
            True,
        ),
        Format("anki", "Anki deck (.apkg)", "application/apkg", ".apkg", _lazy("anki", "export_apkg")),
        Format(
            "worksheet",
            "Printable worksheet with answer key (HTML)",
            "text/html",
            ".html",
            worksheet.export_worksheet,
        ),
        Format(
            "worksheet-pdf",
            "Printable worksheet with answer key (PDF)",
            "application/pdf",
            ".pdf",
            _lazy("worksheet_pdf", "export_worksheet_pdf"),
        ),
    )
}


class UnknownFormat(KeyError):
    """A format name that is not registered."""

    def __str__(self) -> str:
        return f"unknown format {self.args[0]!r}; known: {', '.join(FORMATS)}"


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormat(name) from None


def guess_format(filename: str) -> Format | None:
    """The importable format a file name suggests (``.gift``/``.txt`` GIFT, ``.xml``, ``.csv``, ``.json``)."""
    low = filename.lower()
    for suffix, name in (
        (".json", "json"),
        (".xml", "moodle-xml"),
        (".gift", "gift"),
        (".gift.txt", "gift"),
        (".txt", "gift"),
        (".csv", "csv"),
        (".tsv", "quizlet"),
        (".apkg", "anki"),
        (".html", "worksheet"),
    ):
        if low.endswith(suffix):
            return FORMATS[name]
    return None


__all__ = ["FORMATS", "Format", "ImportResult", "Skipped", "UnknownFormat", "get_format", "guess_format"]
