"""Authoring: the teachers' pages (``bp``, /author) and the students' side of question sets
(``sets_bp``, /sets). Register both in the factory."""

from quizapp.authoring.sets import bp as sets_bp
from quizapp.authoring.views import bp

__all__ = ["bp", "sets_bp"]
