"""A project of the tests' own for the language switch: the project plus two page pairs.

The switch's tests need facts no page of the guide promises, so they get them
from pages of their own, added to a copy of the build inputs:

- ``journey.md``, added the README's way (two files, a nav line, the
  translation record): sections taller than a desktop or a phone screen,
  English ids unlike the Chinese ones; then a Chinese section the translation
  does not have yet, as an upstream change leaves it until it is translated;
- ``plain.md``, a pair without a translation record, paired by its outline.

The site tests check the switch map of this project
(tests/site/test_switch_build.py); the browser journeys walk through it
(tests/browser/test_browser_switch.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guide.page_pairs import add_to_nav, copy_build_inputs, write_pair

PAGE = "journey.md"
PLAIN = "plain.md"
URLS = {"zh": "journey/", "en": "en/journey/"}
PARAGRAPHS = 12  # per section: taller than a desktop or a phone screen
FILLER = {
    "zh": "这一段只是为了让本节比屏幕更高，读者要往下滚动才能读完这一节。" * 3,
    "en": "This paragraph only makes the section taller than the screen, "
    "so that the reader has to scroll to finish it. " * 2,
}
UNPAIRED = "只在中文里的一站"  # added before the last stop once the record is written
PLAIN_PAGES = {
    "zh": "# 没有记录的页面\n\n## 第一节\n\n正文。\n\n## 第二节\n\n正文。\n",
    "en": "# A page without a record\n\n## Part one\n\nText.\n\n## Part two\n\nText.\n",
}


@dataclass(frozen=True)
class Stop:
    """One section of the journey page, in both languages."""

    zh: str  # the Chinese heading, which is also its id
    en: str  # the English section's id

    @property
    def title(self) -> str:
        return self.en.replace("-", " ").capitalize()

    def id(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


STOPS = [
    Stop("第一站", "first-stop"),
    Stop("第二站", "second-stop"),
    Stop("第三站", "third-stop"),
    Stop("第四站", "fourth-stop"),
    Stop("第五站", "fifth-stop"),
    Stop("第六站", "sixth-stop"),
]


def section(heading: str, lang: str) -> str:
    return heading + "\n\n" + "\n\n".join([FILLER[lang]] * PARAGRAPHS) + "\n\n"


def chinese(stops: list[str]) -> str:
    return "# 换语言之旅\n\n" + "".join(section(f"## {heading}", "zh") for heading in stops)


def english() -> str:
    stops = "".join(section(f"## {stop.title} {{ #{stop.en} }}", "en") for stop in STOPS)
    return "# A journey through the language switch { #journey }\n\n" + stops


def journey_project(target: Path) -> Path:
    """The project's build inputs at ``target``, with the journey and the plain pair."""
    copy_build_inputs(target)
    for name in (PAGE, PLAIN):
        for lang in ("zh", "en"):
            assert not (target / "docs" / lang / name).exists(), f"the project has a {name}"
        add_to_nav(target, name)
    write_pair(target, PAGE, chinese([stop.zh for stop in STOPS]), english())
    untranslated = [*(stop.zh for stop in STOPS[:-1]), UNPAIRED, STOPS[-1].zh]
    (target / "docs/zh" / PAGE).write_text(chinese(untranslated), encoding="utf-8")
    for lang, text in PLAIN_PAGES.items():
        (target / "docs" / lang / PLAIN).write_text(text, encoding="utf-8")
    return target
