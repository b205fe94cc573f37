"""Advertising markers: the labels a page prints above, inside or below an ad slot.

Scrapers keep the label after the ad itself is gone, so it stands alone on a line. Only whole
lines are removed: "Advertisement spending rose 4%" is news about advertising, not an ad.
"""

from __future__ import annotations

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import alternation, compile_rule

_AD_WORDS = alternation(
    [
        "advertisement", "advertisements", "advertising", "advertorial", "ad", "ads",
        "sponsored", "sponsored content", "sponsored post", "sponsored story", "sponsored article",
        "sponsored links", "paid content", "paid post", "paid partnership", "partner content",
        "promoted", "promoted content", "contenido patrocinado", "contenu sponsorisé", "gesponserter inhalt",
        "conteúdo patrocinado", "contenuto sponsorizzato", "artykuł sponsorowany", "anzeige", "werbung", "publicité", "publicidad", "pubblicità",
        "publicidade", "reklama", "reclame", "advertentie", "annonce", "реклама", "广告", "廣告", "إعلان",
        # A sponsor label whose logo the scraper dropped ("Supported by" above the headline).
        "supported by", "sponsored by", "unterstützt von", "gefördert von", "con el apoyo de",
        "avec le soutien de", "con il sostegno di",
    ]
)
# "- Advertisement -", "[ AD ]", "ADVERTISEMENT:", "· Anzeige ·"
_DECOR = r"[\s\-–—·•|*_\[\]()<>:]{0,6}"

_CONTINUES = alternation(
    [
        "story continues below advertisement", "article continues below advertisement",
        "story continues below", "article continues below", "continue reading below", "scroll to continue",
        "content continues below", "advertisement - scroll to continue", "scroll to continue with content",
        "skip advertisement", "skip ad", "close ad", "remove ads", "report this ad", "ad feedback",
        "report an ad", "why this ad?", "hide ad",
        "continue reading the main story", "continuez la lecture ci-dessous", "lire la suite ci-dessous",
        "sigue leyendo abajo", "weiter unten lesen", "story continues below this ad", "article continues below this ad",
        "article continues after advertisement", "story continues after advertisement", "artikel wird nach der anzeige fortgesetzt",
        "weiter nach der anzeige", "lesen sie nach der anzeige weiter", "la suite après cette publicité",
        "la suite après la publicité", "la noticia continúa después de la publicidad",
        "continúa después de la publicidad", "sigue leyendo después del anuncio",
        "l'articolo continua dopo la pubblicità", "reklama, czytaj dalej", "продолжение после рекламы",
    ]
)

RULES: tuple[Rule, ...] = (
    Rule(
        name="ads.marker",
        family="ads",
        tier="safe",
        scope="line",
        description="A line that is only an ad label (any case, optional dashes or brackets), "
        "in several languages. Sentences about advertising are longer and are kept.",
        pattern=compile_rule(rf"{_DECOR}{_AD_WORDS}{_DECOR}", ignore_case=True),
        examples=(
            "ADVERTISEMENT",
            "Advertisement",
            "- Advertisement -",
            "[AD]",
            "Sponsored content",
            "Anzeige",
            "Werbung:",
            "Publicité",
            "PUBLICIDAD",
            "Реклама",
            "Supported by",
            "SPONSORED BY:",
            "Unterstützt von",
        ),
        keep=(
            "Advertisement spending rose 4% in the third quarter, the agency said.",
            "Supported by the union, the strike spread to three more plants.",
            "Sponsored by two senators, the bill passed easily.",
            "Ad revenue fell sharply.",
            "Die Anzeige wurde am Montag bei der Polizei erstattet.",
            "La publicité en ligne représente désormais la moitié du marché.",
        ),
    ),
    Rule(
        name="ads.continues_below",
        family="ads",
        tier="safe",
        scope="line",
        description="'Story continues below advertisement' and similar notes around an ad slot.",
        pattern=compile_rule(rf"{_DECOR}(?:{_AD_WORDS}{_DECOR})?{_CONTINUES}[\s.…:→»>]{{0,4}}", ignore_case=True),
        examples=(
            "Story continues below advertisement",
            "ARTICLE CONTINUES BELOW",
            "Advertisement - Scroll to continue",
            "Anzeige · Weiter nach der Anzeige",
            "Continue reading the main story",
            "Artikel wird nach der Anzeige fortgesetzt",
            "La suite après cette publicité",
            "Publicidad - Sigue leyendo abajo",
            "Continúa después de la publicidad",
        ),
        keep=(
            "The story continues below the surface, where divers found the wreck.",
            "Skip the advertisement and the trailer, he told the audience.",
        ),
    ),
    Rule(
        name="ads.sponsored_by",
        family="ads",
        tier="balanced",
        scope="line",
        description="A short 'Sponsored by X' / 'Paid for by X' / 'Brought to you by X' line without "
        "sentence punctuation; a sentence that merely starts this way ends with a period and is kept.",
        pattern=compile_rule(
            r"(?i:sponsored by|paid for by|brought to you by|presented by|in partnership with|"
            r"gesponsert von|präsentiert von|en colaboración con|patrocinado por|sponsorisé par|"
            r"en partenariat avec)"
            r":?\s[^\s.!?]{1,40}(?:\s[^\s.!?]{1,40}){0,6}",
        ),
        examples=(
            "Sponsored by Acme Bank",
            "Paid for by the Committee to Elect Jane Doe",
            "Brought to you by Contoso",
            "Präsentiert von Beispiel AG",
            "Patrocinado por Banco Ejemplo",
        ),
        keep=(
            "Sponsored by the mayor, the bill passed the council on Tuesday.",
            "Paid for by taxpayers, the stadium never turned a profit.",
            "Presented by the prosecution as a key witness, she later recanted.",
        ),
    ),
)
