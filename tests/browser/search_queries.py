"""Queries typed the way readers type, made from the pages' sources and mkdocs.yml.

Nothing here names a word of the guide. Each kind of query is made by a rule
from the text of each section as the site renders it (through the page
reader) and from the search lists in mkdocs.yml, and expects the sections
whose source holds what the query was made from:

- typo: a word of 5 or more letters only one section has, with one edit
  (two from 9 letters), where no other word of the page is within the edits
  a typo may have;
- run together: two adjacent words written as one, where no section has
  both words unless it has them side by side;
- number: an amount (money with its sign and any "/unit" after it, and the
  bare digits) only one section writes;
- other script: a run of Chinese the English page quotes, or a Latin word
  only one section of the Chinese page uses;
- variant: a word with a character of a variant group written with another
  member (帐 for 账) that the page does not use;
- synonym: a member of a synonym group no section answers by itself (none
  has words that begin with, or for Chinese contain, each of its words), for
  a member a section uses.

A query is kept only when its meaning is settled by the page: the typo or
the run-together form is not itself a word of the page, and so on. The page
text is cut into words as the build does: the separator from mkdocs.yml,
Chinese with jieba.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jieba
from guide.facts import numbers
from guide.page import read_page
from guide.pages import site_pages
from guide.render import read_config
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
HAN_OR_NOT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+")
EDGES = re.compile(r"^[\W_]+|[\W_]+$")
LETTERS = re.compile(r"[A-Za-z]{2,}")
LATIN_WORD = re.compile(r"(?<![\w.])[A-Za-z]{3,}(?![\w.])")  # not part of a host name
DIGIT_OR_SIGN = re.compile(r"[$¥￥]?\d")
HEADING = re.compile(r"h[1-6]")
PER_KIND = 8  # queries of one kind per language, at most
KINDS = ("typo", "run together", "number", "other script", "variant", "synonym")


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    sections: frozenset[str]  # ids of the sections the query must find (any of them)
    source: str  # what it was made from

    def __str__(self) -> str:
        return f"{self.kind}: {self.text!r} (from {self.source!r})"


@dataclass(frozen=True)
class Section:
    id: str
    parts: tuple[str, ...]  # the title, then each block, as the reader sees them
    words: tuple[str, ...]  # in order, lowercased

    @property
    def text(self) -> str:
        return "\n".join(self.parts)

    def pairs(self) -> Iterator[tuple[str, str]]:
        """Two words written side by side with one space between them."""
        for part in self.parts:
            for found in re.finditer(r"(?<![\w.])(?=([A-Za-z]{2,}) ([A-Za-z]{2,})(?![\w]))", part):
                yield found[1].lower(), found[2].lower()

    def has_run(self, words: tuple[str, ...]) -> bool:
        size = len(words)
        return any(self.words[i : i + size] == words for i in range(len(self.words) - size + 1))


def settings() -> dict:
    return read_config(ROOT / "mkdocs.yml").get("extra") or {}


@cache
def separator(locale: str) -> re.Pattern[str]:
    return re.compile(settings()["search_languages"][locale]["separator"])


def words_of(text: str, locale: str) -> tuple[str, ...]:
    """The words of a text as the index holds them: lowercased, trimmed, Chinese cut by jieba."""
    found: list[str] = []
    for piece in separator(locale).split(unicodedata.normalize("NFKC", text)):
        for run in HAN_OR_NOT.findall(piece or ""):
            if HAN.fullmatch(run):
                found.extend(word for word in jieba.cut(run) if word.strip())
            elif term := EDGES.sub("", run.lower()):
                found.append(term)
    return tuple(found)


def sections_of(path: Path, locale: str) -> list[Section]:
    """The page's sections below its title, each with the text the site shows for it."""
    tree = lxml_html.fragment_fromstring(read_page(path).html, create_parent="div")
    for link in tree.xpath('//a[@class="headerlink"]'):
        link.drop_tree()
    sections: list[tuple[str, list[str]]] = []
    for element in tree:
        if HEADING.fullmatch(element.tag) and element.get("id"):
            sections.append((element.get("id"), [element.text_content()]))
        elif sections:
            sections[-1][1].append(element.text_content())
    return [
        Section(section_id, tuple(parts), words_of("\n".join(parts), locale))
        for section_id, parts in sections[1:]  # the first is the page's title: no anchor
    ]


@cache
def language_sections(locale: str) -> tuple[Section, ...]:
    site = site_pages(ROOT)
    language = site.language(locale)
    found: list[Section] = []
    for pair in site.pairs:
        path = pair.original if language.default else pair.translation
        if path is not None:
            found.extend(sections_of(path, locale))
    return tuple(found)


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (an adjacent swap is one edit)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i]
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            value = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, rows[-2][j - 2] + 1)
            row.append(value)
        rows.append(row)
    return rows[-1][-1]


class Language:
    """The sections of one language and what its vocabulary says about a query."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.sections = language_sections(locale)
        self.vocabulary = {word for section in self.sections for word in section.words}

    def holding(self, word: str) -> frozenset[str]:
        return frozenset(s.id for s in self.sections if word in s.words)

    def splits(self, word: str) -> list[tuple[str, str]]:
        return [
            (word[:cut], word[cut:])
            for cut in range(2, len(word) - 1)
            if {word[:cut], word[cut:]} <= self.vocabulary
        ]

    def unambiguous_start(self, form: str) -> bool:
        """No word of the page begins with it."""
        return not any(word.startswith(form) for word in self.vocabulary)

    def unambiguous(self, form: str) -> bool:
        """No word of the page begins with it, and it does not split into two."""
        return self.unambiguous_start(form) and not self.splits(form)

    @staticmethod
    def begins_each(section: Section, words: tuple[str, ...]) -> bool:
        """Whether the section has, for each of the words, a word that begins with it.

        A Chinese word counts anywhere in a word: search finds an unknown run
        of Chinese inside the words that contain it.
        """

        def found(word: str, mine: str) -> bool:
            return word in mine if HAN.match(word) else mine.startswith(word)

        return all(any(found(word, mine) for mine in section.words) for word in words)

    def typos(self) -> Iterator[Query]:
        for section in self.sections:
            candidates = sorted(
                {w for w in section.words if LETTERS.fullmatch(w) and len(w) >= 5},
                key=lambda w: (-len(w), w),
            )
            for word in candidates:
                if self.holding(word) != {section.id}:
                    continue
                typo = misspelt(word)
                near = {w for w in self.vocabulary if edit_distance(typo, w) <= allowed(typo, w)}
                if typo and near == {word} and self.unambiguous(typo):
                    yield Query(typo, "typo", frozenset({section.id}), word)
                    break

    def run_together(self) -> Iterator[Query]:
        common = len(self.sections) / 2  # a word in half the sections says little
        for section in self.sections:
            for first, second in section.pairs():
                joined = first + second
                both = frozenset(
                    s.id for s in self.sections if first in s.words and second in s.words
                )
                side_by_side = frozenset(s.id for s in self.sections if s.has_run((first, second)))
                if (
                    len(self.holding(first)) < common
                    and both == side_by_side == {section.id}
                    and self.splits(joined) == [(first, second)]
                    and self.unambiguous_start(joined)
                    and not any(edit_distance(joined, w) <= 2 for w in self.vocabulary)
                ):
                    yield Query(joined, "run together", both, f"{first} {second}")
                    break

    def amounts(self) -> Iterator[Query]:
        for section in self.sections:
            for number in numbers(section.text):
                if not DIGIT_OR_SIGN.match(number.text):
                    continue  # a number word: not typed as written
                unit = re.search(re.escape(number.text) + r"(/\w+)?", section.text)
                bare = re.search(r"\d[\d.,]*\d|\d", number.text)
                forms = [number.text + ((unit and unit[1]) or ""), number.text, bare and bare[0]]
                for form in dict.fromkeys(f for f in forms if f):
                    holders = frozenset(s.id for s in self.sections if writes(s.text, form))
                    if holders == {section.id}:
                        yield Query(form, "number", holders, number.text)

    def other_script(self) -> Iterator[Query]:
        for section in self.sections:
            if self.locale != "zh":
                for run in dict.fromkeys(HAN.findall(section.text)):
                    holders = frozenset(s.id for s in self.sections if run in s.text)
                    yield Query(run, "other script", holders, run)
            else:
                for word in dict.fromkeys(LATIN_WORD.findall(section.text)):
                    if self.holding(word.lower()) == {section.id}:
                        yield Query(word, "other script", frozenset({section.id}), word)

    def variants(self) -> Iterator[Query]:
        groups = settings().get("search_variants") or []
        for group in groups:
            for section in self.sections:
                for word in dict.fromkeys(section.words):
                    for char in set(word) & set(group):
                        for other in group:
                            written = word.replace(char, other)
                            if written == word or written in self.vocabulary:
                                continue
                            holders = frozenset(
                                s.id
                                for s in self.sections
                                if any(fold(w, group) == fold(written, group) for w in s.words)
                            )
                            yield Query(written, "variant", holders, word)

    def synonyms(self) -> Iterator[Query]:
        for group in settings().get("search_synonyms") or []:
            members = {member: words_of(member, self.locale) for member in group}
            for member, words in members.items():
                holders = frozenset(s.id for s in self.sections if s.has_run(words))
                if not holders:
                    continue
                for other, other_words in members.items():
                    if any(self.begins_each(s, other_words) for s in self.sections):
                        continue  # a section has it, or words that begin with its words
                    yield Query(other, "synonym", holders, member)

    def queries(self) -> list[Query]:
        made = {
            "typo": self.typos(),
            "run together": self.run_together(),
            "number": self.amounts(),
            "other script": self.other_script(),
            "variant": self.variants(),
            "synonym": self.synonyms(),
        }
        chosen: list[Query] = []
        for kind in KINDS:
            chosen.extend(spread([q for q in made[kind] if q.sections])[:PER_KIND])
        return chosen


def spread(queries: list[Query]) -> list[Query]:
    """One query per section in turn, so the queries of a kind cover the most sections."""
    unique = list({query.text.lower(): query for query in reversed(queries)}.values())[::-1]
    by_section: dict[frozenset[str], list[Query]] = {}
    for query in unique:
        by_section.setdefault(query.sections, []).append(query)
    turns = list(by_section.values())
    rounds = range(max(map(len, turns), default=0))
    return [turn[i] for i in rounds for turn in turns if i < len(turn)]


def allowed(typed: str, word: str) -> int:
    """The edits a typo may have: two when either word has 9 letters or more."""
    return 2 if max(len(typed), len(word)) >= 9 else 1


def writes(text: str, amount: str) -> bool:
    """Whether text writes the amount as a whole (9.99 in $9.99, not 5 in $50 or 2.5)."""
    return re.search(rf"(?<![\w.]){re.escape(amount)}(?!\w|\.\d)", text) is not None


def fold(word: str, group: list[str]) -> str:
    return "".join(group[0] if char in group else char for char in word)


def misspelt(word: str) -> str:
    """The word with its middle letters swapped, and from 9 letters one more dropped."""
    for middle in range(len(word) // 2, len(word) - 2):
        if word[middle] != word[middle + 1]:
            swapped = word[:middle] + word[middle + 1] + word[middle] + word[middle + 2 :]
            return swapped[:1] + swapped[2:] if len(word) >= 9 else swapped
    return ""


@cache
def derived_queries(locale: str) -> tuple[Query, ...]:
    return tuple(Language(locale).queries())


@cache
def several_words(locale: str) -> tuple[str, frozenset[str], str]:
    """A query of two words that some sections have both of, and another has only the first.

    (query, the ids of the sections with both, the id of one with only the first)
    """
    language = Language(locale)
    for section in language.sections:
        for first, second in zip(section.words, section.words[1:], strict=False):
            words = (first, second)
            if min(len(first), len(second)) < (2 if HAN.match(first + second) else 4):
                continue
            if not all(word.isalpha() for word in words):
                continue
            both = frozenset(s.id for s in language.sections if language.begins_each(s, words))
            some = [
                s.id
                for s in language.sections
                if s.id not in both and language.begins_each(s, (first,))
            ]
            if both and some:
                return f"{first} {second}", both, some[0]
    raise AssertionError(f"no two words of the {locale} pages tell sections apart")
