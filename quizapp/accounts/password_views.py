"""Changing one's password in the app, and logging out on every device. Both end every log-in session
of the account (see :mod:`quizapp.accounts.logins`); a password change keeps this device logged in."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from quizapp.accounts import logins
from quizapp.accounts.views import bp
from quizapp.core.extensions import db, limiter
from quizapp.core.security import PASSWORD_MAX, password_problem, renew_session


class PasswordForm(FlaskForm):
    current = PasswordField(
        "Current password",
        validators=[
            DataRequired(),
            Length(max=PASSWORD_MAX, message=f"Passwords here have at most {PASSWORD_MAX} characters."),
        ],
    )
    password = PasswordField("New password", validators=[DataRequired()])
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )

    def validate_current(self, field: PasswordField) -> None:
        if not current_user.check_password(field.data or ""):
            raise ValidationError("That is not your current password.")

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "", current_user.email or "", current_user.display_name)
        if problem:
            raise ValidationError(problem)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def password() -> Response | tuple[str, int]:
    """Change the password: every other device (and any copied cookie) is logged out."""
    if current_user.is_guest:
        flash("A guest has no password: sign up to set one.", "info")
        return redirect(url_for("auth.signup"))
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        user.set_password(form.password.data or "")  # ends every log-in session of the account
        db.session.commit()
        renew_session()
        login_user(user, remember=False)
        flash("Your password is changed. Every other device is logged out.", "success")
        return redirect(url_for("library.index"))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/password.html", form=form, everywhere=FlaskForm()), status


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere() -> Response:
    """End every log-in session of this account, on this device and all others."""
    FlaskForm().validate_on_submit()  # CSRFProtect already checked the token; nothing else to read
    logins.end_all_sessions(current_user._get_current_object())
    db.session.commit()
    renew_session()
    logout_user()
    flash("You are logged out on every device.", "info")
    return redirect(url_for("library.index"))
