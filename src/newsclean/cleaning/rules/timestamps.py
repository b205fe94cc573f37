"""Timestamps and reading-time widgets: 'Updated 3:45 PM EDT, Fri June 21, 2019', '5 min read'.

A timestamp line is a label (Updated, Published, Aktualisiert am, Publié le, ...) followed only
by date *tokens*: numbers, times, month and weekday names, time zones and the small words that
glue them ('at', 'de', 'um'). Anything else on the line (a verb, a noun) makes it a sentence, so
"Updated figures show unemployment fell" is kept. Month and weekday names are common vocabulary
listed per language, not a publisher's phrase.
"""

from __future__ import annotations

from newsclean.cleaning.rules import Rule
from newsclean.cleaning.rules._shared import alternation, compile_rule

MAX_STAMP_CHARS = 160
"""A date line, even with three labelled stamps, is shorter than this."""

_MONTHS = alternation(
    [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
        "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
        "septiembre", "setiembre", "octubre", "noviembre", "diciembre", "gennaio", "febbraio", "aprile",
        "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre", "janeiro", "fevereiro", "março",
        "maio", "junho", "julho", "setembro", "outubro", "novembro", "dezembro", "stycznia", "lutego",
        "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października",
        "listopada", "grudnia", "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
        "сентября", "октября", "ноября", "декабря",
    ]
)
_WEEKDAYS = alternation(
    [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues",
        "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "montag", "dienstag", "mittwoch", "donnerstag",
        "freitag", "samstag", "sonntag", "mo", "di", "mi", "do", "fr", "sa", "so", "lundi", "mardi",
        "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves",
        "viernes", "sábado", "domingo", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato",
        "domenica", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
        "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela", "понедельник",
        "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
    ]
)
_GLUE = alternation(
    [
        "at", "on", "of", "the", "de", "del", "le", "à", "a", "las", "los", "um", "am", "the", "in", "el",
        "às", "o", "г.", "года", "в", "le", "du", "der", "den", "et", "and", "y", "e", "i", "h", "uhr",
        "il", "alle", "ore", "em", "kl", "kl.", "godz.", "w",
    ]
)
_CLOCK = r"\d{1,2}(?:[:.h]\d{2}){1,2}(?:\s?(?i:am|pm|a\.m\.|p\.m\.))?|\d{1,2}\s?(?i:am|pm|a\.m\.|p\.m\.)"
_NUMERIC_DATE = (
    r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+\-]\d{2}:?\d{2})?)?|\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}"
    r"|(?:\d{4}\s?年\s?)?\d{1,2}\s?月\s?\d{1,2}\s?日"  # Chinese and Japanese: 2019年6月21日
)
_ZONE = r"\p{Lu}{2,5}(?:[+\-]\d{1,2}(?::?\d{2})?)?"
_FIRST_TOKEN = rf"(?:{_NUMERIC_DATE}|{_CLOCK}|\d{{1,4}}(?i:st|nd|rd|th|er|º|\.)?|(?i:{_MONTHS})\.?|(?i:{_WEEKDAYS})\.?)"
"""A date line starts with a number, month or weekday, never with glue ('In 2019', 'A 5')."""
_TOKEN = rf"(?:{_FIRST_TOKEN}|{_ZONE}|(?i:{_GLUE}))"
_SEP = r"(?:[\s,|·•/]{1,3}|\s?[-–—]\s?)"
DATE = rf"(?=[^\n]{{0,120}}\d){_TOKEN}(?:{_SEP}{_TOKEN}){{0,11}}"
"""Only date tokens, at least one digit: 'Fri June 21, 2019', '21.06.2019, 10:45 Uhr', '2019-06-21'."""
# A full date (day, month and year) somewhere on the line: that is a publication stamp. "March 3",
# "June 2019" or "9:45 a.m." alone are timeline and live-blog headings, which belong to the story.
_DAY = r"\d{1,2}(?i:st|nd|rd|th|er|º|\.)?"
_YEAR = r"(?:19|20)\d{2}\b"
_OF = r"(?:\s(?i:de|of|del))?"
_FULL_DATE = (
    rf"[^\n]{{0,120}}?(?:{_NUMERIC_DATE}"
    rf"|\b{_DAY}{_OF}\s(?i:{_MONTHS})\.?,?{_OF}\s{_YEAR}"
    rf"|\b(?i:{_MONTHS})\.?\s{_DAY},?\s{_YEAR})"
)

_LABEL = alternation(
    [
        "updated", "update", "last updated", "published", "first published", "originally published",
        "posted", "posted on", "modified", "last modified", "created", "date", "dated", "as of",
        "aktualisiert", "zuletzt aktualisiert", "veröffentlicht", "erstellt", "stand", "erschienen",
        "publié", "mis à jour", "modifié", "publicado", "actualizado", "última actualización",
        "pubblicato", "aggiornato", "ultimo aggiornamento", "atualizado", "publicado em",
        "opublikowano", "aktualizacja", "zaktualizowano", "опубликовано", "обновлено", "дата публикации",
        "发布时间", "更新时间", "发布于", "更新日時", "公開日", "投稿日", "配信日時", "نشر في", "آخر تحديث",
    ]
)
_LABEL_GLUE = r"(?:\s?[:：])?(?:\s(?i:on|at|am|um|le|el|em|il|dnia|в))?\s?[:：]?\s?"
_LABELLED = rf"(?i:{_LABEL}){_LABEL_GLUE}{DATE}"
_LABELLED_CHAIN = rf"{_LABELLED}(?:{_SEP}{_LABELLED}){{0,2}}"

_MINUTES = r"(?i:min|mins|minute|minutes|minuten|minutos|minuti|minut|minuty|мин|минут|minutes?)\.?"
_READ = r"(?i:read|reading|reading time|lesezeit|de lectura|lecture|di lettura|de leitura|czytania|чтения|阅读)"
_READ_LABEL = r"(?i:reading time|lesezeit|tiempo de lectura|temps de lecture|tempo di lettura|tempo de leitura|czas czytania|время чтения|阅读时间)"
_READ_TIME = (
    rf"(?:{_READ_LABEL}\s?:?\s?)?(?:\d{{1,3}}\s?[-–]\s?)?\d{{1,3}}\s?{_MINUTES}(?:\s{_READ})?"
    rf"|{_READ}\s?:?\s?\d{{1,3}}\s?{_MINUTES}"
)

_UNITS_AGO = r"(?i:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
_RELATIVE = (
    rf"(?:\d{{1,3}}|(?i:an?|one))\s{_UNITS_AGO}\s(?i:ago)"
    r"|(?i:vor)\s(?:\d{1,3}|(?i:einer|einem))\s(?i:sekunden|minuten?|stunden?|tagen?|wochen?|monaten?|jahren?)"
    r"|(?i:il y a)\s(?:\d{1,3}|(?i:une?))\s(?i:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)"
    r"|(?i:hace)\s(?:\d{1,3}|(?i:una?))\s(?i:segundos?|minutos?|horas?|días?|semanas?|meses|mes|años?)"
    r"|(?i:há)\s(?:\d{1,3}|(?i:uma?))\s(?i:segundos?|minutos?|horas?|dias?|semanas?|meses|mês|anos?)"
    r"|\d{1,3}\s(?i:secondi|minuti|ore|giorni|settimane|mesi|anni)\s(?i:fa)"
    r"|\d{1,3}\s(?i:sekund[ya]?|minut[ya]?|godzin[ya]?|dni|tygodni[ea]?|miesięcy|lat[a]?)\s(?i:temu)"
    r"|\d{1,3}\s(?i:секунд[уы]?|минут[уы]?|час(?:а|ов)?|дн(?:я|ей)|день|недел[июь]|месяц(?:а|ев)?|лет|год(?:а)?)\s(?i:назад)"
    r"|\d{1,3}\s?(?:秒|分钟|小时|天|周|个月|年)前"
    r"|(?i:just now|gerade eben|à l'instant|ahora mismo|agora mesmo)"
)

STAMP = rf"(?:{_LABELLED}|{_READ_TIME}|(?:(?i:{_LABEL}){_LABEL_GLUE})?(?:{_RELATIVE})|{DATE})"
"""Any one time stamp, for other families whose lines may end with one ('By Jane Doe | June 3, 2024')."""

RULES: tuple[Rule, ...] = (
    Rule(
        name="timestamps.labelled",
        family="timestamps",
        tier="safe",
        scope="line",
        description="A publication or update stamp: a label (Updated, Published, Posted on, "
        "Aktualisiert am, Publié le, Actualizado, Опубликовано, ...) followed only by date tokens; "
        "up to three stamps on one line.",
        max_chars=MAX_STAMP_CHARS,
        pattern=compile_rule(_LABELLED_CHAIN),
        examples=(
            "Updated 3:45 PM EDT, Fri June 21, 2019",
            "Published: 12 March 2020",
            "Last updated on 2019-06-21T15:45:00Z",
            "Posted on June 21, 2019 at 10:15 am",
            "Published 21 June 2019 | Updated 22 June 2019",
            "Aktualisiert am 21.06.2019, 10:45 Uhr",
            "Publié le 21 juin 2019 à 10h30",
            "Actualizado: 12 de marzo de 2020, 08:15",
            "Опубликовано: 21 июня 2019",
            "Pubblicato il 21 giugno 2019 alle 10:30",
            "发布时间：2019年6月21日 10:45",
        ),
        keep=(
            "Updated figures show unemployment fell to 3.6% in May.",
            "Published in 2019, the report found 40 cases of fraud.",
            "Update: On Saturday, hours before the raids were expected to begin, the plan changed.",
            "Posted on social media at 10:15, the video was viewed a million times.",
        ),
    ),
    Rule(
        name="timestamps.bare_date",
        family="timestamps",
        tier="balanced",
        scope="line",
        description="A line that is only a full date, maybe with weekday and time ('June 21, 2019', "
        "'Fri 21 Jun 2019 14.00 BST', '21.06.2019, 10:45 Uhr'). Partial dates ('March 3', 'June "
        "2019') and bare times are timeline or live-blog headings and are kept.",
        max_chars=MAX_STAMP_CHARS,
        pattern=compile_rule(rf"(?={_FIRST_TOKEN}{_SEP})(?={_FULL_DATE}){DATE}"),
        examples=(
            "June 21, 2019",
            "Fri 21 Jun 2019 14.00 BST",
            "21.06.2019, 10:45 Uhr",
            "12 de marzo de 2020",
            "2019-06-21 15:45",
            "Вторник, 21 июня 2019",
            "2019年6月21日 10:45",
        ),
        keep=(
            "2019",
            "In 2019",
            "1 of 5",
            "March 3",
            "June 2019",
            "9:45 a.m.",
            "In June 2019, the council met again.",
            "June 21, 2019: a day the city will remember.",
        ),
    ),
    Rule(
        name="timestamps.read_time",
        family="timestamps",
        tier="safe",
        scope="line",
        description="Reading-time widgets ('5 min read', 'Lesezeit: 4 Min.', 'Tiempo de lectura: 3 "
        "minutos').",
        pattern=compile_rule(rf"(?:{_READ_TIME})(?:\s?[|·•]\s?{_RELATIVE})?"),
        examples=("5 min read", "3 minute read", "Lesezeit: 4 Min.", "Tiempo de lectura: 3 minutos", "Reading time: 5 minutes"),
        keep=("It took 5 minutes to read the verdict.", "The minute read aloud by the clerk was short."),
    ),
    Rule(
        name="timestamps.relative",
        family="timestamps",
        tier="balanced",
        scope="line",
        description="Relative times alone on a line, optionally labelled ('2 hours ago', 'Updated 5 "
        "minutes ago', 'vor 3 Stunden', 'il y a 2 heures', 'hace 5 minutos', '3小时前').",
        pattern=compile_rule(rf"(?:(?i:{_LABEL}){_LABEL_GLUE})?(?:{_RELATIVE})"),
        examples=("2 hours ago", "Updated 5 minutes ago", "vor 3 Stunden", "il y a 2 heures", "hace 5 minutos", "3小时前"),
        keep=("Two hours ago the square was full.", "The fire started 2 hours ago, officials said."),
    ),
)
