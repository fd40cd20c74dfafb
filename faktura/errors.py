"""Errors the domain raises; the HTTP layers translate them into responses.

Services and selectors raise these and never build responses themselves, so
the API and the panel answer the same mistake the same way.
"""


class DomainError(Exception):
    """Base of every error a client can cause and should be told about."""


class NotFound(DomainError):
    """No such row in this account. Raised the same way for rows of other accounts."""

    def __init__(self, what: str = "Not found") -> None:
        super().__init__(what)


class Invalid(DomainError):
    """Input that breaks a rule, by field: {"field": ["reason", ...]}."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def field(cls, name: str, reason: str) -> "Invalid":
        return cls({name: [reason]})


class Forbidden(DomainError):
    """The caller is known but its role does not allow this."""


class BadParameter(DomainError):
    """A request parameter outside its allowed set (answered with 400)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
