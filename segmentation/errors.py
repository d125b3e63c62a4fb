"""Errors that carry a message a person can act on."""

__all__ = ("InputError",)


class InputError(ValueError):
    """Bad input: an unreadable file, a missing column, an impossible setting.

    The message is one sentence that names the file or column and the problem, fit to
    show as it is in the app or on stderr in the CLI.
    """
