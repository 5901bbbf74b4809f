"""Form helpers shared by the areas."""

from __future__ import annotations

from typing import Any

try:  # WTForms >= 3.3 deprecates (value, label) tuples in favour of SelectChoice
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - older WTForms
    SelectChoice = None


def choice(value: Any, label: str | None = None) -> Any:
    """One option of a SelectField, RadioField or SelectMultipleField."""
    label = str(value) if label is None else label
    if SelectChoice is not None:
        return SelectChoice(value, label)
    return (value, label)


def choices(pairs: Any) -> list[Any]:
    return [choice(v, label) for v, label in pairs]
