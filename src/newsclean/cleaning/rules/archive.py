"""Archive and outdated-article disclaimers printed above old stories.

Publishers word them differently, so the rules look for the parts they share: the article is
*archived*, it is *N years old*, its information *may be outdated*, it was *originally published*
somewhere. A disclaimer is a notice about the page itself ("this article", "this story"), which is
what separates it from a sentence reporting that some other study was first published in 1998.
"""

from __future__ import annotations

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import compile_rule

_THIS = r"(?i:this|the)\s(?i:article|story|page|content|report|piece|post|item|information)"
_THIS_DE = r"(?i:dieser|diese|dieses)\s(?i:artikel|beitrag|text|meldung|seite)"
_THIS_ES = r"(?i:este|esta)\s(?i:artículo|nota|noticia|contenido|información)"
_THIS_FR = r"(?i:cet|cette)\s(?i:article|page|contenu|information)"
_ANY_THIS = rf"(?:{_THIS}|{_THIS_DE}|{_THIS_ES}|{_THIS_FR})"
_REST = r"[^\n]{0,300}"  # the rest of a disclaimer sentence or two
_NUMBER = r"(?:\d{1,3}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|a|an|ein|einem|zwei|drei|un|una|deux|trois|dos|tres))"
_UNIT = r"(?i:years?|months?|jahre?n?|monate?n?|años?|meses|ans?|mois)"
# Words that would make a 'first published in ...' line a sentence about something else.
_CLAUSE_WORDS = r"(?i:and|but|which|after|before|because|when|while|later|where|although)"

RULES: tuple[Rule, ...] = (
    Rule(
        name="archive.archived_notice",
        family="archive",
        tier="safe",
        scope="line",
        max_chars=400,  # archive disclaimers are whole sentences, often two
        description="A notice that the page is archived or its information may be outdated ('This "
        "is an archived article and the information in the article may be outdated. ...', 'Archived "
        "content', 'Dieser Artikel ist archiviert').",
        pattern=compile_rule(
            rf"(?i:archived (?:article|story|content|page)|from the archives?|aus dem archiv|archivartikel"
            rf"|de nuestro archivo|archives)(?:\s?[:|\-–—]\s?{_REST})?"
            rf"|(?:(?i:this is an? archived|this (?:article|story|page|content) (?:is|has been|was) archived"
            rf"|{_ANY_THIS} (?:ist|wurde|est|a été|es|fue|ha sido) (?:archiviert|archivé|archivad[oa]))"
            rf"|{_ANY_THIS}{_REST}(?i:may be (?:outdated|out of date|no longer (?:current|accurate|up to date))"
            rf"|ist möglicherweise nicht mehr aktuell|peut être obsolète|puede estar desactualizad[oa])){_REST}"
        ),
        examples=(
            "This is an archived story and the details in it may be out of date. Check the date on the "
            "page to see when it was last changed.",
            "This article has been archived and may no longer be accurate.",
            "ARCHIVED CONTENT: This page is provided for reference only.",
            "The information in this story may be outdated.",
            "Dieser Artikel wurde archiviert.",
            "Este artículo fue archivado y la información puede estar desactualizada.",
        ),
        keep=(
            "The archived emails show the minister knew about the plan.",
            "Officials warned that the maps may be outdated in some districts.",
            "From the archives of the city library, researchers pieced together the story of the strike.",
        ),
    ),
    Rule(
        name="archive.age_notice",
        family="archive",
        tier="safe",
        scope="line",
        max_chars=400,  # archive disclaimers are whole sentences, often two
        description="'This article is more than 5 years old' and its equivalents: a notice about the "
        "age of the page itself.",
        pattern=compile_rule(
            rf"{_ANY_THIS}\s(?i:is|ist|est|es|tiene)\s(?i:more than|over|older than|mehr als|älter als|plus de|"
            rf"más de|de más de)\s{_NUMBER}\s{_UNIT}(?:\s(?i:old|alt|antigüedad))?[.!]?{_REST}"
        ),
        examples=(
            "This article is more than 5 years old",
            "This article is more than 5 years old.",
            "This story is over a year old.",
            "Dieser Artikel ist älter als ein Jahr.",
            "Cet article est plus de deux ans",
        ),
        keep=(
            "The building is more than 100 years old and needs repairs.",
            "This bridge is more than five years old, engineers said.",
        ),
    ),
    Rule(
        name="archive.originally_published",
        family="archive",
        tier="balanced",
        scope="line",
        max_chars=400,  # archive disclaimers are whole sentences, often two
        description="'This article was originally/first published in/on X' notes. The line must end "
        "within 14 words after the verb, and without clause words (and, after, which, ...) that would "
        "make it a sentence about something else.",
        pattern=compile_rule(
            rf"(?:{_THIS}|(?i:a version of this (?:article|story)))\s(?:(?i:was|is|has been)\s)?"
            rf"(?i:originally|first|previously)\s(?i:published|appeared|ran|posted|printed)"
            rf"(?:\s(?!{_CLAUSE_WORDS}\b)[^\s]{{1,40}}){{1,14}}"
            rf"|(?:{_THIS_DE}|{_THIS_ES}|{_THIS_FR})\s(?i:wurde zuerst|erschien zuerst|erschien ursprünglich|"
            rf"fue publicado originalmente|se publicó originalmente|a été publié initialement|a initialement été publié|"
            rf"a été publié pour la première fois)(?:\s(?!{_CLAUSE_WORDS}\b)[^\s]{{1,40}}){{1,14}}"
        ),
        examples=(
            "This article was originally published on June 3, 2019.",
            "This story was first published by The Conversation.",
            "A version of this story first appeared in the Weekly Example.",
            "This article originally appeared on Example.com",
            "Dieser Artikel erschien zuerst im Beispiel-Magazin.",
            "Este artículo fue publicado originalmente en El Ejemplo.",
        ),
        keep=(
            "This article was first published in The Lancet in 1998 and later retracted.",
            "The study was first published in 1998, after years of work.",
            "The report was originally published in Dutch, which limited its audience.",
        ),
    ),
)
