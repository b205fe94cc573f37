"""Old import paths that moved into a subpackage keep working: ``newsclean.rules`` and ``newsclean.index``.

The rule registry now lives in :mod:`newsclean.cleaning.rules` and the indexes in
:mod:`newsclean.dedup.index`. Code written against the old paths (``from newsclean.rules import
Rule``, ``from newsclean.index.sqlite import SQLiteIndex``) gets the *same* module objects: a copy
would register every rule twice and make ``isinstance`` checks fail across the two.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType

MOVED = {"newsclean.rules": "newsclean.cleaning.rules", "newsclean.index": "newsclean.dedup.index"}


def new_name(fullname: str) -> str | None:
    """Where ``fullname`` lives now, or None if it did not move.

    >>> new_name("newsclean.index.sqlite")
    'newsclean.dedup.index.sqlite'
    >>> new_name("newsclean.indexes") is None
    True
    """
    for old, new in MOVED.items():
        if fullname == old or fullname.startswith(old + "."):
            return new + fullname[len(old) :]
    return None


class MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old module name and hands back the module imported under its new name."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> importlib.machinery.ModuleSpec | None:
        target_name = new_name(fullname)
        if target_name is None:
            return None
        real = importlib.util.find_spec(target_name)
        if real is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=real.submodule_search_locations is not None)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(new_name(spec.name))  # type: ignore[arg-type]
        spec.loader_state = module.__spec__  # the import system sets __spec__ to this alias spec next
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run (the module was executed once, under its new name); give it its own spec back."""
        alias = module.__spec__
        if alias is not None and isinstance(alias.loader_state, importlib.machinery.ModuleSpec):
            module.__spec__ = alias.loader_state


def install() -> None:
    """Put the finder on ``sys.meta_path`` once (importing ``newsclean`` does this)."""
    if not any(isinstance(finder, MovedModules) for finder in sys.meta_path):
        sys.meta_path.insert(0, MovedModules())
