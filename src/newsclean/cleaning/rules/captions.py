"""Photo captions and credits: 'Photo: AP', '(Photo by X/Getty Images)', 'Foto: dpa', and bare names.

Credits have a fixed shape: a label (Photo, Foto, Bild, Credit, Image copyright) and a colon, or
an agency after a slash ("Jane Doe/Reuters"). A photo caption that is only a proper name ("Jane
Doe" between two paragraphs) is found by shape in a document rule, and only in articles made of
long sentence paragraphs. Credits go to ``metadata["credits"]``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from newsclean.cleaning.rules import Hints, Hit, Rule
from newsclean.cleaning.rules._shared import (
    NAME_LIST,
    ORGANISATION,
    Line,
    alternation,
    compile_rule,
    content_lines,
    credit_text,
    is_body_paragraph,
)

MAX_CREDIT_CHARS = 160
"""A bare agency credit line is shorter than this."""

_PHOTO_LABEL = alternation(
    [
        "photo", "photos", "photograph", "photography", "picture", "pictures", "pic", "image", "images",
        "illustration", "photo illustration", "credit", "credits", "photo credit", "image credit",
        "pictured", "above", "top image", "main image", "file photo", "abgebildet",
        "image copyright", "image source", "image caption", "caption", "foto", "fotos", "bild", "bilder",
        "bildquelle", "fotografía", "imagen", "crédito", "créditos", "crédit", "crédit photo", "légende",
        "fotografia", "immagine", "zdjęcie", "fot.", "фото", "снимок", "图片", "图", "صورة",
    ]
)
_AGENCY = alternation(
    [
        "AP", "AFP", "Reuters", "REUTERS", "Getty Images", "Getty", "EPA", "EPA-EFE", "EFE", "dpa",
        "DPA", "Shutterstock", "Alamy", "iStock", "iStockphoto", "Xinhua", "ANSA", "Keystone", "Imago",
        "IMAGO", "picture alliance", "picture-alliance", "Sipa", "SIPA", "Bloomberg", "PA", "PA Images",
        "PA Wire", "Anadolu", "TASS", "ТАСС", "РИА Новости", "Kyodo", "Yonhap", "NurPhoto", "ZUMA",
        "Corbis", "Pool", "Handout", "Europa Press", "Agencia EFE", "Wikimedia Commons", "Unsplash",
        "Associated Press", "The Associated Press", "Agence France-Presse",
    ]
)
_CREDIT_WORDS = r"[^\s()]{1,40}(?:\s[^\s()]{1,40}){0,5}"
# "Jane Doe/Getty Images", "AP Photo/Jane Doe", "REUTERS/Jane Doe", "AFP via Getty Images".
# The lookahead only says a "/" is ahead on the line, which the words before an agency need: without
# it, every line is split into up to six words of every length before the "/" is found missing.
_AGENCY_CREDIT = (
    rf"(?:(?=[^\n/]*+/)(?:{_CREDIT_WORDS})\s?/\s?)?{_AGENCY}(?:\s(?i:photo|photos|images|via)(?:\s{_AGENCY})?)?"
    rf"(?:\s?/\s?{_CREDIT_WORDS})?"
)

# After the colon: a caption or credit; a lowercase start is only a short credit ("Foto: dpa"),
# since "Photo: the image that went viral shows ..." is a sentence.
_CREDIT_BODY = r"(?:[^\p{Ll}\s][^\n]{0,300}|\p{Ll}[^\s]{0,40}(?:\s[^\s]{1,40}){0,2}(?<!\.))"
# "Photo: X", "Credit...X" (an ellipsis stands for the colon on some sites), "Photo by X:".
_LABEL_LINE = (
    rf"(?i:{_PHOTO_LABEL})(?:\s?(?i:by|de|von|courtesy|courtesy of))?\s?(?:[:|©]|\.{{3}}|…)\s?{_CREDIT_BODY}"
)
# "Photo by Jane Doe/The Daily Star", "Photos by Jane Doe for Reuters", "Foto von Anna Müller / dpa".
_PHOTO_BY = (
    r"\(?(?i:photo|photos|photograph|photographs|photography|foto|fotos|fotografía|fotografia)"
    rf"\s(?i:by|von|de|por|par|di|door)\s{NAME_LIST}"
    rf"(?:\s?/\s?{_CREDIT_WORDS}|,\s{ORGANISATION}|\s(?i:for|für|para|pour|per|voor)\s{ORGANISATION})?\)?\.?"
)
_PAREN_CREDIT = (
    rf"[(\[](?:(?i:{_PHOTO_LABEL})(?:\s(?i:by|de|von|courtesy of)\s|\s?[:/©]\s?)|{_AGENCY}\s(?i:photo)\s?/\s?)"
    rf"[^()\[\]\n]{{1,120}}[)\]]"
)


MIN_NAME_TOKENS = 2
MAX_NAME_TOKENS = 4
MIN_BODY_WORDS = 15
"""Paragraphs around a bare-name caption must be this long: a real article, not a list or menu."""
_NAME_PARTICLES = frozenset(["van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "bin", "al", "el"])
_NAME_TOKEN = regex.compile(r"(?:\p{Lu}\.){1,3}|\p{Lu}[\p{Ll}\p{M}'’]{1,24}(?:-\p{Lu}[\p{Ll}\p{M}'’]{1,24})?")


# Capitalized function words: Title Case headings have them ("What Happens Next", "The Road
# Ahead"), names never do.
_HEADING_WORDS = frozenset(
    ["The", "A", "An", "Of", "To", "In", "On", "At", "For", "And", "Or", "With", "What", "How", "Why",
     "When", "Where", "Who", "Is", "Are", "Was", "Not", "No", "Our", "Your", "My", "This", "That",
     "Der", "Die", "Das", "Und", "Wie", "Was", "Los", "Las", "Qué", "Les", "Et", "Une", "Un"]
)
MIN_BODY_PARAGRAPHS = 3


def _is_bare_name(line: Line) -> bool:
    """2-4 capitalized tokens (particles allowed), no sentence punctuation: the shape of a name."""
    tokens = line.text.split(None, MAX_NAME_TOKENS)  # all of them, unless there are too many
    if not MIN_NAME_TOKENS <= len(tokens) <= MAX_NAME_TOKENS or tokens[0] in _NAME_PARTICLES:
        return False
    names = [t for t in tokens if t not in _NAME_PARTICLES]
    if len(names) < MIN_NAME_TOKENS or any(t in _HEADING_WORDS for t in names):
        return False
    return all(_NAME_TOKEN.fullmatch(t) for t in names)


def _is_body(line: Line) -> bool:
    return is_body_paragraph(line, min_words=MIN_BODY_WORDS)


# What an image leaves in scraped text: its address or a markdown image, on the line above its caption.
_IMAGE_RESIDUE = regex.compile(r"!\[[^\]]*\]\([^)]*\)|\S+\.(?i:jpe?g|png|gif|webp|avif)(?:\?\S*)?\)?")


def _after_image(lines: tuple[Line, ...], index: int) -> bool:
    return index > 0 and _IMAGE_RESIDUE.fullmatch(lines[index - 1].text) is not None


def _named_in_body(name: str, lines: tuple[Line, ...]) -> bool:
    """Whether a sentence of the text names the same person (a subheading's words rarely recur capitalized)."""
    pattern = regex.compile(rf"(?<!\w){regex.escape(name)}(?!\w)")
    return any(len(line.text) > len(name) and pattern.search(line.text) for line in lines)


def find_name_captions(text: str, hints: Hints) -> Iterator[Hit]:
    """A bare name before a long paragraph: above the first one, or after another one when it shows
    a caption's evidence (an image's residue right above it, or the body naming that person).

    Without such evidence a short title-case line between two paragraphs is a subheading ("Neue
    Regeln", "Market Reaction") as often as a caption, and is kept. A name
    standing alone more than once is a speaker label (an interview or transcript), and is kept.
    """
    lines = content_lines(text)
    bare = [line.text for line in lines if _is_bare_name(line)]
    if not bare:  # most articles: decided without counting names or looking for body paragraphs
        return
    names = Counter(bare)
    body = [_is_body(line) for line in lines]
    if sum(body) < MIN_BODY_PARAGRAPHS:
        return
    seen_body = False
    for index, line in enumerate(lines[:-1]):
        standalone = lines[index + 1].blank_before and (line.blank_before or _after_image(lines, index))
        before_ok = not seen_body or body[index - 1] or (index > 1 and body[index - 2])
        if (
            standalone
            and before_ok
            and body[index + 1]
            and names.get(line.text) == 1
            and _is_bare_name(line)
            and (not seen_body or _after_image(lines, index) or _named_in_body(line.text, lines))
        ):
            yield Hit(line.start, line.end, {"pictured": [line.text]})  # who is in the photo: not a credit
        seen_body = seen_body or body[index]


_PARA = (
    "The mayor said on Friday that the city would not cooperate with the planned raids, and "
    "that police had been told to cut off access to the databases they use every day."
)

RULES: tuple[Rule, ...] = (
    Rule(
        name="captions.credit_label",
        family="captions",
        tier="balanced",
        scope="line",
        max_chars=320,  # a credit label may introduce a whole caption
        description="A line that starts with a photo/credit label and a colon ('Photo: ...', 'Credit: "
        "...', 'Image copyright ...', 'Foto: dpa', 'Bild: Keystone'); the rest is a caption or credit. "
        "A sentence starting with such a word has no colon after it.",
        pattern=compile_rule(rf"{_LABEL_LINE}|(?i:image copyright|image caption|image source)[\s,]{{1,2}}[^\n]{{1,300}}"),
        extract=credit_text,
        examples=(
            "Photo: Jane Doe/Getty Images",
            "PHOTO: AP",
            "Credit: Scott Olson/Getty Images",
            "Image copyright Getty Images",
            "Image source, Getty Images",
            "Pictured: Jane Doe at the rally on Friday",
            "Photograph: Jane Doe/Reuters",
            "Foto: dpa",
            "Credit...Jane Doe/The Example Times",
            "Bild: Keystone",
            "Fotografía: EFE",
            "Crédit photo : AFP",
            "Фото: РИА Новости",
        ),
        keep=(
            "Photo agencies said the ban would hurt their business.",
            "Credit card debt rose to a record in the second quarter.",
            "Pictures of the flood spread quickly online.",
            "Photo: the picture that went viral shows the mayor laughing.",
        ),
    ),
    Rule(
        name="captions.agency_credit",
        family="captions",
        tier="balanced",
        scope="line",
        description="A line that is only a photo credit naming a picture agency, alone or with a "
        "photographer after or before a slash ('Getty Images', 'AP Photo/Jane Doe', 'REUTERS/Jane "
        "Doe', 'AFP via Getty Images').",
        max_chars=MAX_CREDIT_CHARS,
        pattern=compile_rule(rf"\(?(?:(?i:photo|foto|bild|image)\s)?{_AGENCY_CREDIT}\)?"),
        extract=credit_text,
        examples=(
            "Getty Images",
            "AP Photo/Charles Rex",
            "Scott Olson/Getty Images",
            "REUTERS/Kamil Nowak",
            "AFP via Getty Images",
            "(Jane Doe/dpa)",
            "picture alliance / dpa",
            "Photo AFP",
        ),
        keep=(
            "Getty Images said it would appeal the ruling.",
            "Reuters reported the figures on Monday.",
            "AP and Reuters photographers were at the scene.",
        ),
    ),
    Rule(
        name="captions.photo_by",
        family="captions",
        tier="balanced",
        scope="line",
        description="A photographer's credit alone on a line: 'Photo by Jane Doe/The Daily Star', "
        "'Photos by Jane Doe for The Guardian', 'Foto von Anna Müller', '(Photograph by Jane Doe)'. "
        "A credit, not a byline: the names go to metadata['credits'], not to the authors.",
        pattern=compile_rule(_PHOTO_BY),
        extract=credit_text,
        examples=(
            "Photo by John Smith/The Daily Star",
            "Photos by Ana Ruiz for The Guardian",
            "(Photograph by Jane Doe)",
            "PHOTO BY JANE DOE, REUTERS",
            "Foto von Anna Müller / dpa",
            "Fotos de Juan Pérez",
        ),
        keep=(
            "Photos by the dozen flooded social media after the storm.",
            "Photo by photo, the exhibition retraces the strike of 1984.",
            "Photos by Jane Doe were shown at the trial, the court heard on Monday.",
        ),
    ),
    Rule(
        name="captions.inline_credit",
        family="captions",
        tier="safe",
        scope="span",
        description="A bracketed credit inside a caption line ('(Photo by X/Getty Images)', '(AP "
        "Photo/X)', '(Foto: dpa)'); only the brackets and their content go, the caption stays.",
        pattern=compile_rule(_PAREN_CREDIT),
        first_chars="([",  # the pattern opens with [(\[]
        extract=credit_text,
        examples=(
            "Protesters gather outside the office. (Photo by Jane Doe/Getty Images)",
            "The mayor speaks. (AP Photo/Charles Rex)",
            "Demonstranten vor dem Rathaus (Foto: dpa)",
            "Manifestantes frente al edificio [Foto: EFE]",
        ),
        keep=(
            "The photo (taken in 2019) shows the mayor at a rally.",
            "The agency (AP) did not comment.",
            "The idea came from a friend (credit to my sister) and grew from there.",
        ),
    ),
    Rule(
        name="captions.name_line",
        family="captions",
        tier="balanced",
        scope="document",
        description="A line that is only a proper name (2-4 capitalized tokens or initials, name "
        "particles allowed, no punctuation, no capitalized function words) above the first of at "
        "least three long sentence paragraphs, or between two of them with a caption's evidence (an "
        "image's residue right above it, or a body paragraph naming that person): the caption of a "
        "photo. Without the evidence such a line may be a subheading ('Neue Regeln', 'Market "
        "Reaction') and is kept, as are headings ('What happens next').",
        function=find_name_captions,
        examples=(
            f"{_PARA}\n\nhttps://img.example.com/2024/05/mayor.jpg\nJane Doe\n\n{_PARA}\n\n{_PARA}",
            f"{_PARA}\n\n![](https://example.org/a.png)\n\nJ.R. van der Berg\n\n{_PARA}\n\n{_PARA}",
            f"{_PARA}\n\n/uploads/foto-123.webp\n\nАнна Петрова\n\n{_PARA}\n\n{_PARA}",
            f"{_PARA}\n\nJane Doe\n\n{_PARA}\n\nMayor Jane Doe said the plan would go ahead despite the "
            "objections raised at the meeting, and that the council would vote on it next month.",
            f"Headline Here\n\nBy Jane Doe\n\nJohn Roe\n\n{_PARA}\n\n{_PARA}\n\n{_PARA}",
        ),
        keep=(
            f"{_PARA}\n\nJane Doe\n\n{_PARA}\n\n{_PARA}",
            f"{_PARA}\n\nNeue Regeln Ab Januar\n\n{_PARA}\n\n{_PARA}",
            f"{_PARA}\n\nMarket Reaction\n\n{_PARA}\n\n{_PARA}",
            f"{_PARA}\n\nWhat happens next\n\n{_PARA}\n\n{_PARA}",
            f"{_PARA}\n\nWhat Happens Next\n\n{_PARA}\n\n{_PARA}",
            f"{_PARA}\n\nJane Doe\n\n{_PARA}",
            f"{_PARA}\n\nJane Doe said:\n\n{_PARA}\n\n{_PARA}",
            f"{_PARA}\nJane Doe\n{_PARA}\n{_PARA}",
            f"{_PARA}\n\nShort line.\n\nJane Doe\n\n{_PARA}\n\n{_PARA}",
            f"Jane Doe\n\n{_PARA}\n\nJohn Roe\n\n{_PARA}\n\nJane Doe\n\n{_PARA}\n\nJohn Roe\n\n{_PARA}",
        ),
    ),
)
