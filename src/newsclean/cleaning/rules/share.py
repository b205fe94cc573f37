"""Share and follow widgets: 'Share this article', 'Share on Facebook', a row of button labels.

A flattened share bar leaves button labels on their own line ("Facebook Twitter Email Print") or
one per line ("Tweet", "WhatsApp"). A line made *only* of such labels is a widget; a sentence
that mentions Facebook or printing has other words and is kept.
"""

from __future__ import annotations

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import alternation, compile_rule

_BUTTONS = alternation(
    [
        "share", "shares", "tweet", "email", "e-mail", "mail", "print", "facebook", "twitter", "x", "linkedin",
        "whatsapp", "reddit", "pinterest", "telegram", "messenger", "flipboard", "tumblr", "pocket", "xing",
        "vk", "weibo", "wechat", "line", "copy link", "copy", "link", "save", "bookmark", "comment",
        "comments", "teilen", "drucken", "senden", "twittern", "compartir", "imprimir", "enviar",
        "partager", "imprimer", "envoyer", "condividi", "stampa", "compartilhar", "udostępnij", "drukuj",
        "поделиться", "печать", "分享", "打印", "مشاركة", "طباعة", "gift this article", "gift article",
        "share article", "share page", "share story",
    ]
)
_SEP = r"(?:\s{0,2}[|·•,/]\s{0,2}|\s{1,3})"
_BUTTON_ROW = rf"(?i:{_BUTTONS})(?:\s?\(\d{{1,6}}\))?(?:{_SEP}(?i:{_BUTTONS})(?:\s?\(\d{{1,6}}\))?){{0,11}}:?"

_PLATFORM = alternation(
    [
        "facebook", "twitter", "x", "linkedin", "whatsapp", "reddit", "pinterest", "telegram", "email",
        "e-mail", "instagram", "threads", "bluesky", "mastodon", "tiktok", "youtube", "flipboard",
        "messenger", "weibo", "wechat", "google news", "apple news", "snapchat",
    ]
)
_PLATFORMS = rf"(?i:{_PLATFORM})(?:(?:,\s|\s(?i:and|or|und|et|y|e|i)\s|\s?/\s?){{1}}(?i:{_PLATFORM})){{0,6}}"
_SHARE_PHRASE = (
    r"(?i:share|share this|share this (?:article|story|post|page|video)|share (?:the|this) (?:full )?article"
    r"|share full article|click to share|teilen sie diesen artikel|diesen artikel teilen|artikel teilen"
    r"|compartir (?:este artículo|esta noticia)|compartir|partager(?: cet article)?|condividi(?: questo articolo)?"
    r"|compartilhe|udostępnij|поделиться)"
    rf"(?:\s?:|\s(?i:on|via|with|auf|per|en|sur|su|por|no|в)\s{_PLATFORMS})?"
    r"(?:\s?\((?i:opens in (?:a )?new window)\))?[.:]?"
)
_FOLLOW = (
    r"(?i:follow us|like us|join us|find us|connect with us|folgen sie uns|folge uns|síguenos|siga-nos|"
    r"suivez-nous|seguici|obserwuj nas|подписывайтесь на нас|подписывайтесь|follow)"
    rf"(?:\s(?i:on|auf|en|sur|su|no|na|в)\s{_PLATFORMS})"
    r"(?:\s(?i:for|to|und|and|y|et|pour|para|per)\s[^\n]{0,80})?[.!]?"
)

RULES: tuple[Rule, ...] = (
    Rule(
        name="share.buttons",
        family="share",
        tier="balanced",
        scope="line",
        description="A line made only of share-button labels (one to twelve of Share, Tweet, Email, "
        "Print, WhatsApp, Facebook, Teilen, Compartir, Partager, ...), separated by spaces, bars or "
        "dots, with optional counts.",
        pattern=compile_rule(_BUTTON_ROW),
        examples=(
            "Share",
            "Tweet",
            "Email",
            "WhatsApp",
            "Facebook Twitter Email Print",
            "Share | Tweet | Email",
            "Teilen Drucken",
            "Compartir · Imprimir",
            "Share (12)",
        ),
        keep=(
            "Print media is in decline, the study found.",
            "Email servers were down for hours.",
            "Share prices fell 4% on Monday.",
        ),
    ),
    Rule(
        name="share.phrase",
        family="share",
        tier="safe",
        scope="line",
        description="Share calls ('Share this article', 'Share on Facebook', 'Click to share on "
        "Twitter (Opens in new window)', 'Diesen Artikel teilen').",
        pattern=compile_rule(_SHARE_PHRASE),
        examples=(
            "Share this article",
            "Share on Facebook",
            "Share via Email",
            "Share this:",
            "Click to share on Twitter (Opens in new window)",
            "Diesen Artikel teilen",
            "Partager sur Facebook",
        ),
        keep=(
            "Share this article's findings with caution, the authors warned.",
            "Share the road, the campaign urges drivers.",
        ),
    ),
    Rule(
        name="share.follow_us",
        family="share",
        tier="balanced",
        scope="line",
        description="'Follow us on Instagram', 'Like us on Facebook', 'Folgen Sie uns auf Twitter', "
        "'Síguenos en Twitter': a follow call naming a platform.",
        pattern=compile_rule(_FOLLOW),
        examples=(
            "Follow us on Instagram",
            "Follow us on Facebook and Twitter for the latest updates.",
            "Like us on Facebook",
            "Folgen Sie uns auf Twitter",
            "Síguenos en Twitter",
            "Suivez-nous sur Facebook",
        ),
        keep=(
            "Follow us, the protesters shouted as they marched.",
            "Follow the money, investigators said.",
            "Join us in welcoming the new mayor, the council said.",
        ),
    ),
)
