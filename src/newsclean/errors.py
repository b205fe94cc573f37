"""The exception tree. Each error also subclasses the builtin a caller would otherwise catch."""

from __future__ import annotations


class NewscleanError(Exception):
    """Base of every error newsclean raises on purpose; the CLI maps it to exit 2 and one line."""


class ConfigError(NewscleanError, ValueError):
    """A bad option: threshold out of range, unknown tier, rule or scheme, contradictory settings."""


class RuleError(NewscleanError, ValueError):
    """A malformed rule: duplicate name, empty pattern, name outside its family."""


class InputError(NewscleanError, ValueError):
    """A bad input record; carries where it came from so the CLI can name it."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.source = source
        self.line = line
        where = ""
        if source is not None:
            where = f"{source}:{line}: " if line is not None else f"{source}: "
        elif line is not None:
            where = f"line {line}: "
        super().__init__(where + message)


class IndexMismatchError(NewscleanError, ValueError):
    """A stored index was built with other signature parameters than the ones asked for."""


class IndexBackendError(NewscleanError, RuntimeError):
    """The index backend failed (unreachable server, unreadable file)."""


class MissingExtraError(NewscleanError, ImportError):
    """An optional dependency is missing; the message gives the pip command."""

    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"this feature needs the optional dependency {module!r}: pip install 'newsclean[{extra}]'"
        )
        self.extra = extra


def require(module: str, extra: str):
    """Import an optional module or raise MissingExtraError naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(extra, module) from exc
