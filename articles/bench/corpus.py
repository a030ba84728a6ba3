"""The bench's stories: text a regional daily prints, from a vocabulary of
a few thousand Chinese news words (articles.bench.words) drawn Zipf-
distributed, so that a few words are everywhere and most are rare, as in a
real archive. The same seed writes the same stories.

`vocabulary()` is the fixed part: the words by rank, the made-up places,
units and people, the sections and the tags. A `Writer` draws stories from
it with its own seeded random numbers: headline blocks, a summary, a body of
800 to 3,000 characters in `<p>` paragraphs with a dateline lead, a section,
tags and a byline."""

from __future__ import annotations

import functools
import itertools
import math
import random
from dataclasses import dataclass
from datetime import date

from . import words as W

#: Zipf's exponent: the word of rank r is drawn with weight 1 / r ** ZIPF.
ZIPF = 1.0
BODY_MIN, BODY_MAX = 800, 3000
TAG_COUNT = 500
#: The share of clauses naming a rare landmark (Vocabulary.rare).
RARE_SHARE = 0.025
PEOPLE = {"staff": 200, "correspondent": 80, "photographer": 20}
#: Fixed: the vocabulary is the same for every seed of the stories.
_VOCABULARY_SEED = 20261207


def _split(text: str) -> list[str]:
    return list(dict.fromkeys(text.split()))


def _interleave(lists) -> list[str]:
    """Rank 1 of every list, then rank 2 of every list, …, without repeats."""
    merged = itertools.chain.from_iterable(itertools.zip_longest(*lists))
    return list(dict.fromkeys(word for word in merged if word))


class Pool:
    """Words in rank order, drawn Zipf-distributed."""

    __slots__ = ("words", "cum_weights")

    def __init__(self, words, exponent: float = ZIPF):
        self.words = list(words)
        self.cum_weights = list(
            itertools.accumulate(1 / r**exponent for r in range(1, len(self.words) + 1))
        )

    def __len__(self):
        return len(self.words)


@dataclass(frozen=True)
class Person:
    name: str
    kind: str  # accounts.Correspondent.Kind's values
    affiliation: str = ""


@dataclass(frozen=True)
class Section:
    name: str
    slug: str
    topic: str
    is_column: bool


@dataclass(frozen=True)
class Vocabulary:
    topics: dict[str, Pool]
    nouns: Pool
    verbs: Pool
    modifiers: Pool
    links: Pool
    places: Pool
    units: Pool
    names: Pool
    titles: Pool
    #: Drawn evenly and seldom: each is in a few stories of ten thousand.
    rare: list[str]
    sections: tuple[Section, ...]
    section_pool: Pool
    tags: list[str]
    topic_tags: dict[str, Pool]
    tag_pool: Pool
    people: tuple[Person, ...]
    people_by_kind: dict[str, Pool]

    def words(self) -> list[str]:
        """Every distinct word the stories are made of."""
        pools = [
            self.nouns,
            self.verbs,
            self.modifiers,
            self.links,
            self.places,
            self.units,
            self.names,
            self.titles,
        ]
        # The rare landmarks are left out: the vocabulary proper is the
        # words drawn by rank.
        return list(dict.fromkeys(w for pool in pools for w in pool.words))


def _places(rng: random.Random) -> list[str]:
    stems = [a + b for a in W.PLACE_FIRST for b in W.PLACE_SECOND if a != b]
    rng.shuffle(stems)
    places = [f"{city}市" for city in W.CITIES]
    stems = iter(stems)
    for kind, count in W.PLACE_KINDS:
        places += [next(stems) + kind for _ in range(count)]
    return places


def _names(rng: random.Random, count: int) -> list[str]:
    surnames = Pool(_split(W.SURNAMES), exponent=0.7)
    given = _split(W.GIVEN)
    names: dict[str, None] = {}
    while len(names) < count:
        surname = rng.choices(surnames.words, cum_weights=surnames.cum_weights)[0]
        length = 1 if rng.random() < 0.3 else 2
        names[surname + "".join(rng.sample(given, length))] = None
    return list(names)


@functools.cache
def vocabulary() -> Vocabulary:
    rng = random.Random(_VOCABULARY_SEED)
    topic_words = {topic: _split(text) for topic, text in W.TOPICS.items()}
    places = _places(rng)
    districts = [p for p in places if p.endswith(("市", "区", "镇", "街道"))]
    unit_kinds = _split(W.UNIT_KINDS)
    units = list(
        dict.fromkeys(
            rng.choice(districts[:40]) + rng.choice(unit_kinds) for _ in range(400)
        )
    )
    names = _names(rng, 900)
    units_for_people = units[:60]
    people = []
    byline_names = iter(names)
    for kind, count in PEOPLE.items():
        for _ in range(count):
            affiliation = ""
            if kind == "correspondent":
                affiliation = rng.choice(units_for_people)
            people.append(Person(next(byline_names), kind, affiliation))
    per_topic = math.ceil(TAG_COUNT / len(topic_words))
    tags = _interleave(words[:per_topic] for words in topic_words.values())[:TAG_COUNT]
    tag_set = set(tags)
    sections = tuple(Section(*row) for row in W.SECTIONS)
    return Vocabulary(
        topics={topic: Pool(words) for topic, words in topic_words.items()},
        nouns=Pool(_interleave(topic_words.values())),
        verbs=Pool(_split(W.VERBS)),
        modifiers=Pool(_split(W.MODIFIERS)),
        links=Pool(_split(W.LINKS)),
        places=Pool(places),
        units=Pool(units),
        names=Pool(names),
        titles=Pool(_split(W.TITLES)),
        rare=[
            a + b + landmark
            for a in W.PLACE_FIRST
            for b in W.PLACE_SECOND
            if a != b
            for landmark in _split(W.LANDMARKS)
        ],
        sections=sections,
        section_pool=Pool(sections, exponent=0.8),
        tags=tags,
        topic_tags={
            topic: Pool([w for w in words if w in tag_set])
            for topic, words in topic_words.items()
        },
        tag_pool=Pool(tags),
        people=tuple(people),
        people_by_kind={
            kind: Pool([p for p in people if p.kind == kind]) for kind in PEOPLE
        },
    )


@dataclass
class Story:
    section: Section
    kicker: str
    headline: str
    subtitle: str
    summary: str
    paragraphs: list[str]
    tags: list[str]
    #: The byline in printed order: (person, role) with Credit.Role's values.
    credits: list[tuple[Person, str]]

    @property
    def body(self) -> str:
        return "".join(f"<p>{p}</p>" for p in self.paragraphs)

    @property
    def plain(self) -> str:
        """The body as articles.text.plain_text gives it, without parsing."""
        return "\n".join(self.paragraphs)


class Writer:
    """Draws stories from the vocabulary with its own seeded random numbers."""

    BATCH = 128

    def __init__(self, seed, vocabulary_: Vocabulary | None = None):
        self.v = vocabulary_ or vocabulary()
        # A tuple seed (the fill's seed, chunk) is spelled out: random.Random
        # takes only scalars, and str seeds are stable across runs.
        self.rng = random.Random(repr(seed) if isinstance(seed, tuple) else seed)
        self._drawn: dict[int, list] = {}
        self._topic = self.v.topics["政务"]

    def draw(self, pool: Pool):
        """One item of `pool`, Zipf by rank; drawn in batches, which is
        several times faster than one random.choices call a word."""
        drawn = self._drawn.get(id(pool))
        if not drawn:
            drawn = self._drawn[id(pool)] = self.rng.choices(
                pool.words, cum_weights=pool.cum_weights, k=self.BATCH
            )
        return drawn.pop()

    # The parts of a sentence.
    def noun(self) -> str:
        return self.draw(self._topic if self.rng.random() < 0.6 else self.v.nouns)

    def verb(self) -> str:
        return self.draw(self.v.verbs)

    def quantity(self) -> str:
        form = self.rng.choice(W.QUANTITIES)
        return form.format(
            n=self.rng.choice((self.rng.randint(2, 60), self.rng.randint(60, 3000))),
            p=f"{self.rng.uniform(0.5, 30):.1f}",
        )

    def clause(self) -> str:
        d, noun, verb = self.draw, self.noun, self.verb
        if self.rng.random() < RARE_SHARE:
            return f"{self.rng.choice(self.v.rare)}{verb()}{noun()}"
        match self.rng.randrange(7):
            case 0:
                return f"{d(self.v.places)}{verb()}{noun()}"
            case 1:
                return f"{d(self.v.units)}{d(self.v.modifiers)}{verb()}{noun()}{noun()}"
            case 2:
                return f"{d(self.v.links)}，{d(self.v.units)}{verb()}{noun()}"
            case 3:
                return f"{noun()}{verb()}{self.quantity()}"
            case 4:
                return f"{verb()}{d(self.v.modifiers)}{noun()}"
            case 5:
                return f"{d(self.v.places)}{noun()}{verb()}{self.quantity()}"
            case _:
                return f"{noun()}{noun()}{verb()}{noun()}"

    def sentence(self) -> str:
        if self.rng.random() < 0.12:
            speaker = (
                f"{self.draw(self.v.units)}{self.draw(self.v.titles)}"
                f"{self.draw(self.v.names)}"
            )
            if self.rng.random() < 0.5:
                return f"“{self.clause()}，{self.clause()}。”{speaker}说。"
            return f"{speaker}表示，{self.clause()}，{self.clause()}。"
        clauses = [self.clause() for _ in range(self.rng.randint(1, 3))]
        return "，".join(clauses) + "。"

    def paragraph(self, length: int) -> str:
        text = ""
        while len(text) < length:
            text += self.sentence()
        return text

    def headline(self) -> str:
        d, noun, verb = self.draw, self.noun, self.verb
        for _ in range(5):
            match self.rng.randrange(3):
                case 0:
                    text = f"{d(self.v.places)}{verb()}{noun()}{noun()}"
                case 1:
                    text = f"{noun()}{verb()}{self.quantity()}"
                case _:
                    text = f"{d(self.v.units)}{verb()}{d(self.v.modifiers)}{noun()}"
            if 6 <= len(text) <= 36:
                return text
        return text[:36]

    def byline(self, section: Section) -> list[tuple[Person, str]]:
        staff = self.v.people_by_kind["staff"]
        if section.slug == "tupian":
            photographers = self.v.people_by_kind["photographer"]
            return [(self.draw(photographers), "photo")]
        roll = self.rng.random()
        if roll < 0.6:
            credits = [(self.draw(staff), "reporter")]
        elif roll < 0.8:
            credits = [(self.draw(staff), "reporter"), (self.draw(staff), "reporter")]
        else:
            outside = self.v.people_by_kind["correspondent"]
            credits = [(self.draw(outside), "correspondent")]
            if roll < 0.95:
                credits.append((self.draw(staff), "reporter"))
        return list(dict(credits).items())

    def tags(self, section: Section) -> list[str]:
        chosen = [self.draw(self.v.topic_tags[section.topic])]
        for _ in range(self.rng.randint(0, 3)):
            chosen.append(self.draw(self.v.tag_pool))
        return list(dict.fromkeys(chosen))

    def story(self, when: date) -> Story:
        section = self.draw(self.v.section_pool)
        self._topic = self.v.topics[section.topic]
        length = self.rng.lognormvariate(math.log(1400), 0.35)
        target = int(min(BODY_MAX - 150, max(BODY_MIN, length)))
        paragraphs: list[str] = []
        written = 0
        while written < target:
            remaining = target - written
            text = self.paragraph(min(self.rng.randint(80, 260), remaining))
            if not paragraphs:
                text = f"{when.month}月{when.day}日，{text}"
            paragraphs.append(text)
            written += len(text) + 1
        kicker = ""
        if self.rng.random() < 0.25:
            kicker = f"{self.verb()}{self.noun()} {self.verb()}{self.noun()}"
        subtitle = ""
        if self.rng.random() < 0.15:
            subtitle = f"——{self.draw(self.v.places)}{self.noun()}{self.verb()}侧记"
        return Story(
            section=section,
            kicker=kicker,
            headline=self.headline(),
            subtitle=subtitle,
            summary=self.sentence()[:120],
            paragraphs=paragraphs,
            tags=self.tags(section),
            credits=self.byline(section),
        )
