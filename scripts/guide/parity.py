"""Compare the structure of a page with its translation, in words a translator can act on.

Headings (level, count, order), steps and bullets per section, admonitions
(type, order), external links (the same URLs, as often) and numbers. Money
amounts must match one for one; other numbers must appear in both, but not as
often, because Chinese writes small counts as words (两年 is "2 years").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from guide.structure import Structure


def compare(original: Structure, translation: Structure) -> list[str]:
    """Every difference, as one sentence each; an empty list means parity."""
    return [
        *compare_headings(original, translation),
        *compare_lists(original, translation),
        *compare_admonitions(original, translation),
        *compare_links(original, translation),
        *compare_amounts(original, translation),
    ]


def where(structure: Structure, line: int) -> str:
    return f"{structure.path}:{line}"


def compare_headings(a: Structure, b: Structure) -> Iterator[str]:
    for index in range(max(len(a.headings), len(b.headings))):
        left = a.headings[index] if index < len(a.headings) else None
        right = b.headings[index] if index < len(b.headings) else None
        if right is None:
            yield (
                f"heading {index + 1} is missing: add a level-{left.level} heading for "
                f"'{left.text}' ({where(a, left.line)}) to {b.path}"
            )
            return
        if left is None:
            yield (
                f"heading {index + 1} '{right.text}' ({where(b, right.line)}) has no "
                f"counterpart in {a.path}: remove it or add the section to the original"
            )
            return
        if left.level != right.level:
            yield (
                f"heading {index + 1} '{right.text}' ({where(b, right.line)}) is level "
                f"{right.level}, but '{left.text}' ({where(a, left.line)}) is level {left.level}"
            )
            return


def compare_lists(a: Structure, b: Structure) -> Iterator[str]:
    for left, right in zip(a.sections, b.sections, strict=False):
        for kind, attr in (("numbered steps", "ordered_items"), ("bullet points", "bullet_items")):
            want, have = getattr(left, attr), getattr(right, attr)
            if want != have:
                yield (
                    f"section '{right.heading.text}' ({where(b, right.heading.line)}) has "
                    f"{have} {kind}, '{left.heading.text}' has {want}"
                )


def compare_admonitions(a: Structure, b: Structure) -> Iterator[str]:
    if len(a.admonitions) != len(b.admonitions):
        yield (
            f"{b.path} has {len(b.admonitions)} admonitions, {a.path} has {len(a.admonitions)}: "
            f"expected types in order: {', '.join(x.kind for x in a.admonitions) or 'none'}"
        )
    for index, (left, right) in enumerate(zip(a.admonitions, b.admonitions, strict=False)):
        if left.kind != right.kind:
            yield (
                f"admonition {index + 1} ({where(b, right.line)}) is '{right.kind}', "
                f"but the original ({where(a, left.line)}) is '{left.kind}'"
            )
        if not right.title:
            yield f"admonition {index + 1} ({where(b, right.line)}) has no title in its language"


def compare_links(a: Structure, b: Structure) -> Iterator[str]:
    want = Counter(link.url for link in a.external_links)
    have = Counter(link.url for link in b.external_links)
    first_line = {link.url: link.line for link in reversed(a.external_links)}
    for url in want.keys() | have.keys():
        if want[url] == have[url]:
            continue
        if not have[url]:
            yield f"link {url} ({where(a, first_line[url])}) is missing from {b.path}"
        elif not want[url]:
            line = next(link.line for link in b.external_links if link.url == url)
            yield f"link {url} ({where(b, line)}) is not in the original {a.path}"
        else:
            yield (
                f"link {url} appears {times(have[url])} in {b.path} "
                f"but {times(want[url])} in {a.path}"
            )


def compare_amounts(a: Structure, b: Structure) -> Iterator[str]:
    want = Counter(x.value for x in a.amounts if x.money)
    have = Counter(x.value for x in b.amounts if x.money)
    for value in sorted(want.keys() | have.keys(), key=float):
        if want[value] != have[value]:
            yield (
                f"money amount ${value} appears {times(have[value])} in {b.path} "
                f"but {times(want[value])} in {a.path}"
            )
    plain_a = {x.value: x.line for x in a.amounts if not x.money}
    plain_b = {x.value: x.line for x in b.amounts if not x.money}
    for value in sorted(plain_a.keys() - plain_b.keys(), key=float):
        yield f"number {value} ({where(a, plain_a[value])}) does not appear in {b.path}"
    for value in sorted(plain_b.keys() - plain_a.keys(), key=float):
        yield f"number {value} ({where(b, plain_b[value])}) does not appear in {a.path}"


def times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def summary(structure: Structure) -> str:
    return (
        f"{len(structure.headings)} headings, {len(structure.admonitions)} admonitions, "
        f"{len(structure.external_links)} external links, {len(structure.amounts)} numbers"
    )
