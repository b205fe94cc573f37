"""People in metadata: authors without a glued date, pictured people apart from photo credits."""

from __future__ import annotations

import pytest

import newsclean

PARAGRAPH = (
    "The mayor said on Friday that the city would not cooperate with the planned raids, and that "
    "police had been told to cut off access to the databases they use every day."
)


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Jane Doe March 5, 2024", ["Jane Doe"]),
        ("By Jane Doe Updated March 5, 2024", ["Jane Doe"]),
        ("By Jane Doe and John Roe Published Dec 1, 2025", ["Jane Doe", "John Roe"]),
        ("Von Anna Müller 5. März 2024", ["Anna Müller"]),
        ("By Mary Ann Lee", ["Mary Ann Lee"]),
        ("By Jane Doe, John Roe and Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
    ],
)
def test_authors_come_without_the_date_glued_to_the_byline(byline: str, authors: list[str]) -> None:
    result = newsclean.clean(f"{byline}\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n{PARAGRAPH}")
    assert result.metadata["authors"] == authors


def test_a_pictured_person_is_not_a_photo_credit() -> None:
    text = f"Headline of the story here\n\nJohn Roe\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\nPhoto: Jane Doe/Reuters\n\n{PARAGRAPH}"
    result = newsclean.clean(text)
    assert result.metadata["pictured"] == ["John Roe"]
    assert "John Roe" not in result.metadata.get("credits", [])
