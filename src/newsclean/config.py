"""Configuration objects: frozen, keyword-only, validated on creation.

Thresholds are named ``min_*``/``max_*`` after the direction they bound; ``None`` switches one off.
Variants come from :func:`dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsclean.errors import ConfigError


@dataclass(frozen=True, kw_only=True, slots=True)
class CleanConfig:
    """How :class:`newsclean.Cleaner` normalizes and strips an article.

    tier
        ``"safe"``, ``"balanced"`` (default) or ``"aggressive"``: which rules run.
    disable
        rule names or family names to skip.
    fix_unicode
        run ftfy (mojibake, HTML entities, control characters) when a cheap check says it may help.
    normalize_whitespace, normalize_typography, rejoin_paragraphs
        the other normalization steps (see :mod:`newsclean.cleaning.normalize`).
    min_repeat_docs
        corpus boilerplate: a line is site boilerplate once it appears in this many documents of
        one site within the window; ``None`` turns the corpus pass off.
    repeat_window
        how many recent documents per site the corpus pass remembers (bounds memory).
    max_removed_ratio
        if the rules would remove more than this share of an article's characters, keep the
        article whole except for the ``safe`` tier's removals; ``None`` disables the guard.
    locate_body
        on a whole page's text (menus, footers, runs of short lines around the article), keep the
        article region and remove the rest as ``body.outside`` (:mod:`newsclean.cleaning.body`).
        Text that is already an article (an extractor's output) is left to the rules. ``False``,
        or ``disable=["body"]``, turns the locator off.
    """

    tier: str = "balanced"
    disable: tuple[str, ...] = ()
    fix_unicode: bool = True
    normalize_whitespace: bool = True
    normalize_typography: bool = True
    rejoin_paragraphs: bool = True
    min_repeat_docs: int | None = 3
    repeat_window: int = 2000
    max_removed_ratio: float | None = 0.85
    locate_body: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.disable, str):
            raise ConfigError("disable must be a list of rule or family names, not one string")
        object.__setattr__(self, "disable", tuple(self.disable))
        if self.min_repeat_docs is not None and (not isinstance(self.min_repeat_docs, int) or self.min_repeat_docs < 2):
            raise ConfigError(f"min_repeat_docs must be an int >= 2 or None, got {self.min_repeat_docs!r}")
        if not isinstance(self.repeat_window, int) or self.repeat_window < 1:
            raise ConfigError(f"repeat_window must be a positive int, got {self.repeat_window!r}")
        if self.max_removed_ratio is not None and not 0.0 < self.max_removed_ratio <= 1.0:
            raise ConfigError(f"max_removed_ratio must be in (0, 1] or None, got {self.max_removed_ratio!r}")


@dataclass(frozen=True, kw_only=True, slots=True)
class DedupConfig:
    """How documents are fingerprinted and matched (see ``docs/dedup.md`` for tuning).

    num_perm, seed
        MinHash size and seed (datasketch's ``affine32`` scheme). Stored with every index.
    shingle_size
        words per shingle.
    threshold
        near-duplicate: minimum estimated Jaccard similarity of two documents' shingle sets.
    min_shared_words
        text reuse: minimum words of shared passages (each at least ``min_passage_words`` long)
        for two documents to be linked; ``None`` turns passage matching off.
    min_passage_words
        shortest run of shared words that counts as a passage.
    passage_window
        winnowing window in shingles: any shared run of ``passage_window + shingle_size - 1``
        words is guaranteed to be found as a candidate.
    max_bucket
        a passage key shared by more documents than this is boilerplate (a template's notice or
        footer) and proposes no candidates; ``None`` keeps every passage key. Band and exact keys
        are never dropped: documents sharing one are near-identical however many there are.
    representatives
        under one key, a document is compared with at most this many of the earliest documents
        holding it. A key held by thousands of copies of one wire story then costs linear time and
        memory, not quadratic: the earliest copies stand for the cluster. ``None`` compares with
        every earlier document.
    max_passage_stories
        a shared passage whose keys more than this many *stories* hold (documents that are not an
        exact or near-duplicate copy of an earlier one) is template text (a consent notice, a
        group's footer), not reuse, unless it covers half the shorter document (a truncated
        copy); see :mod:`newsclean.dedup.template`. ``None`` counts every passage.
    """

    num_perm: int = 128
    seed: int = 1
    shingle_size: int = 5
    threshold: float = 0.5
    min_shared_words: int | None = 40
    min_passage_words: int = 12
    passage_window: int = 8
    max_bucket: int | None = 1000
    representatives: int | None = 8
    max_passage_stories: int | None = 3

    def __post_init__(self) -> None:
        if not isinstance(self.num_perm, int) or not 16 <= self.num_perm <= 1024:
            raise ConfigError(f"num_perm must be an int in [16, 1024], got {self.num_perm!r}")
        if not isinstance(self.shingle_size, int) or not 1 <= self.shingle_size <= 16:
            raise ConfigError(f"shingle_size must be an int in [1, 16], got {self.shingle_size!r}")
        if not isinstance(self.threshold, (int, float)) or not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"threshold must be in (0, 1], got {self.threshold!r}")
        if self.min_shared_words is not None and self.min_shared_words < 1:
            raise ConfigError(f"min_shared_words must be positive or None, got {self.min_shared_words!r}")
        if self.min_passage_words < self.shingle_size:
            raise ConfigError("min_passage_words must be at least shingle_size")
        if not 1 <= self.passage_window <= 256:
            raise ConfigError(f"passage_window must be in [1, 256], got {self.passage_window!r}")
        if self.max_bucket is not None and self.max_bucket < 2:
            raise ConfigError(f"max_bucket must be >= 2 or None, got {self.max_bucket!r}")
        if self.representatives is not None and (
            not isinstance(self.representatives, int) or isinstance(self.representatives, bool) or self.representatives < 1
        ):
            raise ConfigError(f"representatives must be a positive int or None, got {self.representatives!r}")
        if self.max_passage_stories is not None and (
            not isinstance(self.max_passage_stories, int) or isinstance(self.max_passage_stories, bool)
            or self.max_passage_stories < 2
        ):
            raise ConfigError(f"max_passage_stories must be an int >= 2 or None, got {self.max_passage_stories!r}")
