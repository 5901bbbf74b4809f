"""The navigation bar: each area adds its own links, so base.html need not know every area.

Usage in the factory, beside ``app.register_blueprint(study.bp)``::

    add_nav_link(app, "Flashcards", "study.index", order=30)
    add_nav_link(app, "Authoring", "authoring.index", teacher_only=True, order=60)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_login import current_user


@dataclass(frozen=True)
class NavLink:
    label: str
    endpoint: str
    order: int = 50
    teacher_only: bool = False
    login_required: bool = False


def add_nav_link(
    app: Flask,
    label: str,
    endpoint: str,
    *,
    order: int = 50,
    teacher_only: bool = False,
    login_required: bool = False,
) -> None:
    links: list[NavLink] = app.extensions.setdefault("quizapp_nav", [])
    links.append(NavLink(label, endpoint, order, teacher_only, login_required))
    links.sort(key=lambda link: link.order)


def _shown_links() -> list[dict[str, Any]]:
    shown = []
    for link in current_app.extensions.get("quizapp_nav", []):
        if link.teacher_only and not getattr(current_user, "is_teacher", False):
            continue
        if link.login_required and not current_user.is_authenticated:
            continue
        blueprint = link.endpoint.split(".", 1)[0]
        shown.append(
            {
                "label": link.label,
                "url": url_for(link.endpoint),
                "current": request.blueprint == blueprint,
            }
        )
    return shown


class _NavLinks:
    """The links, worked out only when a template shows them: a fragment (a classroom phone's next page,
    rendered hundreds of times a minute) has no menu, and would otherwise load the user and build every
    link's URL for nothing."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(_shown_links())


def init_app(app: Flask) -> None:
    @app.context_processor
    def nav_links() -> dict[str, Any]:
        return {"nav_links": _NavLinks()}
