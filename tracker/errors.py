"""One exception tree for the product.

Every message is written for a teacher or an admin: the CLI prints ``str(error)`` as one line and the pages show it
in an error box. Builtins are mixed in so callers can also catch ``ValueError`` and friends.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class TrackerError(Exception):
    """Base of every error this product raises on purpose."""


class ConfigError(TrackerError):
    """The settings (environment variables, .env) are not usable."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field, optionally on one row of an imported file."""

    field: str
    message: str  # English, for the CLI and logs
    row: int | None = None
    # When set, the dashboard shows the catalogue text ``problem.<code>`` formatted with ``params``
    # in the reader's language instead of ``message``.
    code: str | None = field(default=None, compare=False)
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        where = f"row {self.row}: " if self.row is not None else ""
        return f"{where}{self.field}: {self.message}"


class InvalidInput(TrackerError, ValueError):
    """Input that breaks a rule; ``problems`` lists each broken rule."""

    def __init__(self, problems: list[Problem] | Problem | str, field: str = "input"):
        if isinstance(problems, str):
            problems = [Problem(field, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems[:20]) + (
            f" (and {len(self.problems) - 20} more)" if len(self.problems) > 20 else ""
        ))


class NotFound(TrackerError, LookupError):
    """A record someone asked for does not exist (or is not visible to them)."""


class PermissionDenied(TrackerError, PermissionError):
    """The signed-in person may not do this."""


class SignInFailed(TrackerError):
    """Unknown email or wrong password (deliberately the same message for both)."""
