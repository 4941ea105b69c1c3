"""Words for a norm card and for an action on the list (issue 11): ``tracker.services.progress`` gives the
numbers and dates (``Standing``, ``Action``); this turns them into one line of Markdown in the reader's
language. Shared by My progress and the head's view of one teacher."""

from __future__ import annotations

from datetime import date

from tracker.i18n import t
from tracker.services.progress import Action, NormCard
from tracker.ui.markdown import literal, literal_t

ICONS = {
    "sent_back": ":material/assignment_return:",
    "draft": ":material/edit_note:",
    "expired": ":material/error:",
    "expiring": ":material/event:",
}


def num(value: float) -> str:
    """A figure as people write it: at most 2 decimals, no trailing zeros (1056, 578.8, 42.19)."""
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _days(card: NormCard, hours: float) -> tuple[str, str]:
    days, months = card.as_days_months(hours)
    return num(days), num(months)


def days_line(card: NormCard, lang: str | None = None) -> str | None:
    """'= 5 of 132 days · 0.23 of 6 months (8 h a day, 22 days a month)' for an hour card."""
    if card.unit != "hours":
        return None
    days, months = _days(card, card.achieved)
    req_days = _days(card, card.required)[0]
    return t(
        "progress.as_days",
        lang,
        days=days,
        req_days=req_days,
        months=months,
        req_months=_months(card, lang)[0],
        hpd=num(card.hours_per_day),
        dpm=num(card.days_per_month),
    )


def _months(card: NormCard, lang: str | None) -> tuple[str, str]:
    n = num(card.as_days_months(card.required)[1])
    return t("progress.months_one" if n == "1" else "progress.months_many", lang, n=n), n


def _rule(card: NormCard, as_of: date, lang: str | None) -> str:
    if card.unit == "count":
        return t("progress.rule.certificates", lang, required=num(card.required))
    months, n = _months(card, lang)
    key = {"calendar_year_hours": "calendar_year"}.get(
        card.rule, "fixed" if card.window == "fixed" else "rolling"
    )
    return t(
        f"progress.rule.{key}",
        lang,
        months=months,
        n=n,
        required=num(card.required),
        dpm=num(card.days_per_month),
        hpd=num(card.hours_per_day),
        years=card.window_years,
        start=card.window_start,
        end=card.window_end,
        as_of=as_of,
    )


def explain(card: NormCard, as_of: date, lang: str | None = None) -> str:
    """One sentence: the rule and its window, then why the card has its status and what is due by when."""
    s = card.standing
    if s is None:
        return ""
    unit = "count" if card.unit == "count" else "hours"
    key = f"progress.why.{unit}.{s.reason}"
    if unit == "hours" and s.reason in ("met", "on_pace", "behind_pace"):
        key += ".rolling" if card.window == "rolling" and card.rule == "rolling_hours" else ".fixed"
    served = window_days = None
    if s.pace_since and card.window_start:
        served = (as_of - s.pace_since).days + 1
        window_days = (as_of - card.window_start).days + 1
    next_start = None
    if card.window_end:
        next_start = date.fromordinal(card.window_end.toordinal() + 1)
    why = t(
        key,
        lang,
        required=num(card.required),
        achieved=num(card.achieved),
        gap=num(card.gap),
        years=card.window_years,
        outlook=card.outlook_days,
        act_by=s.act_by,
        changes_on=s.changes_on,
        short_on=s.short_on,
        complete_by=s.complete_by,
        since=s.pace_since,
        pace=num(s.pace_due or 0),
        needed=num(s.needed or 0),
        served=served,
        window_days=window_days,
        next_start=next_start,
    )
    return t("progress.sentence", lang, rule=_rule(card, as_of, lang), why=why)


def _what(action: Action, lang: str | None) -> str:
    r = action.record
    if r.kind == "activity":
        key = "progress.what.activity_at" if r.title else "progress.what.activity"
        return literal_t(
            key,
            lang,
            kind=t(f"kind.{r.category}", lang),
            enterprise=r.title,
            date=r.on,
            hours=num(r.hours or 0),
        )
    if r.kind == "certification":
        return literal_t("progress.what.certification", lang, name=r.title)
    return literal_t("progress.what.output", lang, kind=t(f"output_kind.{r.category}", lang), title=r.title)


_GO = {"resubmit": "resubmit", "submit": "submit", "renew": "renew", "add_certificate": "add_certificate"}


def link(action: Action, lang: str | None = None) -> str:
    """The link's text, short enough for one line on a phone: what to do, on which page."""
    page = t(f"page.{action.target}", lang)
    return t(f"progress.go.{_GO.get(action.todo, 'log')}", lang, page=page)


def subject(action: Action, lang: str | None = None) -> str:
    """What the item is about and, for a norm, what fixes it by when (Markdown: typed text made literal)."""
    if action.record is not None:
        return t(f"progress.action.{action.kind}", lang, what=_what(action, lang))
    if action.expiry is not None:
        e = action.expiry
        return literal_t(
            f"progress.action.{action.kind}", lang, date=e.expires_on, days=e.days_left, name=e.name
        )
    card = action.card
    norm = literal(card.label_in(lang))
    amount = action.amount or 0
    days, months = _days(card, amount) if card.unit == "hours" else ("", "")
    todo = action.todo
    if todo == "log_hours" and action.overdue:
        todo = "log_hours_now"
    return t(
        f"progress.action.{todo}",
        lang,
        norm=norm,
        hours=num(amount),
        days=days,
        months=months,
        n=num(amount),
        date=action.due,
    )


def details(action: Action, lang: str | None = None) -> list[str]:
    """Lines under the link: the reviewer's note, the whole requirement's deadline."""
    lines = []
    if action.kind == "sent_back":
        reviewer = literal(action.reviewer) or t("mine.reviewer_unknown", lang)
        if action.note:
            lines.append(t("mine.review_note", lang, reviewer=reviewer, note=literal(action.note)))
        else:
            lines.append(t("progress.action.no_note", lang, reviewer=reviewer))
    if action.card is not None and action.complete_by is not None and action.card.unit == "hours":
        card = action.card
        lines.append(
            t(
                "progress.action.complete_by",
                lang,
                required=num(card.required),
                date=action.complete_by,
                gap=num(card.gap),
            )
        )
    return lines


def icon(action: Action) -> str:
    if action.kind in ICONS:
        return ICONS[action.kind]
    if action.overdue:
        return ":material/error:"
    return ":material/add_task:" if action.target == "log_activity" else ":material/workspace_premium:"
