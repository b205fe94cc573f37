"""Run newsclean on Dask (``pip install 'newsclean[dask]'``): clean and cluster corpora larger than one machine.

    >>> from newsclean.dask import with_clusters                  # doctest: +SKIP
    >>> df = dd.read_parquet("shards/")                           # doctest: +SKIP
    >>> df = with_clusters(df)                                    # doctest: +SKIP

:func:`clean_bag` / :func:`clean_dataframe` clean partition by partition; :func:`cluster_dataframe`
gives every row its cluster id (:func:`with_clusters`: the frame with that column), equal to the local engine's :func:`newsclean.cluster`;
:func:`dedup_shards` is ``newsclean dedup --engine dask``. The pure steps both engines share are in
:mod:`newsclean.dask.core`. See ``docs/scale.md``.

This package is named ``dask`` inside ``newsclean`` only: every import of the real library is
absolute (``import dask``) and goes through :func:`newsclean.errors.require`, so a missing extra is
a :class:`~newsclean.errors.MissingExtraError` naming ``newsclean[dask]``.
"""

from __future__ import annotations

from newsclean._lazy import lazy_exports
from newsclean.errors import require

require("dask", "dask")  # importing newsclean.dask without the extra names the extra at once

_EXPORTS = {
    "clean_bag": "newsclean.dask.engine",
    "clean_dataframe": "newsclean.dask.engine",
    "cluster_dataframe": "newsclean.dask.engine",
    "dedup_shards": "newsclean.dask.shards",
    "with_clusters": "newsclean.dask.engine",
}

__all__ = sorted(_EXPORTS)

# The engines load on first use, so that they can import this package's modules without a cycle.
__getattr__ = lazy_exports(__name__, _EXPORTS)
