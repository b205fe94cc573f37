"""Document -> fingerprint (:class:`~newsclean.index.IndexEntry`): shingles, signature and keys.

:class:`Fingerprinter` bundles the parameters of every layer (shingles, signature, bands,
winnowing), derived once from a :class:`~newsclean.config.DedupConfig`. It is a frozen, picklable
value, so a Dask worker can receive it and produce entries comparable with the driver's, and its
:meth:`~Fingerprinter.meta` is what an index records and checks on open.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from newsclean.config import DedupConfig
from newsclean.index.base import IndexEntry, IndexMeta
from newsclean.lsh import PassageConfig, band_keys, band_params, exact_key, passage_keys
from newsclean.shingle import ShingleConfig, shingles
from newsclean.signature import SCHEME, SignatureConfig, minhash
from newsclean.verify import short_limit


@dataclass(frozen=True, slots=True)
class Fingerprinter:
    """Turns texts into index entries with one fixed set of parameters."""

    config: DedupConfig
    shingle: ShingleConfig
    signature: SignatureConfig
    passage: PassageConfig
    bands: int
    rows: int

    @classmethod
    def from_config(cls, config: DedupConfig) -> Fingerprinter:
        bands, rows = band_params(float(config.threshold), config.num_perm)
        return cls(
            config=config,
            shingle=ShingleConfig(size=config.shingle_size),
            signature=SignatureConfig(num_perm=config.num_perm, seed=config.seed),
            passage=PassageConfig(window=config.passage_window, seed=config.seed),
            bands=bands,
            rows=rows,
        )

    def meta(self) -> IndexMeta:
        """The parameters stored signatures depend on (checked when an index is reopened)."""
        return IndexMeta(
            scheme=SCHEME,
            num_perm=self.signature.num_perm,
            seed=self.signature.seed,
            bands=self.bands,
            rows=self.rows,
            shingle=str(self.shingle),
            passage=str(self.passage),
        )

    def fingerprint(self, doc_id: str, text: str, source: str | None = None) -> IndexEntry:
        """The entry for one document.

        Empty documents get no keys (they never match); short ones only the exact key, since
        they link only to exact copies (see :mod:`newsclean.verify`).
        """
        grams, words = shingles(text, self.shingle)
        signature = minhash(grams, self.signature)
        keys: list[bytes] = []
        if words:
            keys.append(exact_key(grams))
        if words >= short_limit(self.config):
            keys.extend(band_keys(signature, self.bands, self.rows))
            if self.config.min_shared_words is not None:
                keys.extend(passage_keys(grams, self.passage))
        return IndexEntry(doc_id, source, signature, grams, tuple(keys), words)


def source_of(source: str | None, url: str | None) -> str | None:
    """A document's source: the explicit one, else the host of its URL (without ``www.``)."""
    if source is not None:
        if not isinstance(source, str):
            raise TypeError(f"source must be str or None, got {type(source).__name__}")
        return source or None
    if url is None:
        return None
    if not isinstance(url, str):
        raise TypeError(f"url must be str or None, got {type(url).__name__}")
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return host.removeprefix("www.") or None
