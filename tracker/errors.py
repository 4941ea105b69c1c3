"""One exception tree for the product.

Every message is written for a teacher or an admin and comes from the catalogue as ``tracker.i18n.Text``
(issue 11): ``str(error)`` is its English text (the CLI's one line, logs), ``error.text()`` the reader's language
(the pages' error box). Builtins are mixed in so callers can also catch ``ValueError`` and friends.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.i18n import Text, in_language


class TrackerError(Exception):
    """Base of every error this product raises on purpose; raise it with a ``Text``."""

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the reader's language)."""
        return in_language(self.args[0], lang) if len(self.args) == 1 else str(self)


class ConfigError(TrackerError):
    """The settings (environment variables, .env) are not usable."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field, optionally on one row of an imported file."""

    field: str
    message: str  # a Text: English as a str (the CLI, logs), any language through text()
    row: int | None = None
    # the validation rule that failed (``problem.<code>`` in the catalogue), for callers that test for it
    code: str | None = field(default=None, compare=False)
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return str(self.line())

    def line(self) -> Text:
        """``row N: field: message`` (as the CLI prints it), in any language like the message itself."""
        if self.row is None:
            return Text("problem.line", field=self.field, message=self.message)
        return Text("problem.line_in_row", row=self.row, field=self.field, message=self.message)

    def text(self, lang: str | None = None) -> str:
        """The message alone in ``lang`` (default: the reader's language)."""
        return in_language(self.message, lang)


class InvalidInput(TrackerError, ValueError):
    """Input that breaks a rule; ``problems`` lists each broken rule."""

    def __init__(self, problems: list[Problem] | Problem | str, field: str = "input"):
        # a str here is a Text: one problem with the whole input
        if isinstance(problems, str):
            problems = [Problem(field, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems[:20]) + (
            f" (and {len(self.problems) - 20} more)" if len(self.problems) > 20 else ""
        ))

    def text(self, lang: str | None = None) -> str:
        return "; ".join(p.text(lang) for p in self.problems)


class NotFound(TrackerError, LookupError):
    """A record someone asked for does not exist (or is not visible to them)."""


class PermissionDenied(TrackerError, PermissionError):
    """The signed-in person may not do this."""


class SignInFailed(TrackerError):
    """Unknown email or wrong password (deliberately the same message for both)."""
