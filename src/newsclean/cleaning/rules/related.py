"""Related-content and read-more links: 'Read more: ...', 'RELATED: ...', 'Lea también: ...'.

A teaser is a label and a colon followed by a linked headline (no sentence-final period), or a
label alone on a line ('Related stories', 'Mehr zum Thema'). "Read more about the plan in the
report, she said." has no colon after the label and ends with a period, so it is kept.
"""

from __future__ import annotations

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import alternation, compile_rule

_LABELS = alternation(
    [
        "read more", "read also", "also read", "read next", "see also", "related", "related stories",
        "related topics", "related searches", "more on this", "more about",
        "related articles", "related content", "related coverage", "related links", "related news",
        "recommended", "recommended for you", "recommended stories", "more", "more stories", "more news",
        "more on this story", "more on this topic", "you may also like", "you might also like",
        "you may be interested in", "don't miss", "do not miss", "trending", "trending now", "most read",
        "most popular", "popular", "top stories", "latest stories", "what to read next", "watch next",
        "further reading", "mehr zum thema", "mehr dazu", "lesen sie auch", "lesen sie mehr", "auch interessant",
        "das könnte sie auch interessieren", "weitere artikel", "meistgelesen", "lea también", "lee también",
        "te puede interesar", "más noticias", "noticias relacionadas", "relacionado", "lire aussi",
        "à lire aussi", "a lire aussi", "sur le même sujet", "voir aussi", "leia também", "leia mais",
        "veja também", "leggi anche", "potrebbe interessarti", "czytaj także", "czytaj też", "zobacz też",
        "читайте также", "по теме", "相关阅读", "相关新闻", "延伸阅读", "اقرأ أيضا", "اقرأ أيضاً",
    ]
)
_DECOR = r"[\s»›→>▶►■•*\-–—|\[\]]{0,3}"
_TEASER = r"[^\s]{1,60}(?:\s[^\s]{1,60}){0,29}(?<![.;,])"
_MORE_FROM = r"(?i:more from|more by|more in|more on|mehr von|mehr aus|más de|plus de|altro da|mais de)"
_CAPS = r"\p{Lu}[\p{L}\p{M}\d.&'’\-]{0,30}"

_CLICK = (
    r"(?i:click here|click|tap here|klicken sie hier|hier klicken|haga clic aquí|haz clic aquí|pulse aquí|"
    r"cliquez ici|clicca qui|clique aqui|kliknij tutaj|нажмите здесь)"
    r"\s(?i:to|for|and|um|zu|für|para|pour|per|aby|чтобы)\s[^\n]{1,120}"
)

RULES: tuple[Rule, ...] = (
    Rule(
        name="related.click_here",
        family="related",
        tier="balanced",
        scope="line",
        description="A 'Click here to ...' link line ('Click here for the full story', 'Hier klicken "
        "für mehr', 'Cliquez ici pour lire la suite'): a link text whose target is gone.",
        pattern=compile_rule(rf"{_CLICK}"),
        examples=(
            "Click here to read the full statement.",
            "CLICK HERE FOR MORE ELECTION COVERAGE",
            "Tap here to see the interactive map",
            "Klicken Sie hier für das vollständige Interview",
            "Cliquez ici pour lire la suite",
        ),
        keep=(
            "Users who click on the ads are tracked, the study found.",
            "Click-through rates fell 10% last year.",
        ),
    ),
    Rule(
        name="related.label",
        family="related",
        tier="balanced",
        scope="line",
        description="A related-content label alone ('Related stories', 'Recommended', 'Mehr zum "
        "Thema') or with a colon and a teaser headline without final period ('READ MORE: ...', "
        "'Lea también: ...', 'Lire aussi : ...').",
        pattern=compile_rule(rf"{_DECOR}(?i:{_LABELS}){_DECOR}(?:\s?[:|]\s?{_TEASER})?[:»›→>]?"),
        examples=(
            "Read more: Chicago mayor vows to fight raids",
            "READ MORE: How the new rules affect renters",
            "RELATED: City council passes budget",
            "See also: Floods hit the south",
            "Also read",
            "Recommended",
            "Related stories",
            "Lea también: El alcalde anuncia nuevas medidas",
            "Mehr zum Thema",
            "Lire aussi : Le maire répond aux critiques",
            "Читайте также: Мэр ответил на критику",
        ),
        keep=(
            "Read more about the plan in the council's report, she said.",
            "Related: a 2018 study found the same effect.",
            "More than 300 people attended the meeting.",
            "Recommended doses vary by age.",
        ),
    ),
    Rule(
        name="related.more_from",
        family="related",
        tier="balanced",
        scope="line",
        description="'More from X' section headers: a short 'More from/by/in' plus 1-5 capitalized "
        "words and nothing else.",
        pattern=compile_rule(rf"{_MORE_FROM}\s(?:(?i:the|der|die|la|le|el|il)\s)?{_CAPS}(?:\s{_CAPS}){{0,4}}:?"),
        examples=("More from Bloomberg", "More from The Guardian", "MORE FROM POLITICS", "Mehr von Spiegel Online"),
        keep=(
            "More from the interview will air on Sunday.",
            "More from Chicago: the city plans new bus lanes to reduce traffic.",
        ),
    ),
)
