"""Contact footers and contributor credits at the end of a story.

"To contact the reporter on this story: ...", "Reporting by X; Editing by Y", "--With assistance
from X.", "X contributed to this report.". Each credit is a lead phrase followed by *names* (the
shared name shape), so "Reporting by the newspaper prompted an inquiry" is kept. The credit
line goes to ``metadata["credits"]``.
"""

from __future__ import annotations

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import (
    NAME,
    NAME_LIST,
    ORGANISATION,
    alternation,
    compile_rule,
    credit_text,
)

MAX_CREDIT_CHARS = 500
"""Credit lines are short; longer lines are prose and are not tried."""

_EMAIL = r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,5}"
_HANDLE = r"@\w{1,30}"
_PHONE = r"\+?\d[\d ()./\-]{6,20}\d"
_REACH = rf"(?:{_EMAIL}|{_HANDLE}|{_PHONE})"

_CREDIT_LEAD = alternation(
    [
        "reporting", "additional reporting", "further reporting", "writing", "editing", "research",
        "additional research", "graphics", "production", "compiled", "assistance",
        "with assistance", "with additional assistance", "fact-checking", "photos", "video",
        "translation", "translated", "mitarbeit", "redacción", "redaction", "rédaction", "edición",
        "información", "con información", "reportage", "verifica",
    ]
)
_CREDIT_VERB = r"(?i:by|from|von|por|de|par)"
_PLACE = r"(?:\s(?i:in|from|aus|en|à|a|w)\s\p{Lu}[\p{L}.'’\-]{0,30}(?:\s\p{Lu}[\p{L}.'’\-]{0,30}){0,2})"
_CREDIT_ITEM = rf"(?i:{_CREDIT_LEAD}) (?:and (?i:{_CREDIT_LEAD}) )?{_CREDIT_VERB}:? {NAME_LIST}{_PLACE}?"
_CREDITS = (
    rf"[-–—\s]{{0,3}}\(?{_CREDIT_ITEM}(?:\s?[;,.|/]\s?{_CREDIT_ITEM}){{0,6}}[.;]?\)?\.?"
)
_CONTRIBUTED = (
    r"(?=[^\n]{0,200}(?i:contributed))"  # cheap check before trying names on every line
    r"\(?(?:(?i:staff writers?|staff reporters?|correspondents?|reporters?|writers?|editors?|researchers?)\s)?"
    rf"(?:{NAME_LIST}|{ORGANISATION})(?:,\s(?:of\s)?the\s\p{{Lu}}[\p{{L}}\-]{{1,30}}(?:\s\p{{Lu}}[\p{{L}}\-]{{1,30}}){{0,3}})?{_PLACE}?"
    r" (?i:contributed|also contributed|contributed reporting|contributed to this (?:report|story|article)"
    r"|contributed reporting to this (?:report|story|article)|contributed (?:research|writing)"
    r"(?: to this (?:report|story|article))?)(?: from [\p{Lu}][\p{L} ,]{1,60})?[.)]{0,2}"
)
_CONTRIBUTING = (
    rf"(?i:contributing|contributors?|contributing reporters?|contributing writers?|mitarbeit|colaboradores)"
    rf":\s?{NAME_LIST}{_PLACE}?\.?"
)
_REPORTED_BY = (
    rf"(?i:this (?:story|article|report) (?:was|has been) (?:reported|written|produced|edited|reported and written)"
    rf"(?: and (?:edited|written|produced))? (?:by|in partnership with|in collaboration with)) "
    rf"(?:{NAME_LIST}|{ORGANISATION}){_PLACE}?\.?"
)

RULES: tuple[Rule, ...] = (
    Rule(
        name="contact.reporter",
        family="contact",
        tier="safe",
        scope="line",
        max_chars=300,  # contact footers list several people and addresses
        description="'To contact the reporter(s)/editor(s) on/responsible for this story: ...' footers "
        "of wire stories.",
        pattern=compile_rule(
            r"(?i:to contact the (?:reporters?|authors?|writers?|editors?|correspondents?)"
            r"(?: responsible for| on| of| for| about)? this (?:story|article|report)):?\s[^\n]{1,400}",
        ),
        extract=credit_text,
        examples=(
            "To contact the reporter on this story: Jane Doe in Chicago at jdoe@example.net",
            "To contact the editors responsible for this story: Ann Lee at alee@example.net, Bo Chan",
            "TO CONTACT THE AUTHOR OF THIS STORY: Mark Roe at mroe@example.com",
        ),
        keep=(
            "To contact the reporter, police used a phone number found in her notes.",
            "Efforts to contact the editors of this story's source were unsuccessful, the report said.",
        ),
    ),
    Rule(
        name="contact.reach",
        family="contact",
        tier="balanced",
        scope="line",
        max_chars=300,  # contact footers list several people and addresses
        description="A short line giving an email, phone or social handle to reach the author "
        "('Contact X at EMAIL', 'Email: ...', 'X can be reached at ...'); the address or handle must "
        "be on the line, so sentences about contact or emails are kept.",
        pattern=compile_rule(
            # The question run is possessive: giving back non-'?' characters never finds the '?'
            # (same matches, without retrying 60 positions on every line).
            r"(?:[^\n?]{1,60}+\?\s)?"  # "Have a tip? Email us at ..."
            r"(?:(?i:to\s)?(?i:contact|reach|email|e-mail|write to|message|kontakt|kontaktieren sie|"
            r"contacto|contacte a|contactez|scrivi a|napisz do|написать)\b[^\n]{0,160}?"
            rf"|{NAME}\s(?i:can|may) be (?i:reached|contacted) (?i:at|on|via)\s[^\n]{{0,40}}?){_REACH}"
            rf"(?:[\s,;]{{1,3}}(?:(?i:or|and|on|at)\s)?(?:[^\s]{{1,30}}\s){{0,2}}{_REACH}){{0,3}}\.?"
        ),
        extract=credit_text,
        examples=(
            "Contact Jane Doe at jane.doe@example.com",
            "Email: newsroom@example.org",
            "E-Mail: redaktion@beispiel.de",
            "Reach the reporter at 555-123-4567 or on Twitter @janedoe.",
            "Jane Doe can be reached at jdoe@example.com or 312-555-0142.",
            "Contacto: redaccion@ejemplo.es",
            "Have a news tip? Email us at tips@example.com.",
        ),
        keep=(
            "Contact with the virus was limited, officials said.",
            "Emails released by the ministry showed the plan was known.",
            "Reach out to your neighbours, the mayor urged residents.",
        ),
    ),
    Rule(
        name="contact.follow_author",
        family="contact",
        tier="balanced",
        scope="line",
        description="'Follow X on Twitter @handle' lines: a follow invitation that ends in a handle.",
        pattern=compile_rule(
            r"(?i:follow|folgen sie|sigue a|suivez)\s[^\n]{0,80}?"
            r"(?i:on|auf|en|sur)\s(?i:twitter|x|instagram|mastodon|bluesky|threads|tiktok|facebook|linkedin)"
            rf"\s?:?\s?(?:at\s)?{_HANDLE}(?:\s(?i:and|or|und|y|et)\s[^\n]{{0,60}}?{_HANDLE})?\.?",
        ),
        extract=credit_text,
        examples=(
            "Follow Jane Doe on Twitter @janedoe",
            "Follow her on Twitter: @jdoe_news.",
            "Folgen Sie dem Autor auf Twitter @autor",
            "Sigue a Juan Pérez en Twitter @juanperez",
        ),
        keep=(
            "Follow the money, investigators said.",
            "Follow-up talks on Twitter's future are planned.",
        ),
    ),
    Rule(
        name="contact.credits",
        family="contact",
        tier="safe",
        scope="line",
        max_chars=MAX_CREDIT_CHARS,
        description="Contributor credits: 'Reporting by X; Editing by Y', '--With assistance from X.', "
        "'Additional reporting by X in Paris', '(Reporting by X)', 'Contributing: X', 'This story was "
        "reported by X', 'X contributed to this report.'. The lead must be followed by names.",
        pattern=compile_rule(rf"(?:{_CREDITS}|{_CONTRIBUTED}|{_CONTRIBUTING}|{_REPORTED_BY})"),
        extract=credit_text,
        examples=(
            "--With assistance from Lena Park.",
            "With assistance from Ann Lee and Tom Park",
            "Reporting by Jane Doe; Editing by John Roe",
            "(Reporting by Jane Doe in London; Additional reporting by Li Wei in Beijing; Editing by Mark Roe)",
            "Additional reporting by Anna Müller.",
            "Contributing: Jane Doe, John Roe",
            "This story was reported by Maria Garcia and Sam Lee.",
            "This story was produced in partnership with The Example Project.",
            "The Associated Press contributed to this report.",
            "AFP contributed to this story.",
            "Jane Doe and John Roe contributed reporting.",
            "Staff writer Ann Lee contributed to this report.",
            "Con información de Juan Pérez",
            "Mitarbeit: Anna Weber",
        ),
        keep=(
            "Reporting by the newspaper prompted an investigation into the mayor's office.",
            "With assistance from the army, the town was evacuated within hours.",
            "Editing by hand took weeks, the author said.",
            "Several neighbours contributed to the fund.",
        ),
    ),
)
