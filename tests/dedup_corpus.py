"""A labelled set for near-duplicate and text-reuse clustering, generated deterministically from a seed.

Base articles are written by a small grammar (sentence templates over word lists of people, places,
organisations, topics, verbs and nouns; curly quotes, dashes and accented names included; a few
sentences taken from the seed fixtures), each published by one of a dozen outlets with that
outlet's page residue and footer. Around each base the generator writes:

belongs with the base (one true cluster)
    ``residue``  the same body inside another outlet's page residue (nav, ads, share, related links);
    ``teaser``   the first half of the body and a "read more" line;
    ``edited``   lede rewritten, a paragraph dropped and one added, quotes/dashes straightened,
                 "said" turned into "says";
    ``reuse``    a different article that embeds the base's 60-90-word statement;
    ``mojibake`` the body as UTF-8 read as Windows-1252.
must stay apart from it
    ``same_topic``   the same people, place and topic in other words;
    ``short_quote``  another article quoting one sentence (at most 25 words) of the base;
    base articles of one outlet share only that outlet's 55-75-word footer (boilerplate).
short documents
    ``short_exact`` (a brief published twice, verbatim: one cluster), ``short`` (headline-only
    pages, briefs differing by a word, empty pages: singletons).

``python tests/dedup_corpus.py`` prints the pairwise precision and recall per kind (docs/dedup.md).
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)

from dedup_seeds import seed_texts

POSITIVE_KINDS = ("residue", "teaser", "edited", "reuse", "mojibake", "short_exact")
NEGATIVE_KINDS = ("same_topic", "short_quote", "short", "original")

FIRST = ["José", "María", "Zoë", "Anneliese", "Søren", "Chidi", "Priya", "Hiroshi", "Ngozi", "Mateus", "Ewa", "Lars", "Fatima", "Dmitri", "Aoife", "Kwame", "Camila", "Tobias", "Leila", "Rafael", "Ingrid", "Omar", "Beatriz", "Yusuf", "Greta", "Thabo", "Marisol", "Henrik", "Ayesha", "Callum", "Élodie", "Björn", "Svetlana", "Diego", "Keiko", "Malik", "Rosalind", "Teodor", "Amara", "Nikolai"]
LAST = ["Müller", "Okafor", "Lindqvist", "Ramírez", "Kowalczyk", "Nakamura", "Adeyemi", "Fitzgerald", "Castellanos", "Haugland", "Mbeki", "Dubois", "Sørensen", "Kapoor", "Oyelaran", "Brennan", "Vasquez", "Ilić", "Takahashi", "Moreau", "Achterberg", "Quispe", "Novak", "Delacroix", "Ferreira", "Obuya", "Halvorsen", "Bianchi", "Szabó", "Whitlock", "Laurent", "Mendoza", "Petrakis", "Grünewald", "Osei", "Vanterpool", "Kirchner", "Abernathy", "Rossetti", "Nwosu"]
CITIES = ["São Paulo", "Zürich", "Kraków", "Malmö", "Rotterdam", "Nairobi", "Córdoba", "Dunedin", "Tromsø", "Winnipeg", "Accra", "Lyon", "Tallinn", "Porto", "Halifax", "Brisbane", "Bergen", "Valparaíso", "Gdańsk", "Kumasi", "Spokane", "Tucson", "Gothenburg", "Bilbao", "Cork", "Leipzig", "Asunción", "Mombasa", "Aarhus", "Québec", "Savannah", "Ljubljana", "Fresno", "Durban", "Tampere", "Boise", "Galway", "Utrecht", "Medellín", "Duluth"]
ORG_A = ["Northern", "Coastal", "Regional", "Municipal", "United", "Federal", "Central", "Western", "Eastern", "Metropolitan", "Rural", "National"]
ORG_B = ["Water", "Transit", "Housing", "Health", "Energy", "Harbor", "Education", "Forestry", "Labor", "Farming", "Fisheries", "Aviation", "Railway", "Parks", "Library", "Veterans", "Consumer", "Tenants"]
ORG_C = ["Authority", "Council", "Commission", "Board", "Union", "Alliance", "Agency", "Trust", "Institute", "Association", "Coalition"]
TOPICS = ["bridge repair", "transit budget", "school closure", "water tariff", "housing permit", "hospital merger", "harbor dredging", "wind farm", "landfill expansion", "bus strike", "teacher contract", "rent freeze", "flood barrier", "library funding", "airport runway", "tram extension", "pension reform", "fishing quota", "vaccine rollout", "police oversight", "stadium lease", "farm subsidy", "coal phaseout", "ferry service", "sewer upgrade", "park redesign", "tax rebate", "clinic opening", "port expansion", "curfew order"]
NOUNS = ["proposal", "contract", "deadline", "audit", "inquiry", "petition", "subsidy", "tariff", "shortfall", "surplus", "levy", "ordinance", "referendum", "timetable", "blueprint", "consultation", "settlement", "lawsuit", "appeal", "mandate", "waiver", "grant", "loan", "bond", "deficit", "estimate", "forecast", "survey", "ruling", "verdict", "hearing", "motion", "amendment", "charter", "protocol", "framework", "roadmap", "dossier", "memo", "ledger", "invoice", "tender", "bid", "merger", "pilot", "trial", "quota", "ceiling", "threshold", "moratorium", "rollout", "overhaul", "upgrade"]
ADJS = ["costly", "delayed", "controversial", "ambitious", "modest", "sweeping", "temporary", "binding", "unprecedented", "revised", "preliminary", "overdue", "disputed", "bipartisan", "regional", "long-awaited", "scaled-back", "emergency", "interim", "confidential", "detailed", "vague", "generous", "stringent", "cautious", "flawed", "balanced", "lopsided", "urgent", "routine", "fragile", "robust", "hasty", "belated"]
VERBS = ["approved", "rejected", "delayed", "challenged", "endorsed", "criticized", "revised", "defended", "postponed", "questioned", "unveiled", "scrapped", "extended", "suspended", "announced", "reviewed", "blocked", "backed", "funded", "audited"]
BASE_VERBS = ["fix", "fund", "review", "delay", "protect", "expand", "cut", "rebuild", "reopen", "finish", "audit", "defend", "reform", "replace", "secure", "renew", "simplify", "monitor"]
GROUPS = ["residents", "families", "tenants", "commuters", "students", "nurses", "farmers", "retirees", "drivers", "workers", "patients"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

ROLES = ["chair", "deputy", "treasurer", "spokesperson", "director", "auditor", "founder", "adviser", "member", "critic", "economist", "organizer", "engineer", "lawyer", "planner"]
ADVERBS = ["quietly", "openly", "sharply", "repeatedly", "briefly", "narrowly", "firmly", "again", "finally", "reluctantly", "publicly", "abruptly", "formally", "privately", "jointly"]
# Fixed words between slots stay at three or fewer, so unrelated articles share no long runs.
TEMPLATES = (
    "{P}, {ROLE} of the {O}, {ADV} {V} the {A} {N} on {D}.",
    "{C} officials {ADV} said the {T} {N} could cost {NUM} million across {NUM2} {UNIT}.",
    "“We {ADV} need to {VB} this {N} before {A} {N2} {VB2},” {P} said.",
    "{O} members {V} a {A} {N} about {T} {N2} in {M}, citing {A2} {G}.",
    "{ROLE2}s warned the {A} {N} might leave {NUM} {G} {ADV} without {N2}.",
    "{P} said the {N} was {V} {ADV} in {M} and {V2} again last {D}.",
    "{P2} called this {N} “{A}” while {G} from {C} wanted {A2} {N2}.",
    "One {ROLE} at the {O} {ADV} declined comment on {A} {N2} {N}.",
    "{T} {N}s have {ADV} divided {G} around {C} since {M} {YEAR}.",
    "{NUM} {G} signed {A} {N}s by {D}, urging the {O} to {VB} {N2}.",
    "“Every {ROLE} in {C} knows this {N} is {A},” {P2} {ADV} told {G}.",
    "Under that {A} {N}, {O} staff would {VB} {T} {N2} before {M} {YEAR}.",
    "{P} {V} the {N2} when {A} {N} data showed {NUM} percent {SHIFT}.",
    "This {N} follows {A} {N2}s that {ADV} {V} {T} plans in {M}.",
    "On {D}, {A} {G} in {C} heard {P} {ADV} defend {T} {N}s.",
    "{P2}, {A} {ROLE} inside the {O}, {ADV} {V} each {N} about {T}.",
    "The {A} {N} awaits {O} {N2} {ROLE}s, {ADV} expected by {M}.",
    "Neither {P} nor {P2} {ADV} said if {A} {N2} could {VB} {T}.",
    "{O} {ROLE}s put {A} {N} costs near {NUM} million, above {A2} {N2}.",
    "“{G} cannot wait {NUM2} {UNIT} for {A} {N},” {P} {ADV} said {D}.",
)
UNITS = ["years", "months", "seasons", "budgets", "terms", "quarters"]
RESIDUE_LINES = (
    "Advertisement", "ADVERTISEMENT", "Skip to main content", "Share this article", "Share on Facebook",
    "Share via Email", "Print this page", "Sign up for our newsletter", "Most read", "Subscribe now",
    "Listen to this article", "Follow us", "Comments", "Top stories", "Related coverage",
)
SECTIONS = ["Home", "News", "Local", "World", "Business", "Sport", "Weather", "Opinion", "Culture", "Obituaries", "Politics", "Science", "Travel"]
SHIFTS = ("rise", "drop", "jump", "decline", "increase", "fall")


@dataclass
class Article:
    """A generated article: paragraphs (the body), its entities, and the sentence that holds its statement."""

    paragraphs: list[str]
    entities: dict[str, str]
    statement: str
    headline: str


@dataclass
class LabelledCorpus:
    """Documents (dicts with id, text, source, url) and, per id, its true cluster and its kind."""

    docs: list[dict[str, str]] = field(default_factory=list)
    cluster: dict[str, str] = field(default_factory=dict)
    kind: dict[str, str] = field(default_factory=dict)

    def add(self, doc_id: str, text: str, source: str, cluster: str, kind: str) -> None:
        self.docs.append({"id": doc_id, "text": text, "source": source, "url": f"https://{source}/{doc_id}"})
        self.cluster[doc_id] = cluster
        self.kind[doc_id] = kind


def _entities(rng: random.Random) -> dict[str, str]:
    def person() -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    org = f"{rng.choice(ORG_A)} {rng.choice(ORG_B)} {rng.choice(ORG_C)}"
    return {"P": person(), "P2": person(), "C": rng.choice(CITIES), "O": org, "T": rng.choice(TOPICS)}


def _sentence(rng: random.Random, ent: dict[str, str], template: str | None = None) -> str:
    fills = {
        **ent,
        "N": rng.choice(NOUNS), "N2": rng.choice(NOUNS), "A": rng.choice(ADJS), "A2": rng.choice(ADJS),
        "V": rng.choice(VERBS), "VB": rng.choice(BASE_VERBS), "G": rng.choice(GROUPS), "D": rng.choice(DAYS),
        "M": rng.choice(MONTHS), "NUM": str(rng.randint(2, 990)), "NUM2": str(rng.randint(2, 30)),
        "YEAR": str(rng.randint(2019, 2031)), "SHIFT": rng.choice(SHIFTS), "ROLE": rng.choice(ROLES),
        "ROLE2": rng.choice(ROLES), "ADV": rng.choice(ADVERBS), "V2": rng.choice(VERBS),
        "VB2": rng.choice(BASE_VERBS), "UNIT": rng.choice(UNITS),
    }
    return (template or rng.choice(TEMPLATES)).format(**fills)


def _paragraph(rng: random.Random, ent: dict[str, str]) -> str:
    return " ".join(_sentence(rng, ent) for _ in range(rng.randint(2, 3)))


def _statement(rng: random.Random, ent: dict[str, str]) -> str:
    """A quoted statement block of 60-90 words, the passage a reuse article reproduces."""
    parts: list[str] = []
    while sum(len(p.split()) for p in parts) < 60:
        parts.append(_sentence(rng, ent).replace("“", "").replace("”", "").replace(",” ", ", "))
    words = " ".join(parts).split()[:90]
    return f"{ent['P']} said in a statement: “{' '.join(words).rstrip('.')}.”"


def fixture_sentences() -> list[str]:
    """Sentences of 12-40 words from seeds 000 and 002 (the two groups share no run over 7 words)."""
    seeds = seed_texts()
    text = seeds["000"] + "\n" + seeds["002"]
    found = [s.strip() for s in re.split(r"(?<=[.!?”])\s+", text)]
    return list(dict.fromkeys(s for s in found if 12 <= len(s.split()) <= 40 and "/" not in s))


def article(rng: random.Random, ent: dict[str, str] | None = None, extra: str | None = None) -> Article:
    """A base article of 8-12 paragraphs with one statement paragraph (and ``extra`` if given)."""
    ent = ent or _entities(rng)
    paragraphs = [_paragraph(rng, ent) for _ in range(rng.randint(8, 12))]
    statement = _statement(rng, ent)
    paragraphs.insert(rng.randint(2, len(paragraphs) - 2), statement)
    if extra:
        paragraphs.insert(rng.randint(1, len(paragraphs) - 1), extra)
    headline = f"{ent['O']} {rng.choice(VERBS)} {rng.choice(ADJS)} {ent['T']} {rng.choice(NOUNS)} in {ent['C']}"
    return Article(paragraphs, ent, statement, headline)


def _outlets(rng: random.Random, count: int) -> list[tuple[str, list[str], str]]:
    """(domain, residue lines, footer of 55-75 words) per outlet."""
    outlets = []
    for number in range(count):
        ent = _entities(rng)
        name = f"The {ent['C']} {rng.choice(['Courier', 'Ledger', 'Observer', 'Gazette', 'Chronicle', 'Post'])}"
        nav = " | ".join(rng.sample(SECTIONS, 6))
        residue = [name, nav, *rng.sample(RESIDUE_LINES, 3)]
        footer = f"About {name}: " + " ".join(_sentence(rng, ent) for _ in range(6))
        footer = " ".join(footer.split()[: rng.randint(55, 75)]) + f" © {2000 + number} {name}."
        outlets.append((f"outlet{number:02d}.example", residue, footer))
    return outlets


def page(body: list[str], outlet: tuple[str, list[str], str], rng: random.Random, headline: str) -> str:
    """An article body inside an outlet's page: residue, headline, byline, body, related links, footer."""
    _, residue, footer = outlet
    top = [*residue[:2], headline, f"By {rng.choice(FIRST)} {rng.choice(LAST)}", residue[2]]
    related = ["Related:", *(f"{rng.choice(TOPICS).title()} {rng.choice(NOUNS)} {rng.choice(VERBS)}" for _ in range(2))]
    return "\n\n".join([*top, *body, *residue[3:], *related, footer])


def _edit(art: Article, rng: random.Random) -> list[str]:
    body = list(art.paragraphs)
    body[0] = _paragraph(rng, art.entities)  # lede rewritten
    droppable = [i for i in range(1, len(body)) if body[i] != art.statement]
    del body[rng.choice(droppable)]
    body.insert(rng.randint(1, len(body)), _paragraph(rng, art.entities))
    table = str.maketrans({"“": '"', "”": '"', "’": "'", "—": "-"})
    return [p.translate(table).replace(" said", " says") for p in body]


def _teaser(art: Article) -> list[str]:
    total = sum(len(p.split()) for p in art.paragraphs)
    body, count = [], 0
    for paragraph in art.paragraphs:
        if count >= total / 2:
            break
        body.append(paragraph)
        count += len(paragraph.split())
    return [*body, "Read the full story on our partner's site."]


def _quote_sentence(art: Article) -> str:
    sentences = [s for p in art.paragraphs if p != art.statement for s in re.split(r"(?<=[.”])\s+", p)]
    fitting = [s for s in sentences if 12 <= len(s.split()) <= 25]
    return fitting[0] if fitting else " ".join(sentences[0].split()[:25])


def _add_short_documents(corpus: LabelledCorpus, rng: random.Random, heads: list[str], count: int) -> None:
    for i in range(count):
        brief = " ".join(_sentence(rng, _entities(rng)) for _ in range(2))
        corpus.add(f"se{i:02d}a", brief, "wire-a.example", f"se{i}", "short_exact")
        corpus.add(f"se{i:02d}b", brief.upper(), "wire-b.example", f"se{i}", "short_exact")
        corpus.add(f"sn{i:02d}", brief.replace(" the ", " a ", 1) + " Updated.", "wire-c.example", f"sn{i}", "short")
        corpus.add(f"hl{i:02d}", heads[i % len(heads)], "aggregator.example", f"hl{i}", "short")
    for i in range(3):
        corpus.add(f"empty{i}", ["", "   \n", "— … —"][i], "empty.example", f"empty{i}", "short")


def generate(seed: int = 2026, bases: int = 80, outlets: int = 12, shorts: int = 12) -> LabelledCorpus:
    """The labelled corpus: ``bases`` clusters of six plus must-stay-apart and short documents."""
    rng = random.Random(seed)
    sites = _outlets(rng, outlets)
    extras = fixture_sentences()
    rng.shuffle(extras)
    corpus = LabelledCorpus()
    heads = []
    for i in range(bases):
        art = article(rng, extra=extras[i] if i < len(extras) else None)
        home = i % outlets
        others = [s for k, s in enumerate(sites) if k != home]
        rng.shuffle(others)
        label = f"c{i:03d}"
        heads.append(art.headline)
        corpus.add(f"b{i:03d}", page(art.paragraphs, sites[home], rng, art.headline), sites[home][0], label, "original")
        corpus.add(f"b{i:03d}-residue", page(art.paragraphs, others[0], rng, art.headline), others[0][0], label, "residue")
        corpus.add(f"b{i:03d}-teaser", page(_teaser(art), others[1], rng, art.headline), others[1][0], label, "teaser")
        corpus.add(f"b{i:03d}-edited", page(_edit(art, rng), others[2], rng, art.headline.upper()), others[2][0], label, "edited")
        host = article(rng, extra=f"In full: {art.statement}")
        corpus.add(f"b{i:03d}-reuse", page(host.paragraphs, others[3], rng, host.headline), others[3][0], label, "reuse")
        mangled = page(art.paragraphs, others[4], rng, art.headline).encode("utf-8").decode("sloppy-windows-1252")
        corpus.add(f"b{i:03d}-mojibake", mangled, others[4][0], label, "mojibake")
        rival = article(rng, ent=art.entities)
        corpus.add(f"b{i:03d}-topic", page(rival.paragraphs, others[5], rng, rival.headline), others[5][0], f"{label}t", "same_topic")
        quoting = article(rng, extra=f"As one account put it: “{_quote_sentence(art)}”")
        corpus.add(f"b{i:03d}-quote", page(quoting.paragraphs, others[6], rng, quoting.headline), others[6][0], f"{label}q", "short_quote")
    _add_short_documents(corpus, rng, heads, shorts)
    return corpus


@dataclass(frozen=True)
class Score:
    """Pairwise figures for one kind.

    Precision: of the predicted pairs involving a document of this kind, the share that is true.
    Recall: of the true pairs between a document of this kind and its original (or another
    document of its kind), the share predicted; pairs through other kinds count for those kinds.
    """

    kind: str
    true_pairs: int
    found_pairs: int
    predicted_pairs: int
    correct_pairs: int
    examined_pairs: int = 0  # for "boilerplate": same-outlet pairs that must stay apart

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.found_pairs / self.true_pairs if self.true_pairs else 1.0


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for group in groups for pair in combinations(group, 2)}


def score(clusters: list[list[str]], corpus: LabelledCorpus) -> dict[str, Score]:
    """Pairwise precision/recall per kind, plus ``"all"`` and ``"boilerplate"`` (same-outlet originals)."""
    truth: dict[str, list[str]] = {}
    for doc_id, label in corpus.cluster.items():
        truth.setdefault(label, []).append(doc_id)
    true_pairs, predicted = _pairs(list(truth.values())), _pairs(clusters)
    scores = {}
    for kind in (*POSITIVE_KINDS, *NEGATIVE_KINDS):
        def involves(pair: frozenset[str], kind: str = kind) -> bool:
            return any(corpus.kind[d] == kind for d in pair)

        def own(pair: frozenset[str], kind: str = kind) -> bool:
            return involves(pair) and all(corpus.kind[d] in (kind, "original") for d in pair)

        t = {p for p in true_pairs if own(p)}
        pr = {p for p in predicted if involves(p)}
        scores[kind] = Score(kind, len(t), len(t & predicted), len(pr), len(pr & true_pairs))
    found = true_pairs & predicted
    scores["all"] = Score("all", len(true_pairs), len(found), len(predicted), len(found))
    source = {d["id"]: d["source"] for d in corpus.docs}
    same_outlet = {
        p for p in _pairs([[d for d in corpus.kind if corpus.kind[d] == "original"]]) if len({source[d] for d in p}) == 1
    }
    scores["boilerplate"] = Score("boilerplate", 0, 0, len(same_outlet & predicted), 0, len(same_outlet))
    return scores


def report(scores: dict[str, Score]) -> str:
    """A table of the figures, as docs/dedup.md shows it."""
    lines = [f"{'kind':<13}{'predicted':>10}{'correct':>8}{'precision':>10}{'true pairs':>11}{'found':>6}{'recall':>7}"]
    for s in scores.values():
        lines.append(f"{s.kind:<13}{s.predicted_pairs:>10}{s.correct_pairs:>8}{s.precision:>10.4f}"
                     f"{s.true_pairs:>11}{s.found_pairs:>6}{s.recall:>7.4f}"
                     + (f"  ({s.examined_pairs} same-outlet pairs)" if s.examined_pairs else ""))
    return "\n".join(lines)


if __name__ == "__main__":
    import time

    from newsclean.dedup.clustering import cluster

    corpus = generate()
    started = time.perf_counter()
    clusters = cluster(corpus.docs, clean=False)
    elapsed = time.perf_counter() - started
    print(f"{len(corpus.docs)} documents, {len(clusters)} clusters, {elapsed:.2f} s (clean=False)")
    print(report(score(clusters, corpus)))
