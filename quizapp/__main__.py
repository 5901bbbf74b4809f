"""``python -m quizapp``: the same as the ``quizapp`` console script."""

from quizapp.cli import main

main()
