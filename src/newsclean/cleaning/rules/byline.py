"""Bylines: 'By Jane Doe', 'By Jane Doe and John Roe, Associated Press', 'Von Anna Weber'.

A byline is a preposition followed by *names*: capitalized tokens and initials (see
:data:`newsclean.cleaning.rules._shared.NAME`). That shape, not a list of people, is what separates
"By Jane Doe" from "By the end of the day", "By contrast" or "By 2030". A single capitalized word
is too weak a name ("By Monday, the council had voted"), so a one-word byline must be all capitals
or stand alone. The names go to ``metadata["authors"]``.
"""

from __future__ import annotations

from collections.abc import Mapping

import regex

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import NAME_LIST, OUTLET_WORDS, alternation, compile_rule, split_names
from newsclean.cleaning.rules.timestamps import STAMP

# Not "Photo by": a photographer's credit is a caption (captions.photo_by), not the article's author.
_LEAD = r"(?i:(?:(?:written|words|story|text|report|reportage)\s(?:and\s\w{1,12}\s)?)?(?:by|von|por|par|door|di|av|af))"
_LABEL = r"(?i:author|authors|autor|autorin|autoren|auteur|autore|autora|автор|written\sby|text|texte)\s?:"

# Role after the names: a separator and Title Case words ("| CNN", ", Associated Press",
# " - Staff Writer"), or a lowercase job title that contains a job noun (", staff reporter").
_ROLE_NOUN = alternation(
    [
        "reporter", "writer", "correspondent", "editor", "columnist", "contributor", "journalist",
        "producer", "photographer", "staff", "bureau", "redakteur", "redakteurin", "korrespondent",
        "korrespondentin", "corresponsal", "redactor", "redactora", "periodista", "journaliste",
        "correspondant", "correspondante", "rédacteur", "rédactrice", "giornalista", "inviato",
        "корреспондент", "envoyé", "envoyée", "envoyé spécial", "envoyée spéciale", "enviado", "enviada",
        "inviata", "reportero", "reportera", "autor", "autorin",
    ]
)
_TITLE_WORD = r"(?:[\p{Lu}\d][\p{L}\p{M}\d.&'’\-]{0,30}|of|for|the|and|at|in|de|del|du|für|der)"
_CAPS_ROLE = rf"{_TITLE_WORD}(?:\s{_TITLE_WORD}){{0,7}}"
_LOWER_ROLE = rf"(?:[\p{{Ll}}\-]{{1,20}}\s){{0,3}}{_ROLE_NOUN}(?:\s\p{{Ll}}{{2,20}}){{0,2}}(?:\s(?:at|for|of|in|de|für|bei)\s{_CAPS_ROLE})?"
_ROLE = rf"(?:\s{{0,2}}[,|/·•\-–—]\s{{0,2}}|\s)(?:{_CAPS_ROLE}|{_LOWER_ROLE})"
# "By AFP", "By REUTERS", or an organisation whose last word is an outlet word ("By The
# Associated Press", "By CNN Staff"); "By The Numbers" is a heading and is kept.
_OUTLET_END = alternation([*OUTLET_WORDS, "reuters", "bloomberg", "afp", "ap", "dpa", "efe"])
_AGENCY = rf"\p{{Lu}}{{2,12}}|(?:(?i:the)\s)?(?:\p{{Lu}}[\p{{L}}.&'’\-]{{0,30}}\s){{0,3}}(?i:{_OUTLET_END})"

# A byline may end with a time stamp: "By Jane Doe | Updated 3:45 PM EDT", "By Jane Doe on June 3".
_STAMP = rf"(?:\s{{0,2}}[|·•,\-–—]\s{{0,2}}|\s(?i:on|am|le|el|em|il)\s){STAMP}"
_BYLINE = (
    rf"(?:{_LEAD}:?\s(?P<names>{NAME_LIST})(?:{_ROLE}){{0,3}}"
    rf"|{_LABEL}\s?(?P<names>{NAME_LIST})(?:{_ROLE}){{0,3}})(?:{_STAMP}){{0,2}}"
)


_STAMP_TAIL = regex.compile(rf"\s?(?:{STAMP})[\s\S]*")


def _authors(match: regex.Match[str]) -> Mapping[str, object]:
    """Names from the byline, without the outlet or job title that may follow them, nor a date
    glued to the last name ("By Jane Doe March 5, 2024": the month is not a name)."""
    people = split_names(match.group("names"))
    if people:
        rest = match.string[match.end("names") : match.end()]
        tokens = people[-1].split()
        for cut in range(len(tokens) - 2, 0, -1):  # the longest date first: "Updated March"
            if _STAMP_TAIL.fullmatch(" ".join(tokens[-cut:]) + rest):
                people[-1] = " ".join(tokens[:-cut])
                break
    return {"authors": people} if people else {}


# Scripts without capital letters: a byline label and 2-4 character Han names, or an Arabic name.
_HAN_NAME = r"\p{Han}{2,4}"
_CJK_BYLINE = (
    r"[（(【\[]?(?:记者|本报记者|文|作者|编辑|责任编辑|撰文|記者|文・|作者：)\s?[：:/|丨]?\s?"
    rf"(?P<names>{_HAN_NAME}(?:\s?[、，,\s]\s?{_HAN_NAME}){{0,3}})[)）】\]]?"
)
_ARABIC_BYLINE = r"(?:بقلم|كتب|كتبت|إعداد)\s?[:：]?\s?(?P<names>\p{Arabic}{2,20}(?:\s\p{Arabic}{2,20}){1,3})"


_HAN_SEPARATOR = regex.compile(r"\s?[、，,]\s?|\s")


def _uncased_authors(match: regex.Match[str]) -> Mapping[str, object]:
    """Han names are separated by 、 or spaces; an Arabic name keeps its spaces."""
    names = match.group("names")
    if regex.search(r"\p{Han}", names):
        return {"authors": [n for n in _HAN_SEPARATOR.split(names) if n]}
    return {"authors": [names]}


def _outlet(match: regex.Match[str]) -> Mapping[str, object]:
    """An agency byline credits the outlet; it names no author."""
    return {"credits": [match.group("outlet")]}


RULES: tuple[Rule, ...] = (
    Rule(
        name="byline.names",
        family="byline",
        tier="balanced",
        scope="line",
        max_chars=240,  # several names, roles and a time stamp
        description="A line that is a preposition ('By', 'Von', 'Por', 'Par', 'Door', 'Di') or an "
        "'Author:' label followed by one to six names of 2-4 capitalized tokens or initials, and "
        "optionally a role or outlet. Authors go to metadata['authors'].",
        pattern=compile_rule(rf"{_BYLINE}\.?"),
        extract=_authors,
        examples=(
            "By Maria Okafor Staff reporter",
            "By Jane Doe",
            "BY JANE DOE AND JOHN ROE",
            "By Jane Doe, John Roe and Ana María López, Associated Press",
            "By Mary O'Neil | CNN",
            "By J.R. van der Berg - Staff Writer",
            "By Jean-Luc Martin, staff reporter",
            "Written by Priya Natarajan",
            "Von Anna-Lena Müller und Jörg Schmidt",
            "Por Juan Pérez y María González",
            "Par Marie Dubois et Jean Moreau",
            "Por Lucía Gómez, enviada especial",
            "Autor: Jan Kowalski",
            "Автор: Иван Петров",
            "By Jane Doe | Updated 3:45 PM EDT",
            "By Jane Doe, CNN | Published 10:02 AM ET, Fri June 21, 2019",
            "By Jane Doe • 5 min read",
        ),
        keep=(
            "By the end of the day, the square was empty.",
            "By contrast, the city's budget grew by 3%.",
            "By 2030 the city wants to be carbon neutral.",
            "By Monday, the council had voted to approve the plan",
            "By Election Day voters had heard enough",
            "Von Berlin aus fuhr er weiter nach Hamburg.",
            "Por la tarde, el presidente habló con la prensa.",
            "Par ailleurs, le gouvernement a annoncé des mesures.",
            "Di Maio said the deal was done.",
            "By The Numbers",
            "By Order of the Court",
        ),
    ),
    Rule(
        name="byline.agency",
        family="byline",
        tier="balanced",
        scope="line",
        description="A byline naming an agency or outlet: one all-capitals token ('By AFP', 'Von DPA') "
        "or capitalized words ending in an outlet word ('By The Associated Press', 'By CNN Staff'). "
        "Mixed-case single words ('By Monday') and headings ('By The Numbers') are kept. The outlet "
        "goes to metadata['credits'].",
        pattern=compile_rule(rf"{_LEAD}:?\s(?P<outlet>{_AGENCY})\.?"),
        extract=_outlet,
        examples=("By AFP", "Par AFP", "BY REUTERS", "Von DPA", "By The Associated Press", "By CNN Staff"),
        keep=(
            "By Monday",
            "By USA standards the plan is modest.",
            "By AFP count, 30 people died.",
            "By The Numbers",
            "BY THE NUMBERS",
        ),
    ),
    Rule(
        name="byline.uncased",
        family="byline",
        tier="balanced",
        scope="line",
        description="Bylines in scripts without capital letters: a Chinese label (记者, 作者, 责任编辑, "
        "文/) with 2-4 character names, or an Arabic 'بقلم' (by) line with a 2-4 word name.",
        pattern=compile_rule(rf"{_CJK_BYLINE}|{_ARABIC_BYLINE}"),
        extract=_uncased_authors,
        examples=("记者 张三", "文/李四 王五", "责任编辑：王小明", "（记者 张伟）", "بقلم: محمد أحمد علي"),
        keep=("记者会上，市长表示警方不会配合联邦行动。", "كتب الرئيس رسالة إلى البرلمان يوم الثلاثاء."),
    ),
)
