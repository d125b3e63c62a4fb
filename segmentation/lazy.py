"""Lazy public names for a package's ``__init__`` (PEP 562).

A package whose names should cost nothing to list (the top level, so that the
command's ``--help`` starts at once; :mod:`segmentation.cluster`, so that the
algorithm registry can be read without importing scikit-learn) maps each public
name to the submodule defining it; the submodule is imported when the name is first
used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

__all__ = ("lazy_exports",)


def lazy_exports(
    package: str, exports: Mapping[str, str], public: tuple[str, ...]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Build a package's ``__getattr__`` and ``__dir__``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping of str to str
        Public name -> submodule (relative to the package) that defines it.
    public : tuple of str
        The package's ``__all__``.

    Returns
    -------
    tuple of callable
        ``__getattr__`` (imports the defining submodule on first use, caches the
        value in the package; a submodule is reachable by its own name too) and
        ``__dir__``.
    """
    namespace = importlib.import_module(package).__dict__

    def getattr_(name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        home = exports.get(name)
        if home is not None:
            value = getattr(importlib.import_module(f"{package}.{home}"), name)
        else:
            try:
                value = importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise
                raise AttributeError(
                    f"module {package!r} has no attribute {name!r}"
                ) from None
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *public})

    return getattr_, dir_
