"""Quizzes: choose a bank and options, answer one question per page, see why, review at the end."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("quiz", __name__, url_prefix="/quiz")


@bp.get("/")
def new() -> str:
    return render_template("quiz/new.html")
