"""Both README workflows, followed to the letter on a copy of the working tree, end green.

The replays (tests/replay.py) run every command of "Adding a page" and "When
the upstream guide changes" as the README writes them; the site and guide
tests then run on each copy through the ``built`` fixture.
"""

from __future__ import annotations

from collections.abc import Callable

from replay import ADDING_A_PAGE, NEW_PAGE, UPSTREAM_CHANGE, Replay, command_blocks


def commands(title: str) -> list[str]:
    return [command for block in command_blocks(title) for command in block]


def test_adding_a_page_runs_every_readme_command_to_a_green_end(
    replayed: Callable[[str], Replay],
) -> None:
    replay = replayed("adding-a-page")
    assert [step.command for step in replay.steps] == commands(ADDING_A_PAGE)
    assert [step.code for step in replay.steps] == [0] * len(replay.steps)
    assert replay.tested
    for folder in ("", "en/"):
        assert (replay.site / folder / NEW_PAGE / "index.html").is_file()


def test_an_upstream_change_is_imported_translated_and_recorded(
    replayed: Callable[[str], Replay],
) -> None:
    replay = replayed("upstream-change")
    assert [step.command for step in replay.steps] == commands(UPSTREAM_CHANGE)
    check, write, stale, parity, record, test = replay.steps
    # Before translating: the import names what changed, freshness what is stale.
    assert check.code == 1 and "added: ## 设置用量提醒" in check.output
    assert "changed: ### " in check.output
    assert write.code == 0 and "wrote docs/zh/index.md" in write.output
    assert stale.code == 1 and "2 sections of docs/zh/index.md are stale" in stale.output
    # After translating: parity, the record and the tests pass.
    assert [parity.code, record.code, test.code] == [0, 0, 0]
    assert "recorded" in record.output
