"""``python -m quizapp``: the same as the ``quizapp`` console script."""

from quizapp.launch import main

main()
