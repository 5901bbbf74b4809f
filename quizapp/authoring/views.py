"""Authoring pages (/author): import articles, review generated questions, write questions,
download and upload question files (question sets: set_views.py). Teachers only; each their own.

Every page works without JavaScript: plain forms, one POST per action, redirects after each POST.
The import page polls its job with static/js/authoring.js, or refreshes itself (meta refresh)
when scripts are off.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

import questions as qs
from quizapp.authoring import banks as authoring_banks
from quizapp.authoring import formats, forms, imports, kinds, review
from quizapp.authoring import sets as authoring_sets
from quizapp.authoring.models import ImportJob, QuestionSet
from quizapp.core import access
from quizapp.core.errors import render_error
from quizapp.core.extensions import db, login_manager
from quizapp.core.forms import choice
from quizapp.library.models import Bank, Question
from quizapp.library.store import row_to_question

bp = Blueprint("authoring", __name__, url_prefix="/author")

#: the largest request an authoring form may send: a 2 MB article or question file and the form around it
MAX_REQUEST = qs.MAX_BYTES + 64 * 1024
TOO_LARGE = "Articles and question files can be up to 2 MB; this upload is larger. Shorten it or split it."


@bp.url_value_preprocessor
def limit_request_size(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
    # URL value preprocessors run before every before_request function, so the limit is in force
    # before CSRFProtect reads the form; the app's own limit is larger, for other areas
    request.max_content_length = MAX_REQUEST


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc: RequestEntityTooLarge) -> tuple[str, int]:
    return render_error(413, TOO_LARGE, "Upload too large")


@bp.before_request
def teachers_only() -> Response | None:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()  # type: ignore[no-any-return]
    if not current_user.is_teacher:
        abort(403, "Only teachers can author questions. Ask an admin to make your account a teacher's.")
    return None


@bp.before_app_request
def start_worker() -> None:
    """The background worker runs in every process that serves requests (see quizapp.authoring.imports)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if imports.worker_mode(app) == "thread":
        imports.ensure_worker(app)


# --- lookups that 404 when missing and 403 when not yours -----------------------------------------


def own_bank(bank_id: int) -> Bank:
    bank = db.get_or_404(Bank, bank_id)
    if not access.can_edit_bank(current_user, bank):
        abort(403)
    return bank


def own_question(question_id: int) -> Question:
    row = db.get_or_404(Question, question_id)
    if not access.can_edit_bank(current_user, row.bank):
        abort(403)
    return row


def own_set(set_id: int) -> QuestionSet:
    qset = db.get_or_404(QuestionSet, set_id)
    if not access.can_edit_set(current_user, qset):
        abort(403)
    return qset


def own_job(job_id: int) -> ImportJob:
    job = db.get_or_404(ImportJob, job_id)
    if job.owner_id != current_user.id and not current_user.is_admin:
        abort(403)
    return job


# --- home -----------------------------------------------------------------------------------------


@bp.get("/")
def index() -> str:
    banks = authoring_banks.authored_banks(current_user)
    return render_template(
        "authoring/index.html",
        banks=banks,
        counts=authoring_banks.status_counts(b.id for b in banks),
        sets=authoring_sets.sets_of(current_user),
        jobs=imports.jobs_of(current_user, limit=8),
        new_bank_form=forms.NewBankForm(formdata=None),
        set_form=forms.SetForm(formdata=None),
    )


# --- importing an article -------------------------------------------------------------------------


@bp.route("/import", methods=["GET", "POST"])
def import_article() -> Response | tuple[str, int]:
    form = forms.ImportForm()
    if form.validate_on_submit():
        data, filename = form.article_bytes()
        try:
            job, _detected = imports.create_import_job(
                current_user.id,
                data,
                filename,
                title=form.title.data,
                published=form.published.data,
                visibility=form.visibility.data or "private",
            )
        except qs.ArticleError as exc:
            (form.file if filename != "pasted.txt" else form.text).errors.append(str(exc))
        else:
            return redirect(url_for("authoring.job", job_id=job.id))
    status = 422 if request.method == "POST" else 200
    return render_template("authoring/import.html", form=form), status


@bp.get("/jobs/<int:job_id>")
def job(job_id: int) -> str:
    job = own_job(job_id)
    info = forms.ArticleInfoForm(formdata=None, title=job.title, published=job.published)
    return render_template("authoring/job.html", job=job, info_form=info, action_form=forms.ActionForm())


@bp.get("/jobs/<int:job_id>/status")
def job_status(job_id: int) -> Response:
    """The job's progress as JSON, for the page's script."""
    job = own_job(job_id)
    return jsonify(
        status=job.status,
        stage=job.stage,
        progress=round(job.progress, 3),
        error=job.error,
        finished=job.finished,
        bank_url=url_for("authoring.bank", bank_id=job.bank_id) if job.bank_id else None,
    )


@bp.post("/jobs/<int:job_id>/info")
def job_info(job_id: int) -> Response | tuple[str, int]:
    job = own_job(job_id)
    form = forms.ArticleInfoForm()
    if not form.validate_on_submit():
        return render_template(
            "authoring/job.html", job=job, info_form=form, action_form=forms.ActionForm()
        ), 422
    imports.update_job_info(job, title=form.title.data or "", published=form.published.data)
    flash("Title and date saved.", "success")
    return redirect(url_for("authoring.job", job_id=job.id))


@bp.post("/jobs/<int:job_id>/retry")
def job_retry(job_id: int) -> Response:
    job = own_job(job_id)
    forms.ActionForm().validate_on_submit()
    try:
        imports.retry_job(job)
    except authoring_banks.AuthoringError as exc:
        flash(str(exc), "error")
    return redirect(url_for("authoring.job", job_id=job.id))


# --- a bank (its review queue: review_views.py) ---------------------------------------------------


@bp.get("/banks/<int:bank_id>/article")
def bank_article(bank_id: int) -> str:
    bank = own_bank(bank_id)
    return render_template("authoring/article.html", bank=bank, blocks=review.article_view(bank))


@bp.post("/banks/<int:bank_id>/info")
def bank_info(bank_id: int) -> Response:
    bank = own_bank(bank_id)
    form = forms.ArticleInfoForm()
    if form.validate_on_submit():
        imports.update_article_info(bank, title=form.title.data or "", published=form.published.data)
        flash("Title and date saved.", "success")
    else:
        flash(" ".join(e for errs in form.errors.values() for e in errs), "error")
    return redirect(url_for("authoring.bank", bank_id=bank.id))


@bp.post("/banks/<int:bank_id>/settings")
def bank_settings(bank_id: int) -> Response:
    bank = own_bank(bank_id)
    form = forms.BankSettingsForm()
    if form.validate_on_submit():
        authoring_banks.update_bank_settings(bank, visibility=form.visibility.data or "private")
        flash("Saved: " + forms.VISIBILITY_LABELS[bank.visibility] + ".", "success")
    return redirect(url_for("authoring.bank", bank_id=bank.id))


@bp.post("/banks/<int:bank_id>/new-link")
def bank_new_link(bank_id: int) -> Response:
    bank = own_bank(bank_id)
    forms.ActionForm().validate_on_submit()
    authoring_banks.new_bank_link(bank)
    flash("A new link was made; the old one no longer works.", "success")
    return redirect(url_for("authoring.bank", bank_id=bank.id) + "#sharing")


@bp.post("/banks/<int:bank_id>/delete")
def bank_delete(bank_id: int) -> Response:
    bank = own_bank(bank_id)
    forms.ActionForm().validate_on_submit()
    title = bank.title
    try:
        authoring_banks.delete_bank(bank)
    except authoring_banks.AuthoringError as exc:
        flash(str(exc), "error")
        return redirect(url_for("authoring.bank", bank_id=bank.id))
    flash(f"“{title}” and its questions were deleted.", "success")
    return redirect(url_for("authoring.index"))


@bp.post("/banks/new")
def bank_new() -> Response | tuple[str, int]:
    form = forms.NewBankForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errs in form.errors.values() for e in errs), "error")
        return redirect(url_for("authoring.index"))
    bank = authoring_banks.create_empty_bank(
        current_user.id, form.title.data or "", text=(form.text.data or "").strip()
    )
    db.session.commit()
    flash("Bank created: write its first question.", "success")
    return redirect(url_for("authoring.bank", bank_id=bank.id))


@bp.route("/banks/<int:bank_id>/regenerate", methods=["GET", "POST"])
def bank_regenerate(bank_id: int) -> Response | tuple[str, int]:
    bank = own_bank(bank_id)
    form = forms.RegenerateForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.text.data = bank.article.text
    elif form.validate_on_submit():
        try:
            job = imports.create_regenerate_job(current_user.id, bank, form.text.data or "")
        except qs.ArticleError as exc:
            form.text.errors.append(str(exc))
        else:
            return redirect(url_for("authoring.job", job_id=job.id))
    status = 422 if request.method == "POST" else 200
    return render_template("authoring/regenerate.html", bank=bank, form=form), status


# --- one question ---------------------------------------------------------------------------------


def _question_form(bank: Bank, qtype: str, *, keep_excerpt: bool, formdata: Any = None) -> forms.QuestionForm:
    return forms.QuestionForm(
        formdata=formdata,
        qtype=qtype,
        sentences=authoring_banks.article_sentences(bank.article.text),
        keep_excerpt=keep_excerpt,
    )


@bp.route("/banks/<int:bank_id>/questions/new", methods=["GET", "POST"])
def question_new(bank_id: int) -> Response | tuple[str, int]:
    bank = own_bank(bank_id)
    qtype = request.args.get("type", "multiple_choice")
    if qtype not in forms.WRITABLE_TYPES:
        abort(404, "There is no such type of question to write.")
    form = _question_form(
        bank, qtype, keep_excerpt=False, formdata=request.form if request.method == "POST" else None
    )
    if request.method == "POST" and form.validate_on_submit():
        q = form.question(article_text=bank.article.text)
        authoring_banks.create_question(
            bank, q, current_user.id, status="approved" if form.approve.data else "pending"
        )
        flash(kinds.saved_message(form.kind.data, q.kind), "success")
        review.flash_advice(q, bank.article.text)
        if request.form.get("another"):
            return redirect(url_for("authoring.question_new", bank_id=bank.id, type=qtype))
        return redirect(url_for("authoring.bank", bank_id=bank.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "authoring/question_form.html", bank=bank, form=form, row=None, writable_types=forms.WRITABLE_TYPES
    ), status


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
def question_edit(question_id: int) -> Response | tuple[str, int]:
    row = own_question(question_id)
    bank = row.bank
    base = row_to_question(row)
    form = _question_form(
        bank,
        row.type,
        keep_excerpt=bool(base.sources),
        formdata=request.form if request.method == "POST" else None,
    )
    if request.method == "GET":
        form.fill(base, approved=row.status == "approved")
    elif form.validate_on_submit():
        edited = form.question(article_text=bank.article.text, base=base)
        authoring_banks.update_question(row, edited, current_user.id, approve=bool(form.approve.data))
        flash("Question saved.", "success")
        review.flash_advice(edited, bank.article.text)
        return redirect(url_for("authoring.bank", bank_id=bank.id) + f"#q{row.id}")
    status = 422 if request.method == "POST" else 200
    return render_template(
        "authoring/question_form.html",
        bank=bank,
        form=form,
        row=row,
        history=review.history(row),
        advice=review.advice(base, bank.article.text) if request.method == "GET" else [],
        writable_types=forms.WRITABLE_TYPES,
    ), status


@bp.post("/questions/<int:question_id>/delete")
def question_delete(question_id: int) -> Response:
    row = own_question(question_id)
    bank = row.bank
    forms.ActionForm().validate_on_submit()
    try:
        authoring_banks.delete_question(row)
    except authoring_banks.AuthoringError as exc:
        flash(str(exc), "error")
    else:
        flash("Question deleted.", "success")
    return redirect(url_for("authoring.bank", bank_id=bank.id))


# --- formats --------------------------------------------------------------------------------------


def _send(download: formats.Download) -> Response:
    response = current_app.response_class(download.data, mimetype=download.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _export_args() -> tuple[str, str, bool]:
    fmt = request.args.get("format", "")
    if fmt not in {f.name for f in formats.export_formats()}:
        abort(404, "There is no such format.")
    scope = request.args.get("scope", "approved")
    if scope not in formats.EXPORT_SCOPES:
        scope = "approved"
    return fmt, scope, request.args.get("key", "1") != "0"


@bp.get("/banks/<int:bank_id>/download")
def bank_download(bank_id: int) -> Response:
    bank = own_bank(bank_id)
    fmt, scope, key = _export_args()
    data = formats.bank_for_export(bank, scope)
    return _send(formats.export(data, fmt, key=f"bank-{bank.id}", title=bank.title, answer_key=key))


@bp.get("/sets/<int:set_id>/download")
def set_download(set_id: int) -> Response:
    qset = own_set(set_id)
    fmt, scope, key = _export_args()
    data = formats.set_for_export(qset, scope)
    return _send(formats.export(data, fmt, key=f"set-{qset.id}", title=qset.title, answer_key=key))


def _upload_form() -> forms.UploadForm:
    form = forms.UploadForm()
    form.format.choices = [choice("", "Tell from the file name")] + [
        choice(f.name, f.label) for f in formats.import_formats()
    ]
    form.bank.choices = [choice(0, "A new bank")] + [
        choice(b.id, b.title) for b in authoring_banks.authored_banks(current_user)
    ]
    return form


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> Response | tuple[str, int]:
    form = _upload_form()
    if request.method == "GET":
        form.bank.data = request.args.get("bank", 0, type=int)
    report = None
    if form.validate_on_submit():
        bank = own_bank(form.bank.data) if form.bank.data else None
        upload = form.file.data
        try:
            report = formats.import_questions(
                upload.read(qs.MAX_BYTES + 1),
                upload.filename,
                owner_id=current_user.id,
                user_id=current_user.id,
                fmt_name=form.format.data or None,
                bank=bank,
                status="approved" if form.approve.data else "pending",
            )
        except authoring_banks.AuthoringError as exc:
            form.file.errors.append(str(exc))
    status = 422 if request.method == "POST" and report is None else 200
    return render_template("authoring/upload.html", form=form, report=report), status
