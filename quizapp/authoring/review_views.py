"""The review page of a bank, on the ``authoring`` blueprint: the queue grouped by fact, its filters
and pages, approving or rejecting one question (in place with static/js/review.js, or by a plain form
and a redirect without JavaScript) and bulk actions. Teachers only, each their own bank (the
blueprint's ``teachers_only`` and :func:`own_bank`)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

import questions as qs
from quizapp.authoring import banks as authoring_banks
from quizapp.authoring import formats, forms, review, review_queue
from quizapp.authoring.views import bp, own_bank, own_question
from quizapp.core.forms import choice
from quizapp.itemstats.flags import FLAG_NAMES
from quizapp.library.labels import kind_label
from quizapp.library.models import Bank


def current_filters() -> review_queue.Filters:
    """The review page's filters, from its query string or (after a POST) the form's hidden fields."""
    args = {
        k: request.args.get(k) or request.form.get(f"{k}_filter") for k in ("status", "kind", "flag", "sort")
    }
    args["new"] = request.args.get("new") or request.form.get("new_filter")
    return review_queue.Filters.from_args(args, review.REVIEW_STATUSES)


def back_to_review(bank: Bank) -> Response:
    """Back to the review page, keeping its filters and page."""
    page = request.args.get("page", type=int) or request.form.get("page_filter", type=int)
    return redirect(url_for("authoring.bank", bank_id=bank.id, page=page, **current_filters().args()))


def _kinds(bank: Bank) -> list[str]:
    return sorted({q.kind for q in bank.questions}, key=lambda k: (qs.KINDS + ("other",) + (k,)).index(k))


@bp.get("/banks/<int:bank_id>")
def bank(bank_id: int) -> str:
    bank = own_bank(bank_id)
    filters = current_filters()
    page = review_queue.queue_page(bank, filters, request.args.get("page", 1, type=int) or 1)
    kinds = _kinds(bank)

    def review_url(**changes: Any) -> str:
        """This page with some filters changed (a filter changed goes back to page 1)."""
        values = {**filters.args(), **changes}
        return url_for(
            "authoring.bank", bank_id=bank.id, **{k: v for k, v in values.items() if v is not None}
        )

    bulk = forms.BulkForm(formdata=None)
    bulk.kind.choices = [choice("", "Every kind")] + [choice(k, kind_label(k)) for k in kinds]
    return render_template(
        "authoring/bank.html",
        bank=bank,
        queue=page,
        review_url=review_url,
        filters=filters,
        counts=authoring_banks.status_counts([bank.id])[bank.id],
        kinds=kinds,
        flag_names=FLAG_NAMES,
        status=filters.status,
        kind=filters.kind,
        only_new=filters.only_new,
        bulk_form=bulk,
        action_form=forms.ActionForm(),
        info_form=forms.ArticleInfoForm(formdata=None, title=bank.title, published=bank.article.published),
        settings_form=forms.BankSettingsForm(formdata=None, visibility=bank.visibility),
        share_url=url_for("library.shared", token=bank.share_token, _external=True),
        writable_types=forms.WRITABLE_TYPES,
        formats=formats.export_formats(),
        last_job=review.last_regeneration(bank),
    )


@bp.post("/banks/<int:bank_id>/bulk")
def bank_bulk(bank_id: int) -> Response:
    bank = own_bank(bank_id)
    form = forms.BulkForm()
    form.kind.choices = [choice("", "Every kind")] + [choice(k, k) for k in {q.kind for q in bank.questions}]
    if not form.validate_on_submit():
        flash("Choose a kind and what to do.", "error")
        return back_to_review(bank)
    n = review.bulk_status(bank, form.action.data or "approve", current_user.id, kind=form.kind.data or None)
    done = "approved" if form.action.data == "approve" else "rejected"
    what = kind_label(form.kind.data).lower() + " " if form.kind.data else ""
    flash(f"{n} pending {what}question{'' if n == 1 else 's'} {done}.", "success")
    return back_to_review(bank)


def wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


@bp.post("/questions/<int:question_id>/status")
def question_status(question_id: int) -> Response | tuple[Response, int]:
    """Approve, reject or put back to pending. From review.js (``Accept: application/json``) the answer is
    the question's new card and the bank's counts; from a plain form, a redirect back to the question."""
    row = own_question(question_id)
    action = request.form.get("action", "")
    if not forms.ActionForm().validate_on_submit() or action not in review.REVIEW_ACTIONS:
        if wants_json():
            return jsonify(error="Choose approve, reject or back to pending."), 400
        abort(400, "Choose approve, reject or back to pending.")
    review.set_status(row, action, current_user.id)
    if wants_json():
        bank = row.bank
        html = render_template(
            "authoring/_question.html",
            item=review_queue.queue_item(row),
            bank=bank,
            filters=current_filters(),
            action_form=forms.ActionForm(),
        )
        return jsonify(html=html, status=row.status, counts=authoring_banks.status_counts([bank.id])[bank.id])
    return redirect(back_to_review(row.bank).location + f"#q{row.id}")
