"""The parser of the ``segmentation`` command and the dispatch to its subcommands.

Every subcommand exits 0 on success and 2 on bad input or usage, with one line on
stderr that names the file or column and the problem; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from segmentation.cli import (
    apply,
    audiences,
    compare,
    fit,
    inspect,
    lookalike,
    results,
    rfm,
    sweep,
)
from segmentation.errors import InputError

__all__ = ("PROG", "build_parser", "main")

PROG = "segmentation"
#: The subcommands, in the order ``--help`` lists them.
COMMANDS = (
    inspect,
    rfm,
    sweep,
    fit,
    apply,
    compare,
    results,
    lookalike,
    audiences,
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{PROG} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the whole command, every subcommand included.

    Returns
    -------
    argparse.ArgumentParser
        Parsed arguments carry ``run``, the subcommand's handler.
    """
    parser = _Parser(prog=PROG, description="Customer segmentation for analysts.")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success, 2 on bad input or usage, 1 on an unexpected failure.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return args.run(args)
    except InputError as exc:
        _fail(str(exc))
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last guard before a traceback
        _fail(f"unexpected error ({type(exc).__name__}: {exc}); please report it.")
        return 1


def _fail(message: str) -> None:
    line = " ".join(message.split())
    print(f"{PROG}: {line}", file=sys.stderr)
