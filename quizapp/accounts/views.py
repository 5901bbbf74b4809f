"""Accounts: sign up, log in, log out, play as a guest, and the admin's role changes."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from quizapp.accounts import logins
from quizapp.accounts import service as accounts
from quizapp.accounts.models import ROLES, User
from quizapp.core import times
from quizapp.core.extensions import db, limiter
from quizapp.core.forms import choices
from quizapp.core.names import name_problem
from quizapp.core.security import PASSWORD_MAX, password_problem, renew_session

bp = Blueprint("auth", __name__, url_prefix="/auth")

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address like name@example.org.")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254), EMAIL])
    password = PasswordField(
        "Password",
        validators=[
            DataRequired(),
            Length(max=PASSWORD_MAX, message=f"Passwords here have at most {PASSWORD_MAX} characters."),
        ],
    )
    # off unless ticked: on a shared school computer a remembered account stays open for the next pupil
    remember = BooleanField("Keep me logged in on this device", default=False)


class SignupForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254), EMAIL])
    display_name = StringField("Your name (shown to your teacher)", validators=[Length(max=80)])
    # the length rules (at least PASSWORD_MIN, at most PASSWORD_MAX) are password_problem's, so a short
    # password gets one message, and a long one a message about its length
    password = PasswordField("Password", validators=[DataRequired()])
    confirm = PasswordField(
        "Password again",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )
    keep_guest_scores = BooleanField("Keep the scores I got as a guest", default=True)

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "", self.email.data or "", self.display_name.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_display_name(self, field: StringField) -> None:
        problem = name_problem(field.data)
        if problem:
            raise ValidationError(problem)


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=choices((r, r.capitalize()) for r in ROLES))


def login_key() -> str:
    """Limit password guesses per account and address: a school's pupils share one address."""
    return f"{get_remote_address()}|{request.form.get('email', '').strip().lower()[:254]}"


def safe_next(default: str) -> str:
    """The ``next`` URL if it stays on this site, else ``default`` (no open redirects)."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    # browsers read "/\\evil.example" as "//evil.example": no backslashes, no control characters
    if any(c == "\\" or ord(c) < 32 for c in target):
        return default
    if target.startswith("/") and not target.startswith("//") and not parts.netloc and not parts.scheme:
        return target
    return default


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("100 per hour", methods=["POST"])  # a class signs up together, behind one address
def signup() -> Response | tuple[str, int]:
    if current_user.is_authenticated and not current_user.is_guest:
        return redirect(url_for("library.index"))
    form = SignupForm()
    # the real row, not the current_user proxy: it may be logged in again as the new account
    guest = (
        current_user._get_current_object()
        if current_user.is_authenticated and current_user.is_guest
        else None
    )
    if form.validate_on_submit():
        try:
            user = accounts.sign_up(
                form.email.data or "",
                form.password.data or "",
                form.display_name.data or "",
                guest=guest,
                keep_guest_scores=bool(form.keep_guest_scores.data),
            )
        except accounts.AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            renew_session()
            login_user(user, remember=False)  # "keep me logged in" is a choice made when logging in
            kept = guest is not None and user.id == guest.id
            flash(
                "Welcome! Your account is ready" + (", with your guest scores." if kept else "."), "success"
            )
            return redirect(safe_next(url_for("library.index")))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/signup.html", form=form, guest=guest), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], key_func=login_key)
# and per address, against one address trying many accounts (a class of 30 logging in stays well below)
@limiter.limit("300 per hour", methods=["POST"])
def login() -> Response | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            renew_session()
            login_user(user, remember=bool(form.remember.data))
            flash(f"Welcome back, {user.display_name}.", "success")
            return redirect(safe_next(url_for("library.index")))
        form.password.errors.append("That email and password do not match an account.")
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


@bp.get("/logout")
def logout_page() -> Response | str:
    """Before logging out: a guest is warned that their scores go with them, and offered to sign up
    first (the header's "Log out" leads a guest here). Logging out itself stays a POST."""
    if not current_user.is_authenticated:
        return redirect(url_for("library.index"))
    return render_template("accounts/logout.html")


@bp.post("/logout")
def logout() -> Response:
    logins.end_session(current_user)
    renew_session()
    logout_user()  # after the renewal: it asks for the remember-me cookie to be deleted
    flash("You are logged out.", "info")
    return redirect(url_for("library.index"))


class TimeZoneForm(FlaskForm):
    time_zone = StringField("Time zone", validators=[DataRequired(), Length(max=64)])

    def validate_time_zone(self, field: StringField) -> None:
        if not times.valid_time_zone(field.data or ""):
            raise ValidationError("Not a time zone this server knows.")


@bp.post("/time-zone")
@limiter.limit("60 per hour")
def time_zone() -> Response | tuple[str, int]:
    """Remember the browser's time zone for the account (static/js/localtime.js sends it when it
    differs), so that pages show local times from the server on, scripts or not. 204 when kept."""
    if not current_user.is_authenticated:
        return "Log in first.", 401
    form = TimeZoneForm()
    if not form.validate_on_submit():
        return "Send an IANA time zone such as Europe/Berlin.", 400
    accounts.remember_time_zone(current_user._get_current_object(), form.time_zone.data or "UTC")
    return "", 204


@bp.post("/guest")
@limiter.limit("300 per hour")
def guest() -> Response:
    """Play without an account: a guest kept by a long-lived cookie, so scores survive a closed browser."""
    FlaskForm().validate_on_submit()  # CSRFProtect already checked the token; nothing else to read
    if not current_user.is_authenticated:
        renew_session()
        login_user(accounts.create_guest(), remember=True)
        flash("You are playing as a guest. Sign up any time to keep your scores.", "info")
    return redirect(safe_next(url_for("quiz.new")))


@bp.get("/users")
@login_required
def users() -> str:
    if not current_user.is_admin:
        abort(403)
    return render_template("accounts/users.html", users=accounts.all_users(), form=RoleForm())


@bp.post("/users/<int:user_id>/role")
@login_required
def set_role(user_id: int) -> Response:
    if not current_user.is_admin:
        abort(403)
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Choose one of the roles listed.", "error")
        return redirect(url_for("auth.users"))
    try:
        accounts.set_role(user, form.role.data or "", by=current_user)
    except accounts.AccountError as exc:
        flash(str(exc), "error")
    else:
        flash(f"{user.display_name} is now {user.role}.", "success")
    return redirect(url_for("auth.users"))
