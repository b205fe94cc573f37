"""Copyright footers: '© 2019 Bloomberg L.P.', 'Copyright 2020 The Associated Press. All rights reserved.'

The word "copyright" alone is not enough ("The court dismissed the copyright claim"): a notice
starts with ©/(c) or with "Copyright" followed by a year, a ©, or a colon, and is short. The holder
goes to ``metadata["copyright"]``.
"""

from __future__ import annotations

from collections.abc import Mapping

import regex

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import alternation, compile_rule

_RESERVED = alternation(
    [
        "all rights reserved", "alle rechte vorbehalten", "tous droits réservés", "todos los derechos reservados",
        "tutti i diritti riservati", "todos os direitos reservados", "wszelkie prawa zastrzeżone",
        "все права защищены", "alle rechten voorbehouden", "版权所有", "جميع الحقوق محفوظة", "some rights reserved",
    ]
)
_YEAR = r"(?:19|20)\d{2}(?:\s?[-–—]\s?(?:19|20)?\d{2})?"
_SIGN = r"(?:©|\((?i:c)\)|Ⓒ)"
_WORD = r"(?i:copyright|copr\.|urheberrecht)"
# After the sign or "Copyright <year>": the holder, up to 12 words, then an optional reservation.
_HOLDER = r"(?P<holder>[^\s©]{1,60}(?:\s[^\s©]{1,60}){0,11}?)"
# After "All rights reserved" a footer may go on with links ("| Terms of Use | Privacy Policy").
_TAIL = rf"(?:[.,;|]?\s{{0,2}}(?i:{_RESERVED})\.?(?:\s{{0,2}}[|·•\-–—]\s?[^\n]{{1,150}})?)?"
_START = rf"(?:{_SIGN}\s?(?:{_WORD}\s?)?|{_WORD}\s?(?:{_SIGN}\s?|:\s?)(?=\S)|{_WORD}\s(?={_YEAR}))"
_NOTICE = rf"{_START}(?:{_YEAR},?\s?)?{_HOLDER}?{_TAIL}"


def _holder(match: regex.Match[str]) -> Mapping[str, object]:
    """The rights holder, without the year, the reservation and a closing period."""
    holder = (match.group("holder") or "").strip(" ,;|")
    if holder.endswith(".") and not holder[-2:-1].isupper():  # keep the dot of "L.P."
        holder = holder[:-1]
    return {"copyright": holder} if holder else {}


RULES: tuple[Rule, ...] = (
    Rule(
        name="copyright.notice",
        family="copyright",
        tier="safe",
        scope="line",
        max_chars=300,  # copyright footers add a redistribution sentence
        description="A line that is a copyright notice: ©/(c), or 'Copyright' followed by a year, a © "
        "or a colon, then a holder of at most 12 words and maybe 'All rights reserved' (several "
        "languages). A sentence that uses the word copyright does not start this way.",
        pattern=compile_rule(_NOTICE),
        extract=_holder,
        examples=(
            "© 2017 Example Media L.P.",
            "©2023 Reuters Ltd.",
            "Copyright 2020 The Associated Press. All rights reserved.",
            "(c) 2018 Example Media Group",
            "COPYRIGHT © 2021 EXAMPLE NEWS, ALL RIGHTS RESERVED",
            "Copyright: Beispiel Verlag GmbH 2020",
            "© Ejemplo Ediciones 2015-2023. Todos los derechos reservados.",
            "© 2022 Фонд Пример. Все права защищены",
            "Copyright © 2024 Example Media. All Rights Reserved. | Terms of Use | Privacy Policy",
        ),
        keep=(
            "The court dismissed the copyright claim on Monday.",
            "Copyright law in the EU was reformed in 2019.",
            "Copyright holders say the ruling will hurt artists and publishers alike for many years.",
        ),
    ),
    Rule(
        name="copyright.rights_reserved",
        family="copyright",
        tier="safe",
        scope="line",
        max_chars=300,  # copyright footers add a redistribution sentence
        description="A line that only says 'All rights reserved' (in several languages).",
        pattern=compile_rule(rf"{_RESERVED}[.!]?", ignore_case=True),
        examples=("All rights reserved.", "ALL RIGHTS RESERVED", "Alle Rechte vorbehalten.", "Tous droits réservés"),
        keep=(
            "All rights reserved for the club's founders were revoked in 1998.",
            "She said all rights reserved to the state would be returned.",
        ),
    ),
    Rule(
        name="copyright.redistribution",
        family="copyright",
        tier="safe",
        scope="line",
        max_chars=400,  # copyright footers add a redistribution sentence
        description="Wire-service redistribution notices ('This material may not be published, "
        "broadcast, rewritten or redistributed.'): the line must consist of the notice's verbs only.",
        pattern=compile_rule(
            r"(?:(?:this|the) (?:material|article|content|story|report|text|photo)s? (?:may|must|shall|can) not"
            r"|no part of this (?:\w{1,20} ){0,2}\w{1,20} (?:may|must|shall|can)) be "
            r"(?:(?:published|broadcast|broadcasted|rewritten|redistributed|reproduced|distributed|copied|"
            r"transmitted|stored|reprinted|used|displayed|modified|sold)(?:,| or| and|, or|, and)? ?){1,10}"
            r"(?:(?:in whole or in part|without (?:the )?(?:prior )?(?:written )?permission"
            r"(?: of [^\s.]{1,40}(?: [^\s.]{1,40}){0,5})?|in any (?:form|medium)|by any means|"
            r"for commercial purposes)[ ,]{0,2}){0,4}[.!]?",
            ignore_case=True,
        ),
        examples=(
            "This material may not be published, broadcast, rewritten or redistributed.",
            "This material may not be published, broadcast, rewritten, or redistributed without permission.",
            "THE MATERIAL MAY NOT BE REPRODUCED OR DISTRIBUTED IN WHOLE OR IN PART.",
            "No part of this publication may be reproduced in any form without the written permission of Example Press.",
        ),
        keep=(
            "This material may not be published until the trial ends, the judge ruled.",
            "The judge said the material may not be published.",
        ),
    ),
)
