"""Errors raised by services; views turn them into messages or status codes."""


class DomainError(Exception):
    """A request that the rules of the domain refuse."""


class NotAllowed(DomainError):
    """The person may not do this (a view answers 403)."""


class NotFound(DomainError):
    """The object does not exist, or not for this person (a view answers 404)."""


class InvalidState(DomainError):
    """The object is not in a state that allows this action (already decided, closed...)."""
