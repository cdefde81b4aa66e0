"""Compare a page with its translation, section by section, in words a translator can act on.

Sections are paired through ``guide.pairing`` (the translation record, else
the heading outline). Two paired sections are in parity when they carry the
same facts, as the site renders them (``guide.page``):

- numbers and money amounts (number words count: 两 and "two" are 2);
- links (every href/src except in-page anchors, which differ by language);
- codes (inline code, bold tokens such as an invite code) and UI labels, by name;
- admonitions by type, in order, each with a title; code blocks;
- numbered steps and bullet points.

Each difference is one line, ``path:line: what to fix``, naming the
translation's line and the original's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from guide.model import Location, Problem
from guide.page import Page, Section
from guide.pairing import pair_indexes
from guide.record import record_of


def recorded_order(translation: Page) -> list[str] | None:
    record = record_of(translation)
    return record.order if record else None


def difference(path: str, line: int, message: str) -> Problem:
    """A difference between a translation and its original, where the translator fixes it."""
    return Problem(Location(path, line), message)


def paired_sections(original: Page, translation: Page) -> list[tuple[Section, Section]]:
    """Counterpart sections, preambles (text before the first heading) included."""
    a = [s for s in original.sections if s.heading is not None]
    b = [s for s in translation.sections if s.heading is not None]
    pairs = [
        (a[i], b[j])
        for i, j in pair_indexes(original.outline, translation.outline, recorded_order(translation))
    ]
    preamble_a = next((s for s in original.sections if s.heading is None), None)
    preamble_b = next((s for s in translation.sections if s.heading is None), None)
    if preamble_a is not None or preamble_b is not None:
        empty = Section(None, translation.body_start + 1, translation.body_start + 1)
        pairs.insert(0, (preamble_a or Section(None, 0, 0), preamble_b or empty))
    return pairs


def compare(original: Page, translation: Page) -> list[Problem]:
    """Every difference; an empty list means parity."""
    pairs = paired_sections(original, translation)
    found = [*original.problems, *translation.problems]
    found.extend(unpaired(original, translation, pairs))
    for left, right in pairs:
        found.extend(compare_sections(original, translation, left, right))
    return sorted(found, key=lambda d: (d.path != str(translation.path), d.line))


def unpaired(
    original: Page, translation: Page, pairs: list[tuple[Section, Section]]
) -> Iterator[Problem]:
    paired_a = {id(a) for a, _ in pairs}
    paired_b = {id(b) for _, b in pairs}
    following = {id(a): b for a, b in pairs}
    sections_a = [s for s in original.sections if s.heading is not None]
    for index, section in enumerate(sections_a):
        if id(section) in paired_a:
            continue
        after = next(
            (following[id(s)] for s in sections_a[index + 1 :] if id(s) in following), None
        )
        line = after.start if after is not None else len(translation.lines)
        heading = section.heading
        yield difference(
            str(translation.path),
            line,
            f"section '{heading.text}' ({original.path}:{heading.line}) has no counterpart: "
            f"add a level-{heading.level} heading for it here",
        )
    for section in translation.sections:
        if section.heading is not None and id(section) not in paired_b:
            yield difference(
                str(translation.path),
                section.start,
                f"section '{section.heading.text}' has no counterpart in {original.path}: "
                "remove it or add the section to the original",
            )


# What two counterpart sections must have as many of.
COUNTS: dict[str, Callable[[Section], int]] = {
    "numbered steps": lambda s: s.steps,
    "bullet points": lambda s: s.bullets,
    "code blocks": lambda s: s.code_blocks,
}
# The facts two counterpart sections must both carry, as often: (value, line).
FACTS: dict[str, Callable[[Section], list[tuple[str, int]]]] = {
    "link": lambda s: [(x.url, x.line) for x in s.links if compared_link(x.url)],
    "number": lambda s: [(x.key, x.line) for x in s.numbers],
    "code": lambda s: [(x.value, x.line) for x in s.codes],
    "UI label": lambda s: [(x.name, x.line) for x in s.labels],
}


def compare_sections(
    original: Page, translation: Page, left: Section, right: Section
) -> Iterator[Problem]:
    there = str(translation.path)
    name = f"section '{right.title}'"
    if left.heading and right.heading and left.heading.level != right.heading.level:
        yield difference(
            there,
            right.start,
            f"{name} is level {right.heading.level}, but '{left.title}' "
            f"({original.path}:{left.start}) is level {left.heading.level}",
        )
    for what, count in COUNTS.items():
        want, have = count(left), count(right)
        if want != have:
            yield difference(
                there,
                right.start,
                f"{name} has {have} {what}, '{left.title}' ({original.path}:{left.start}) "
                f"has {want}",
            )
    yield from compare_admonitions(original, translation, left, right)
    # Numbers are named as written ("两", "0.03 美元"), compared by value.
    shown = {x.key: x.text for x in [*right.numbers, *left.numbers]}
    for what, facts in FACTS.items():
        yield from compare_counts(
            original, translation, left, right, what, facts(left), facts(right), shown
        )


def compared_link(url: str) -> bool:
    """In-page anchors (#id) differ by language; every other link must match."""
    return bool(url) and not url.startswith("#")


def compare_counts(
    original: Page,
    translation: Page,
    left: Section,
    right: Section,
    what: str,
    want: list[tuple[str, int]],
    have: list[tuple[str, int]],
    shown: dict[str, str] | None = None,
) -> Iterator[Problem]:
    """The same values, as often, in both sections; each extra or missing one named."""
    wanted, had = Counter(v for v, _ in want), Counter(v for v, _ in have)
    for key in ordered(want, have):
        value = (shown or {}).get(key, key)
        missing, extra = wanted[key] - had[key], had[key] - wanted[key]
        if missing > 0:
            line = first_line(want, key)
            yield difference(
                str(translation.path),
                right.start,
                f"section '{right.title}' lacks {what} {value}"
                f"{times(missing)} ({original.path}:{line})",
            )
        if extra > 0:
            line = first_line(have, key, skip=wanted[key])
            yield difference(
                str(translation.path),
                line,
                f"{what} {value}{times(extra)} is not in the original section "
                f"'{left.title}' ({original.path}:{left.start})",
            )


def compare_admonitions(
    original: Page, translation: Page, left: Section, right: Section
) -> Iterator[Problem]:
    there = str(translation.path)
    want = [a.kind for a in left.admonitions]
    have = [a.kind for a in right.admonitions]
    if want != have:
        line = right.admonitions[0].line if right.admonitions else right.start
        yield difference(
            there,
            line,
            f"section '{right.title}' has admonitions [{', '.join(have) or 'none'}], the "
            f"original ({original.path}:{left.start}) has [{', '.join(want) or 'none'}] "
            "in this order",
        )
    for admonition in right.admonitions:
        if not admonition.title:
            yield difference(there, admonition.line, "admonition has no title in its language")


def ordered(*lists: Iterable[tuple[str, int]]) -> list[str]:
    return list(dict.fromkeys(value for values in lists for value, _ in values))


def first_line(values: list[tuple[str, int]], value: str, skip: int = 0) -> int:
    lines = [line for v, line in values if v == value]
    return lines[min(skip, len(lines) - 1)]


def times(count: int) -> str:
    return "" if count == 1 else f" ({count} times)"


def counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary(page: Page) -> str:
    return ", ".join(
        [
            counted(len(page.headings), "section", "sections"),
            counted(len(page.admonitions), "admonition", "admonitions"),
            counted(len(page.external_links), "external link", "external links"),
            counted(len(page.numbers), "number", "numbers"),
            counted(len(page.codes), "code", "codes"),
            counted(len(page.labels), "UI label", "UI labels"),
        ]
    )
