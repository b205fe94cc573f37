"""Names a package exports without importing their modules until first use (``import newsclean`` stays cheap)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports ``exports[name]`` (a module path) on first access of ``name``.

    >>> getter = lazy_exports("pkg", {"sqrt": "math"})
    >>> getter("sqrt")(4.0)
    2.0
    """

    def __getattr__(name: str) -> object:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    return __getattr__
