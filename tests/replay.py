"""The README's two maintainer workflows, replayed on a copy of the working tree.

A maintainer follows "Adding a page" or "When the upstream guide changes" to
the letter, and the tests must then pass: a test that fails there asserts
today's content, not a rule. The replays read their commands from the README
itself (its ``sh`` blocks under those headings) and run them in the copy:

- ``python3 scripts/dev.py run python scripts/X.py ARGS`` runs ``X.main(ARGS)``
  in this process, from the copy's root (the code is the copy's: the same);
- ``python3 scripts/dev.py build`` is the strict build of the copy;
- ``python3 scripts/dev.py test --all`` is what the ``built`` fixture stands
  for: the site and guide tests run again on each replayed copy.

The prose steps (write the page, add the nav line, save GUIDE.md, translate
the stale sections) are done the way a maintainer would, with pages and
upstream edits of the replay's own, so no replay depends on today's wording.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from copies import ROOT, copy_working_tree
from guide.page import read_page
from guide.page_pairs import add_to_nav
from guide.record import record_of
from site_build import build_here

README = ROOT / "README.md"
ADDING_A_PAGE = "Adding a page"
UPSTREAM_CHANGE = "When the upstream guide changes"
RUN_SCRIPT = ["python3", "scripts/dev.py", "run", "python"]
BUILD = ["python3", "scripts/dev.py", "build"]
TEST = ["python3", "scripts/dev.py", "test"]
UPSTREAM_FIXTURE = Path("tests/fixtures/upstream/guide.zh.md")
IMPORTED_PAGE = "index.md"  # the page import_guide.py writes by default
SHELL_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
MONEY = re.compile(r"\$(\d+\.\d\d)")


# ── The README ────────────────────────────────────────────────────────────


def readme_section(title: str, readme: Path = README) -> str:
    text = readme.read_text(encoding="utf-8")
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert found, f"README.md has no section '## {title}': update tests/replay.py"
    return found[1]


def command_blocks(title: str, readme: Path = README) -> list[list[str]]:
    """The commands of each ``sh`` block of a README section, comments dropped."""
    blocks = []
    for block in SHELL_BLOCK.findall(readme_section(title, readme)):
        lines = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
        blocks.append([line for line in lines if line])
    assert blocks, f"README.md's '{title}' has no sh block"
    return blocks


# ── Running a command as the README writes it ─────────────────────────────


@dataclass
class Step:
    command: str
    code: int
    output: str

    def __str__(self) -> str:
        return f"$ {self.command}\n(exit {self.code})\n{self.output}"


@dataclass
class Replay:
    """A copy of the project and what each command of a workflow did there."""

    name: str
    root: Path
    site: Path
    placeholders: dict[str, str] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    tested: bool = False  # reached the README's test command

    def run(self, command: str, allowed: tuple[int, ...] = (0,)) -> Step:
        words = [self.placeholders.get(word, word) for word in shlex.split(command)]
        for name, value in self.placeholders.items():
            words = [word.replace(f"/{name}.", f"/{value}.") for word in words]
        if words[:4] == RUN_SCRIPT and len(words) > 4 and words[4].startswith("scripts/"):
            code, output = self.script(words[4], words[5:])
        elif words == BUILD:
            result = build_here(self.site, project=self.root)
            code, output = result.returncode, result.stderr
        elif words[:3] == TEST:
            # The tests build the site strictly, then the `built` fixture runs the
            # site and guide tests on this copy.
            self.tested = True
            result = build_here(self.site, project=self.root)
            code, output = result.returncode, result.stderr
        else:
            raise AssertionError(f"the replay cannot run {command!r}: teach tests/replay.py")
        step = Step(command, code, output)
        self.steps.append(step)
        assert code in allowed, f"{self.name}: a README command failed:\n{step}"
        return step

    def script(self, script: str, args: list[str]) -> tuple[int, str]:
        module = importlib.import_module(Path(script).stem)
        output = io.StringIO()
        with (
            in_folder(self.root),
            contextlib.redirect_stdout(output),
            contextlib.redirect_stderr(output),
        ):
            try:
                code = module.main(args)
            except SystemExit as stop:  # argparse
                code = stop.code if isinstance(stop.code, int) else 2
        return code, output.getvalue()


@contextlib.contextmanager
def in_folder(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


# ── "Adding a page" ───────────────────────────────────────────────────────

# A page that fits on one screen: two short sections, a link, a number, a warning.
NEW_PAGE = "reminders"
NEW_ZH = """---
description: 设置用量提醒：在 Usage 页面查看调用情况，余额不足时及时充值，避免服务中断。
---

# 用量提醒

## 打开用量页面

打开 [Usage 页面](https://platform.openai.com/usage)，查看调用情况。

## 设置提醒

余额低于 $5 时及时充值。

!!! warning "注意"

    提醒不会阻止扣费。
"""
NEW_EN = """---
description: Set a usage reminder - check your calls on the Usage page, top up in time.
---

# Usage reminders { #usage-reminders }

## Open the usage page { #open-the-usage-page }

Open the [Usage page](https://platform.openai.com/usage) to see your calls.

## Set a reminder { #set-a-reminder }

Top up when the balance falls below $5.

!!! warning "Caution"

    A reminder does not stop charges.
"""


def replay_adding_a_page(target: Path) -> Replay:
    root = copy_working_tree(target / "project")
    replay = Replay(ADDING_A_PAGE, root, target / "site", {"PAGE": NEW_PAGE})
    # 1. Write the Chinese original and its translation.
    for language, text in (("zh", NEW_ZH), ("en", NEW_EN)):
        page = root / "docs" / language / f"{NEW_PAGE}.md"
        assert not page.exists(), f"the project has a page {page.name} already"
        page.write_text(text, encoding="utf-8")
    # 2. Add it under nav:.
    add_to_nav(root, f"{NEW_PAGE}.md")
    # 3. The commands.
    for block in command_blocks(ADDING_A_PAGE):
        for command in block:
            replay.run(command)
    return replay


# ── "When the upstream guide changes" ─────────────────────────────────────

NEW_SECTION_ZH = """## 设置用量提醒

1. 在 [Usage 页面](https://platform.openai.com/usage) 设置提醒额度。
2. 额度设为 $20 即可。

> **注意：** 提醒不会阻止扣费，请确保余额充足。

---

"""
NEW_SECTION_EN = """## Set a usage reminder { #set-a-usage-reminder }

1. Set a reminder amount on the [Usage page](https://platform.openai.com/usage).
2. Setting it to $20 is enough.

!!! KIND "TITLE"

    A reminder does not stop charges: keep enough balance on the card.

"""
ADDED_SENTENCE = ("价格以官网为准。", " Prices are as the official site shows them.")


def upstream_edit(upstream: str, english: str) -> tuple[str, str, str, str]:
    """The upstream guide with a price changed, a sentence added and a section with a
    warning added before its last section; and the same price in the English page.

    Returns (new upstream, old price, new price, the Chinese line the price is on).
    """
    price = next(m[1] for m in MONEY.finditer(upstream) if f"${m[1]}" in english)
    new_price = f"{Decimal(price) + 1}"
    line = next(text for text in upstream.splitlines() if f"${price}" in text)
    edited = upstream.replace(line, line.replace(price, new_price) + ADDED_SENTENCE[0], 1)
    last = [m.start() for m in re.finditer(r"^## ", edited, re.MULTILINE)][-1]
    return edited[:last] + NEW_SECTION_ZH + edited[last:], price, new_price, line


def translate(root: Path, price: str, new_price: str) -> None:
    """What a translator does after the import: the stale English sections, by the record."""
    english_path = root / "docs/en" / IMPORTED_PAGE
    english = english_path.read_text(encoding="utf-8")
    chinese = read_page(root / "docs/zh" / IMPORTED_PAGE)
    record = record_of(read_page(english_path))
    assert record is not None and record.anchors, "the English page has no record with ids"
    # The changed price and the sentence after it, in the section that has the price.
    line = next(text for text in english.splitlines() if f"${price}" in text)
    english = english.replace(line, line.replace(price, new_price) + ADDED_SENTENCE[1], 1)
    # The new section goes before the counterpart of the Chinese section that follows it.
    headings = [h for h in chinese.headings if h.level == 2]
    new_index = next(i for i, h in enumerate(headings) if h.text == "设置用量提醒")
    following = record.anchors[headings[new_index + 1].id]
    admonition = chinese.section(headings[new_index].id).admonitions[0]
    section = NEW_SECTION_EN.replace("KIND", admonition.kind).replace(
        "TITLE", english_title(english_path, admonition.kind)
    )
    at = re.search(rf"^## .*\{{ #{re.escape(following)} \}}$", english, re.MULTILINE)
    assert at, f"no English heading with id {following}"
    english_path.write_text(english[: at.start()] + section + english[at.start() :], "utf-8")


def english_title(page: Path, kind: str) -> str:
    """The title the English page gives admonitions of this kind, or the kind's name."""
    titles = {a.kind: a.title for a in read_page(page).admonitions if a.title}
    return titles.get(kind, kind.capitalize())


def replay_upstream_change(target: Path) -> Replay:
    root = copy_working_tree(target / "project")
    english = (root / "docs/en" / IMPORTED_PAGE).read_text(encoding="utf-8")
    upstream, price, new_price, _ = upstream_edit(
        (root / UPSTREAM_FIXTURE).read_text(encoding="utf-8"), english
    )
    guide = target / "GUIDE.md"  # saved anywhere, outside the repository
    guide.write_text(upstream, encoding="utf-8")
    replay = Replay(UPSTREAM_CHANGE, root, target / "site", {"GUIDE.md": str(guide)})
    before, after = command_blocks(UPSTREAM_CHANGE)
    for command in before:  # what changed: --check and the freshness report exit 1
        replay.run(command, allowed=(0, 1))
    translate(root, price, new_price)
    for command in after:
        replay.run(command)
    return replay


REPLAYS: dict[str, Callable[[Path], Replay]] = {
    "adding-a-page": replay_adding_a_page,
    "upstream-change": replay_upstream_change,
}
