"""The request class: form fields without NUL characters.

PostgreSQL text cannot hold NUL (``\\x00``) and no person types one, so a form carrying it would
otherwise end in a database error (a 500) instead of an ordinary answer or form error.
"""

from __future__ import annotations

from flask import Request as FlaskRequest


class Request(FlaskRequest):
    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form is not None and any("\x00" in v for v in form.values()):
            self.__dict__["form"] = self.parameter_storage_class(
                [(key, value.replace("\x00", "")) for key, value in form.items(multi=True)]
            )
