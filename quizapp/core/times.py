"""Times as the reader's clock shows them: the ``|localtime`` Jinja filter.

The database keeps UTC (naive datetimes are UTC). A page shows a time in the account's remembered
time zone (``users.time_zone``; UTC for visitors and until it is known) inside
``<time datetime="…Z" data-localtime="…">``: the attribute keeps UTC for machines.
``static/js/localtime.js`` (added at the end of the pages that show a time) rewrites the text in the
browser's own zone and, when the account's remembered zone differs, sends the browser's zone to
``POST /auth/time-zone``, so that the next page is right without scripts too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import Flask, g
from flask_login import current_user
from markupsafe import Markup, escape

#: the formats a page may ask for; localtime.js knows the same names
FORMATS = {
    "datetime": "%d %b %Y, %H:%M",
    "short": "%d %b, %H:%M",
    "time": "%H:%M",
}


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_time_zone(name: str) -> bool:
    """An IANA zone name this machine knows ("Europe/Berlin"), not a path or an abbreviation."""
    return name in _zone_names()


def zone_of(name: str | None) -> ZoneInfo:
    if name and valid_time_zone(name):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):  # listed but unreadable: UTC rather than a 500
            pass
    return ZoneInfo("UTC")


def reader_zone() -> ZoneInfo:
    """The zone the pages of this request are shown in: the account's, else UTC."""
    return zone_of(getattr(current_user, "time_zone", None))


def utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def localtime(moment: datetime | None, fmt: str = "datetime", *, shared: bool = False) -> Markup:
    """``<time>`` for ``moment`` in the reader's zone, with its zone's short name ("CET", "UTC").

    ``shared=True`` writes UTC: for a fragment rendered once and served to every phone of a classroom
    (the script still shows each its own zone)."""
    if moment is None:
        return Markup("")
    pattern = FORMATS.get(fmt, FORMATS["datetime"])
    g.localtime_used = True  # base.html then adds the script, only to the pages that show a time
    at = utc(moment)
    local = at.astimezone(ZoneInfo("UTC") if shared else reader_zone())
    machine = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    shown = f"{local.strftime(pattern)} {local.tzname() or 'UTC'}"
    return Markup('<time datetime="{}" data-localtime="{}">{}</time>').format(machine, escape(fmt), shown)


def localtime_used() -> bool:
    return bool(g.get("localtime_used"))


def init_app(app: Flask) -> None:
    app.add_template_filter(localtime, "localtime")
    app.add_template_global(localtime_used, "localtime_used")
