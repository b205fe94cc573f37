"""Newsletter, subscription and paywall calls to action.

These are imperatives addressed to the reader ("Sign up for our newsletter", "Subscribe now",
"Already a subscriber? Log in") or notices about access ("This article is for subscribers only").
Each rule needs the whole line to be the call, and the objects of the verbs are the reader's
things (our newsletter, your inbox), so a report that "readers who subscribe to the print
edition" pay more is kept.
"""

from __future__ import annotations

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import compile_rule

_TAIL = r"(?:[\s,:;.!?\-–—|»›→]{1,3}[^\n]{0,160})?"
_LIST = (
    r"(?i:newsletters?|briefings?|digest|alerts?|e-?mails?|updates|mailing list|morning report|"
    r"evening report|daily|weekly|bulletin|boletín|boletines|infolettre|lettre d'information|"
    r"newsletter abonnieren)"
)
_SIGNUP = (
    r"(?:[^\n?]{1,80}+\?\s)?"  # "Want more stories like this? Sign up ..." (possessive: see contact.reach)
    r"(?:(?i:get|receive|join)\s(?i:our|my|free|the latest|all our)"
    r"|(?i:sign up|sign-up|signup|subscribe|register|jetzt|melden sie sich|abonnez-vous|"
    r"inscrivez-vous|suscríbete|suscríbase|regístrate|iscriviti|assine|inscreva-se|zapisz się|подпишитесь)"
    r"(?:\s(?i:up|now|today|here|free|for free|to|for|à|a|al|zu|zum|für|on|na|на)){0,3}"
    r"(?:\s(?i:our|the|my|a|free|notre|nos|nuestro|nuestros|unseren|unserem|den|il|la|le|o|nasz|наш|наши)){0,2})"
    rf"(?:\s[\w'’\-]{{1,25}}){{0,3}}\s{_LIST}{_TAIL}"
)
_SUBSCRIBE = (
    r"(?i:subscribe|subscribe now|subscribe today|subscribe here|jetzt abonnieren|abonnieren|s'abonner|"
    r"(?:den |unseren )?newsletter (?:abonnieren|bestellen)|s'abonner à la newsletter|"
    r"abonnez-vous|suscríbete|suscríbase|abbonati|assine já|assine|subskrybuj|подписаться|订阅)"
    r"(?:\s(?i:now|today|here|jetzt|maintenant|ahora))?"
    r"(?:\s(?i:for|from|für|pour|por|per|ab|only)\s[^\n]{0,60}?[\d$€£¥][^\n]{0,60}"
    r"|\s(?i:for|to get)\s(?i:unlimited|full|complete|all)\s(?i:digital\s)?(?i:access))?[.!]?"
)
_INBOX = (
    r"(?i:get|have|receive|the best|our best|all the|the latest|latest|top stories|news)"
    r"[^\n]{0,80}?(?i:delivered|straight|sent|direct|directly)\s(?i:to|into|in)\s(?i:your)\s(?i:inbox|email|mailbox|phone)[^\n]{0,80}"
)
_ACCOUNT = (
    r"(?i:already (?:a subscriber|subscribed|have an account|registered|a member)"
    r"|bereits abonnent(?:in)?|schon abonnent(?:in)?|déjà abonné(?:e)?|ya eres suscriptor|ya tienes una cuenta"
    r"|sei già abbonato|já é assinante|masz już konto|уже подписаны)"
    r"(?:\s?\?(?:\s[^\n]{0,80})?|[,.!]?\s(?i:log in|login|sign in|click here|anmelden|einloggen|hier anmelden|"
    r"se connecter|connectez-vous|inicia sesión|accedi|entrar|zaloguj)[^\n]{0,60})"
)
_PAYWALL = (
    r"(?i:this (?:article|story|content|page) is (?:only |exclusively )?(?:available |reserved )?(?:for|to) "
    r"(?:subscribers|members|premium subscribers|paying subscribers)(?: only)?"
    r"|(?:to )?continue reading,? (?:please )?(?:subscribe|log in|sign in|register)"
    r"|subscribe to (?:continue|keep) reading|subscribe to (?:read|unlock) (?:the |this )?(?:full |whole |entire )?"
    r"(?:story|article|rest of (?:the|this) (?:story|article))|you have reached (?:your|the) (?:limit|maximum) of (?:free )?articles"
    r"|you've reached your (?:free )?(?:article )?limit|you have \d{1,3} free articles? (?:left|remaining)"
    r"|create a free account to (?:continue|keep) reading|log in to (?:continue|keep) reading"
    r"|dieser artikel ist (?:nur )?für (?:abonnenten|abonnentinnen|abonnenten und abonnentinnen)(?: bestimmt| reserviert)?"
    r"|weiterlesen mit|jetzt weiterlesen|cet article est réservé aux abonnés|article réservé aux abonnés"
    r"|este artículo es (?:exclusivo )?para suscriptores|contenido exclusivo para suscriptores"
    r"|articolo riservato agli abbonati|conteúdo exclusivo para assinantes|artykuł dostępny tylko dla prenumeratorów)"
    r"[.!:]?(?:\s[^\n]{0,160})?"
)
_SUPPORT = (
    r"(?i:support (?:our|independent|local|quality|trusted) (?:journalism|reporting|newsroom|work|news)"
    r"|become a (?:member|subscriber|supporter|patron)|make a (?:donation|contribution)|donate now|give now"
    r"|unterstützen sie (?:unseren|unsere|den) (?:journalismus|arbeit|redaktion)|soutenez (?:notre|le) journalisme"
    r"|apoya (?:nuestro|el) periodismo|sostieni (?:il nostro|il) giornalismo|apoie (?:o nosso|nosso) jornalismo"
    r"|поддержите (?:нашу|нас))"
    rf"{_TAIL}"
)

_LOGIN = (
    r"(?i:sign in|log in|login|log out|sign out|register|create (?:an |a free )?account|my account|"
    r"anmelden|einloggen|registrieren|mein konto|iniciar sesión|regístrate|mi cuenta|se connecter|"
    r"connexion|s'inscrire|mon compte|accedi|registrati|entrar|cadastre-se|zaloguj się|войти|登录|注册)"
)

RULES: tuple[Rule, ...] = (
    Rule(
        name="newsletter.login",
        family="newsletter",
        tier="balanced",
        scope="line",
        description="Account links alone on a line ('Sign in', 'Log in | Register', 'Anmelden', "
        "'Iniciar sesión').",
        pattern=compile_rule(
            rf"(?:(?i:jetzt|now|ahora|maintenant)\s)?(?:(?i:kostenlos|gratis|free|for free|gratuitement)\s)?"
            rf"{_LOGIN}(?:\s(?i:for free|kostenlos|gratis|now|jetzt|gratuitement))?"
            rf"(?:\s{{0,2}}[|/·•]?\s{{1,2}}{_LOGIN}){{0,3}}"
        ),
        examples=("Sign in", "Log in | Register", "Anmelden", "Iniciar sesión", "Se connecter", "Register for free"),
        keep=("Sign in sheets were found at the scene.", "Log in data showed the breach began in May."),
    ),
    Rule(
        name="newsletter.signup",
        family="newsletter",
        tier="balanced",
        scope="line",
        max_chars=240,  # paywall and sign-up prompts are full sentences
        description="A sign-up call for a newsletter, briefing or alerts ('Sign up for our newsletter', "
        "'Get our daily briefing', 'Inscrivez-vous à notre newsletter'), whole line.",
        pattern=compile_rule(_SIGNUP),
        examples=(
            "Sign up for our newsletter",
            "SIGN UP for the Morning Briefing: the day's top stories.",
            "Subscribe to our daily newsletter",
            "Get our free breaking news alerts",
            "Inscrivez-vous à notre newsletter",
            "Suscríbete a nuestro boletín",
            "Enjoyed this? Sign up for our weekly briefing.",
        ),
        keep=(
            "Sign up for the vaccine opened on Monday for all adults.",
            "Readers who subscribe to the print edition will pay more.",
            "Join the march, organisers urged residents.",
            "Call get() to receive the integer digest.",
            "Get the daily digest of court filings from the clerk, lawyers advised.",
        ),
    ),
    Rule(
        name="newsletter.subscribe",
        family="newsletter",
        tier="balanced",
        scope="line",
        description="A bare subscription call ('Subscribe now', 'Subscribe for $1', 'Jetzt abonnieren'); "
        "anything after it must be a price offer.",
        pattern=compile_rule(_SUBSCRIBE),
        examples=(
            "Subscribe now",
            "Subscribe",
            "SUBSCRIBE FOR $1 A WEEK",
            "Subscribe for full digital access",
            "Jetzt abonnieren",
            "Abonnez-vous",
        ),
        keep=(
            "Subscribers will pay $5 more a month, the company said.",
            "Subscribe to a theory long enough and you stop questioning it.",
        ),
    ),
    Rule(
        name="newsletter.inbox",
        family="newsletter",
        tier="balanced",
        scope="line",
        description="'Get the latest news delivered to your inbox' and similar delivery promises.",
        pattern=compile_rule(_INBOX),
        examples=(
            "Get the latest news delivered to your inbox",
            "The best stories, delivered straight to your inbox every morning.",
            "Get breaking news sent directly to your phone.",
        ),
        keep=(
            "The letters were delivered to the mayor's office on Monday.",
            "Ballots delivered to your home must be returned by Friday, officials said.",
        ),
    ),
    Rule(
        name="newsletter.account",
        family="newsletter",
        tier="safe",
        scope="line",
        description="'Already a subscriber? Log in' and its translations: the phrase must be a "
        "question or be followed by a log-in link.",
        pattern=compile_rule(_ACCOUNT),
        examples=(
            "Already a subscriber? Log in",
            "Already have an account? Sign in here.",
            "Bereits Abonnent? Hier anmelden",
            "Déjà abonné ? Se connecter",
        ),
        keep=(
            "Already a member of the council, she ran for mayor in 2019 and won by a wide margin.",
            "Already registered voters do not need to apply again.",
        ),
    ),
    Rule(
        name="newsletter.paywall",
        family="newsletter",
        tier="safe",
        scope="line",
        max_chars=300,  # paywall and sign-up prompts are full sentences
        description="Paywall notices ('This article is for subscribers only', 'You have reached your "
        "limit of free articles', 'Article réservé aux abonnés').",
        pattern=compile_rule(_PAYWALL),
        examples=(
            "This article is for subscribers only",
            "This story is available to subscribers only.",
            "To continue reading, please log in or subscribe.",
            "You have reached your limit of free articles this month.",
            "Subscribe to read the full article",
            "Dieser Artikel ist nur für Abonnenten bestimmt.",
            "Article réservé aux abonnés",
        ),
        keep=(
            "The museum is open to members only on Mondays.",
            "Subscribers only learned of the price rise from the press.",
        ),
    ),
    Rule(
        name="newsletter.support",
        family="newsletter",
        tier="balanced",
        scope="line",
        description="Donation and membership appeals ('Support our journalism', 'Become a member', "
        "'Unterstützen Sie unseren Journalismus').",
        pattern=compile_rule(_SUPPORT),
        examples=(
            "Support our journalism",
            "Support independent journalism. Become a member today.",
            "Become a member",
            "Unterstützen Sie unseren Journalismus",
            "Apoya nuestro periodismo",
        ),
        keep=(
            "Support our troops, the banner read.",
            "Supporters of the plan became members of the new party.",
        ),
    ),
)
