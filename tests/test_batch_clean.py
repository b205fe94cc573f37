"""clean_many with workers: the parent counts keys and finishes only records the corpus pass changes; same output."""

from __future__ import annotations

import dataclasses
import pickle
import random

import pytest

from newsclean.cleaning.cleaner import Cleaner
from newsclean.cleaning.corpus import RULE_NAME, RepeatedLines, key_hash, line_keys
from newsclean.cleaning.many import _dumps, _job, _prepare_here, _Prepared
from newsclean.results import Removal

WORDS = ["council", "budget", "river", "school", "vote", "harbour", "rail", "museum", "storm", "farmers", "clinic", "bridge", "market"]
FOOTERS = {
    "a.example": "Subscribe to the Morning Briefing for more stories like this one.",
    "b.example": "Follow our newsroom on every platform, all day and every day.",
    "c.example": "© 2024 Example Media Group. All rights reserved.",
}


def _article(rng: random.Random, number: int, site: str) -> dict:
    paragraphs = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randrange(25, 45))).capitalize() + "."
        for _ in range(rng.randrange(2, 5))
    ]
    if number % 4:  # most pages of a site carry its footer line: the corpus pass finds it
        paragraphs.append(FOOTERS[site])
    if number % 7 == 0:
        paragraphs.insert(0, "ADVERTISEMENT")
    return {"id": number, "url": f"https://{site}/story/{number}", "text": "\n\n".join(paragraphs)}


def _records(count: int) -> list[dict]:
    rng = random.Random(4)
    records = [_article(rng, i, sorted(FOOTERS)[i % 3]) for i in range(count)]
    records[5] = {"id": 5, "text": None}  # passed through with an error, in place
    records[9] = dict(records[3], id=9)  # an exact copy
    return records


@pytest.mark.parametrize("options", [{}, {"min_repeat_docs": None}, {"disable": ["corpus"]}], ids=str)
def test_workers_give_the_records_of_one_process(options: dict) -> None:
    cleaner = Cleaner(repeat_window=24, **options)  # chunks of 12 records: several chunks in flight
    records = _records(60)
    serial = list(cleaner.clean_many(records))
    parallel = list(cleaner.clean_many(records, workers=2))
    assert parallel == serial
    assert [r["id"] for r in parallel] == [r["id"] for r in records]
    corpus_removed = [r for r in serial if any(x["rule"] == RULE_NAME for x in r.get("removed", []))]
    if cleaner.corpus_enabled:  # both paths ran: records the pass changed, and records it left alone
        assert 0 < len(corpus_removed) < len(serial)
        assert not any(FOOTERS["a.example"] in r["text"] for r in corpus_removed)
    else:
        assert not corpus_removed


def test_a_shared_repeated_lines_learns_the_same_from_workers() -> None:
    cleaner = Cleaner(repeat_window=24)
    records = _records(40)
    shared = [RepeatedLines(3, 24), RepeatedLines(3, 24)]
    serial = list(cleaner.clean_many(records, repeated=shared[0]))
    parallel = list(cleaner.clean_many(records, repeated=shared[1], workers=2))
    assert parallel == serial
    assert shared[0].counted_lines == shared[1].counted_lines > 0


def test_line_keys_are_what_the_corpus_pass_counts() -> None:
    text = "First line here\n\n  Updated 11:15  PM \nLast line"
    keys = line_keys(text)
    assert [(text[start:end].strip(), words, key) for start, end, words, key in keys] == [
        ("First line here", 3, key_hash("first line here")),
        ("Updated 11:15  PM", 3, key_hash("updated 0:0 pm")),
        ("Last line", 2, key_hash("last line")),
    ]
    with_keys, without = RepeatedLines(2, 10), RepeatedLines(2, 10)
    for site in ("x", "x", "y"):
        body = f"{site} story\n{text}"
        with_keys.add(site, body, line_keys(body))
        without.add(site, body)
        assert with_keys.find(site, body) == without.find(site, body)


def test_prepared_analysis_loads_from_bytes_or_object() -> None:
    cleaner = Cleaner()
    done = _prepare_here(cleaner, _job(_records(12)[0], "text"))
    assert isinstance(done, _Prepared) and done.keys is None and done.fields is None
    again = _Prepared(done.normalized, _dumps(done.loaded()))  # as a worker sends it
    assert again.loaded() == done.loaded() == pickle.loads(pickle.dumps(done.loaded()))
    assert cleaner.finish(again.loaded()) == cleaner.finish(done.loaded())


def test_fast_pickling_keeps_every_field_and_other_objects() -> None:
    removal = Removal("a.b", "x", 1, 2)
    value = {"removal": removal, "removals": (removal, [removal]), "set": {1, 2}, "none": None}
    back = pickle.loads(_dumps(value))
    assert back == value and back["removals"][1][0] == removal
    assert len(_dumps(removal)) < len(pickle.dumps(removal, protocol=pickle.HIGHEST_PROTOCOL)) + 64


def test_stopping_early_shuts_the_workers_down() -> None:
    records = _records(60)
    stream = Cleaner(repeat_window=24).clean_many(records, workers=2)
    first = next(stream)
    stream.close()  # the pool is shut down with chunks still in flight
    assert first["id"] == 0 and "removed" in first


def test_removal_to_dict_has_every_field_in_order() -> None:
    removal = Removal("consent.cookie_banner", "We use cookies.", 3, 18)
    assert removal.to_dict() == dataclasses.asdict(removal)
    assert list(removal.to_dict()) == [field.name for field in dataclasses.fields(Removal)]
