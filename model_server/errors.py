"""Errors split by whose fault they are.

- `BadInput`: the user's input is wrong (exit code 2, one clear line, nothing written).
- `Unsupported`: the configured backend cannot do what was asked; the step is reported as
  `unsupported` with the reason, and the other steps still run.
- `BackendError`: a backend failed in a way that may pass (a remote server is down);
  retried by the graph's `RetryPolicy`.
Anything else is a bug in vloop and is raised as is.
"""


class VloopError(Exception):
    """Base class of every error vloop raises on purpose."""


class BadInput(VloopError):
    """The user's input cannot be used; the message says what was expected and what arrived."""


class Unsupported(VloopError):
    """The backend cannot do this operation; the message says why and what could."""


class BackendError(VloopError):
    """A backend call failed in a way that may succeed if tried again."""
