"""Indexes of the older key scheme: refused with the conversion named, and converted by ``index rekey``."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest

from dedup_helpers import FINGERPRINTER, text, words
from newsclean import Deduplicator
from newsclean.cli import main
from newsclean.dedup.index import IndexEntry
from newsclean.dedup.index.base import LEGACY_KEYS
from newsclean.dedup.index.sqlite import SQLiteIndex
from newsclean.dedup.keys import BAND_PREFIX, KEY_SCHEME
from newsclean.dedup.rekey import rekey
from newsclean.dedup.signature import to_bytes
from newsclean.errors import ConfigError, IndexMismatchError
from newsclean.results import Match


def _legacy_entry(doc_id: str, body: str) -> IndexEntry:
    """An entry as versions before the key scheme wrote it: band keys cut from the MinHash signature."""
    entry = FINGERPRINTER.fingerprint(doc_id, body)
    bands, rows = FINGERPRINTER.bands, FINGERPRINTER.rows
    old_bands = [
        BAND_PREFIX + band.to_bytes(2, "little") + to_bytes(entry.signature[band * rows : (band + 1) * rows])
        for band in range(bands)
    ]
    others = tuple(k for k in entry.keys if not k.startswith(BAND_PREFIX))
    return dataclasses.replace(entry, keys=(others[0], *old_bands, *others[1:]))


def _legacy_index(path: Path) -> list[str]:
    """An SQLite index as an older version left it (its stored meta has no ``keys`` field)."""
    bodies = {f"d{i}": text(200, 40 + i) for i in range(5)}
    index = SQLiteIndex(path, dataclasses.replace(FINGERPRINTER.meta(), keys=LEGACY_KEYS))
    entries = [_legacy_entry(i, body) for i, body in bodies.items()]
    index.add(entries, [Match("d4", "d1", "near_duplicate", 0.9, 0, ())])
    index.close()
    conn = sqlite3.connect(path)
    stored = json.loads(conn.execute("SELECT value FROM meta WHERE name = 'index_meta'").fetchone()[0])
    del stored["keys"]
    conn.execute("UPDATE meta SET value = ? WHERE name = 'index_meta'", (json.dumps(stored, sort_keys=True),))
    conn.commit()
    conn.close()
    return list(bodies)


def test_an_old_index_is_refused_with_the_conversion_named(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _legacy_index(path)
    with pytest.raises(IndexMismatchError, match="newsclean index rekey"):
        Deduplicator(index=str(path))


def test_rekey_keeps_documents_and_links_and_finds_copies_again(tmp_path: Path) -> None:
    old, new = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    ids = _legacy_index(old)
    assert rekey(str(old), str(new)) == len(ids)
    with Deduplicator(index=str(new), clean=False) as dedup:
        assert list(dedup.index.ids()) == ids
        assert [(m.id, m.other) for m in dedup.links()] == [("d4", "d1")]
        assert dedup.index.meta.keys == KEY_SCHEME
        near_copy = " ".join([*words(200, 42)[:120], "an", "inserted", "phrase", *words(200, 42)[120:]])
        found = dedup.add("fresh", near_copy)
    assert [(m.other, m.kind) for m in found] == [("d2", "near_duplicate")]
    stored = SQLiteIndex.open_existing(str(old))  # the old index is left as it was
    assert stored.meta.keys == LEGACY_KEYS and len(stored) == len(ids)
    stored.close()


def test_rekey_refuses_a_target_that_holds_documents(tmp_path: Path) -> None:
    old, new = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    _legacy_index(old)
    with Deduplicator(index=str(new), clean=False) as dedup:
        dedup.add("x", text(100, 9))
    with pytest.raises(ConfigError, match="already holds 1 documents"):
        rekey(str(old), str(new))


def test_rekey_refuses_a_memory_target(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    _legacy_index(old)
    with pytest.raises(ConfigError, match="persistent target"):
        rekey(str(old), "memory")


def test_rekey_from_the_cli(tmp_path: Path, capsys) -> None:
    old, new = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    ids = _legacy_index(old)
    assert main(["index", "rekey", str(old), str(new)]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == len(ids)
    assert main(["index", "stats", str(new)]) == 0
