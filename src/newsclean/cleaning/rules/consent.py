"""Cookie and consent banners: 'We use cookies to ...', 'Accept all cookies', 'Manage preferences'.

A banner speaks to the visitor about *this site* ("we use", "this website uses", "by continuing
to browse you agree"); an article about cookies speaks about someone else ("The law regulates
tracking cookies used by advertisers") and is kept. Sentences must also name a consent term
(experience, privacy, consent, agree, settings, ...), so "We use cookies as bait" is kept too.
"""

from __future__ import annotations

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import alternation, compile_rule

_SITE_USES = (
    r"(?i:we use cookies|we and our partners use cookies|we use (?:first|third)[- ]party cookies|we use cookies and similar"
    r"|this (?:web)?site uses cookies|this site uses cookies|our (?:web)?site uses cookies|cookies help us"
    r"|by (?:continuing to )?(?:browse|browsing|use|using|visit|visiting) (?:this|our|the) (?:web)?site,? you (?:agree|accept|consent)"
    r"|by clicking [\"“']?(?:accept|agree|i agree|ok)[\"”']?,? you (?:agree|accept|consent)"
    r"|diese (?:web)?seite verwendet cookies|diese website verwendet cookies|wir verwenden cookies|wir nutzen cookies"
    r"|ce site utilise des cookies|nous utilisons des cookies|ce site web utilise des cookies"
    r"|este sitio (?:web )?utiliza cookies|utilizamos cookies|usamos cookies|esta web utiliza cookies"
    r"|questo sito utilizza (?:i )?cookie|utilizziamo (?:i )?cookie|usiamo (?:i )?cookie"
    r"|este site utiliza cookies|utilizamos cookies|ta strona (?:używa|wykorzystuje) (?:plików )?cookies?"
    r"|мы используем (?:файлы )?cookie|этот сайт использует (?:файлы )?cookie|本网站使用cookie|我们使用cookie)"
)
_CONSENT_TERM = (
    r"(?i:experience|privacy|polic|consent|agree|accept|analy|personali|settings|preferences|brows"
    r"|website|site|services|advertis|improve|traffic|content|datenschutz|einstellungen|erfahrung|zustimm"
    r"|expérience|confidentialit|navigat|accept|experiencia|privacidad|acept|consenso|esperienza|privacy"
    r"|prywatno|zgod|usług|przegląd|polityk|конфиденциальн|соглас|隐私|同意)"
)
_BANNER = rf"(?={_SITE_USES})(?=[^\n]{{0,600}}?{_CONSENT_TERM})[^\n]{{1,600}}"

_BUTTON = alternation(
    [
        "accept", "accept all", "accept all cookies", "accept cookies", "allow all", "allow all cookies",
        "allow cookies", "reject all", "reject all cookies", "decline", "decline all", "i agree", "i accept",
        "agree", "agree and close", "agree & close", "accept and close", "accept & close", "got it",
        "manage preferences", "manage cookies", "manage cookie preferences", "manage options",
        "manage settings", "cookie settings", "cookie preferences", "cookie policy", "privacy settings",
        "privacy preferences", "privacy policy", "customize settings", "customise settings",
        "only necessary cookies", "necessary cookies only", "use necessary cookies only",
        "alle akzeptieren", "alle ablehnen", "akzeptieren", "ablehnen", "einstellungen",
        "cookie-einstellungen", "datenschutzeinstellungen", "zustimmen", "tout accepter", "tout refuser",
        "accepter", "refuser", "paramétrer les cookies", "gérer les cookies", "personnaliser",
        "aceptar", "aceptar todo", "aceptar todas", "rechazar todo", "configurar cookies",
        "configuración de cookies", "accetta", "accetta tutti", "rifiuta tutti", "gestisci preferenze",
        "aceitar", "aceitar todos", "rejeitar todos", "akceptuję", "zaakceptuj wszystkie", "принять",
        "принять все", "接受", "全部接受",
    ]
)
_BUTTON_ROW = rf"(?i:{_BUTTON})(?:\s{{0,2}}[|·•/]?\s{{1,2}}(?i:{_BUTTON})){{0,4}}[.!]?"

RULES: tuple[Rule, ...] = (
    Rule(
        name="consent.cookie_notice",
        family="consent",
        tier="safe",
        scope="line",
        max_chars=600,  # cookie banners run to several sentences
        description="A cookie banner sentence: the site says it uses cookies ('We use cookies', 'This "
        "website uses cookies', 'By continuing to browse you agree', 'Diese Website verwendet "
        "Cookies') and the line also names a consent term (experience, privacy, consent, agree, ...).",
        pattern=compile_rule(_BANNER),
        examples=(
            "We use cookies to improve your experience on our site.",
            "This website uses cookies to ensure you get the best experience. Learn more in our privacy policy.",
            "By continuing to browse the site you agree to our use of cookies.",
            "By continuing to browse this site, you agree to our use of cookies.",
            "Diese Website verwendet Cookies. Mit der Nutzung stimmen Sie unserer Datenschutzerklärung zu.",
            "Nous utilisons des cookies pour améliorer votre expérience.",
            "Utilizamos cookies propias y de terceros para analizar el tráfico y mejorar su experiencia de navegación.",
        ),
        keep=(
            "The law regulates tracking cookies used by advertisers.",
            "We use cookies as bait, the trapper explained.",
            "Regulators said the site uses cookies without asking users.",
        ),
    ),
    Rule(
        name="consent.buttons",
        family="consent",
        tier="balanced",
        scope="line",
        description="A line made only of consent-dialog buttons ('Accept all cookies', 'Manage "
        "preferences', 'Reject all', 'Alle akzeptieren', 'Tout accepter', 'Aceptar').",
        pattern=compile_rule(_BUTTON_ROW),
        examples=(
            "Accept all cookies",
            "Manage preferences",
            "Accept all | Reject all",
            "I agree",
            "Alle akzeptieren",
            "Tout accepter",
            "Cookie settings",
        ),
        keep=(
            "Accept all the terms or walk away, the union was told.",
            "Manage your money wisely, the adviser said.",
        ),
    ),
)
