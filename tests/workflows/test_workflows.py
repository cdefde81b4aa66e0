"""The GitHub workflows, Dependabot and pre-commit configs, and the weekly link verdict.

Workflows are validated against GitHub's schema (check-jsonschema) and
audited by zizmor offline; both come from the locked dev dependencies.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from dev import UV_VERSION
from guide.model import Location
from link_checker.cli import build_parser
from link_checker.report_json import ReportedLink
from link_report import (
    ISSUE_MARKER,
    issue_markdown,
    judge,
    main,
    status_annotation,
    summary_markdown,
)

WORKFLOWS = ("ci.yml", "pages.yml", "links.yml")
PINNED_USES = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
BIN = Path(sys.executable).parent
TOOL_TIMEOUT = 120


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is not installed: run uv sync"
    return found


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=TOOL_TIMEOUT
    )


def load(root: Path, name: str) -> dict:
    return yaml.safe_load((root / ".github/workflows" / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True.
    return workflow.get("on", workflow.get(True))


def steps(workflow: dict) -> list[tuple[str, dict]]:
    return [(job, step) for job, spec in workflow["jobs"].items() for step in spec["steps"]]


def uses_lines(root: Path, name: str) -> list[str]:
    text = (root / ".github/workflows" / name).read_text(encoding="utf-8")
    return [line.split("uses:", 1)[1].strip() for line in text.splitlines() if "uses:" in line]


# ── Schema and zizmor ─────────────────────────────────────────────────────


def test_every_workflow_matches_githubs_schema(root: Path) -> None:
    # One run for all: the checker names each file it rejects.
    paths = [f".github/workflows/{name}" for name in WORKFLOWS]
    result = run(
        tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *paths, cwd=root
    )
    assert WORKFLOWS and result.returncode == 0, result.stdout + result.stderr


def test_dependabot_matches_its_schema_and_covers_python_and_actions(root: Path) -> None:
    path = root / ".github/dependabot.yml"
    result = run(
        tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(path), cwd=root
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"uv", "github-actions"}


def zizmor_findings(target: Path, cwd: Path) -> tuple[int, list[dict]]:
    result = run(tool("zizmor"), "--offline", "--format", "json", str(target), cwd=cwd)
    return result.returncode, json.loads(result.stdout or "[]")


def test_zizmor_finds_nothing_high_in_the_workflows(root: Path) -> None:
    code, findings = zizmor_findings(root / ".github", root)
    high = [f["ident"] for f in findings if f["determinations"]["severity"] == "High"]
    assert high == []
    assert code != 14, "zizmor exits 14 when the worst finding is high"
    # Today there is nothing at all to report; keep it that way.
    assert [f["ident"] for f in findings] == []


def test_zizmor_would_catch_an_unpinned_action(root: Path, tmp_path: Path) -> None:
    workflows = tmp_path / ".github/workflows"
    workflows.mkdir(parents=True)
    text = (root / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    text = re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v5", text)
    (workflows / "ci.yml").write_text(text, encoding="utf-8")
    _, findings = zizmor_findings(tmp_path / ".github", tmp_path)
    assert "unpinned-uses" in {f["ident"] for f in findings}


# ── Least privilege, pins, and the same commands as the README ────────────


@pytest.mark.parametrize("name", WORKFLOWS)
def test_permissions_start_empty_and_are_granted_per_job(root: Path, name: str) -> None:
    workflow = load(root, name)
    assert workflow["permissions"] == {}
    for job, spec in workflow["jobs"].items():
        assert "permissions" in spec, f"{name}: job {job} must state its permissions"


@pytest.mark.parametrize("name", WORKFLOWS)
def test_actions_are_pinned_by_commit_with_the_version_noted(root: Path, name: str) -> None:
    lines = uses_lines(root, name)
    assert lines
    assert [line for line in lines if not PINNED_USES.match(line)] == []


@pytest.mark.parametrize("name", WORKFLOWS)
def test_checkouts_do_not_keep_credentials(root: Path, name: str) -> None:
    for job, step in steps(load(root, name)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, f"{name}: {job}"


@pytest.mark.parametrize("name", WORKFLOWS)
def test_uv_is_the_version_dev_py_installs(root: Path, name: str) -> None:
    versions = [
        step["with"]["version"]
        for _, step in steps(load(root, name))
        if step.get("uses", "").startswith("astral-sh/setup-uv@")
    ]
    assert versions and set(versions) == {UV_VERSION}


def readme_test_command(root: Path) -> str:
    """The README's command that runs every test (the second of its two commands)."""
    block = re.search(r"^## Two commands\n.*?^```sh\n(.*?)^```", readme(root), re.M | re.S)
    assert block, "README.md has no 'Two commands' shell block"
    lines = [line.split("  #", 1)[0].strip() for line in block[1].splitlines()]
    return next(line for line in lines if " test" in line)


def readme(root: Path) -> str:
    return (root / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_commands_and_keeps_artifacts(root: Path) -> None:
    workflow = load(root, "ci.yml")
    assert set(triggers(workflow)) == {"push", "pull_request"}
    commands = [step.get("run", "") for _, step in steps(workflow)]
    every_test = readme_test_command(root)
    assert every_test.endswith(" --all"), "the README's test command must run every tier"
    assert every_test in commands
    ci_run = (root / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert ci_run[-1] == every_test, ".ci/run must end with the README's test command"
    assert "python3 scripts/dev.py build" in commands
    assert any("chromium" in command for command in commands)
    assert any("pre-commit run --all-files" in command for command in commands)
    uploaded = {
        step["with"]["path"]
        for _, step in steps(workflow)
        if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploaded == {"screenshots/", "site/"}


def test_ci_keeps_proving_properdocs_builds_the_same_site_without_failing_ci(root: Path) -> None:
    job = load(root, "ci.yml")["jobs"]["properdocs"]
    assert job["continue-on-error"] is True
    assert job["permissions"] == {"contents": "read"}
    [check] = [step["run"] for step in job["steps"] if "properdocs_check.py" in step.get("run", "")]
    assert "uv run --locked --no-dev --group properdocs" in check
    assert '--summary "$GITHUB_STEP_SUMMARY"' in check
    assert "::warning" in check and "exit 1" in check  # reported, and the job still shows red


def test_ci_scores_every_page_with_lighthouse_without_failing_ci(root: Path) -> None:
    job = load(root, "ci.yml")["jobs"]["lighthouse"]
    assert job["continue-on-error"] is True
    assert job["permissions"] == {"contents": "read"}
    [score] = [
        step["run"] for step in job["steps"] if "scripts/lighthouse.py" in step.get("run", "")
    ]
    assert "python3 scripts/dev.py run python scripts/lighthouse.py" in score
    assert "--fail-under 100" in score
    assert "| tee" not in score or "set -o pipefail" in score  # else tee's status is the step's
    assert "::warning" in score and "exit 1" in score  # reported, and the job still shows red


def test_the_properdocs_group_is_optional_and_pinned(root: Path) -> None:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["dependency-groups"]["properdocs"] == ["properdocs==1.6.7"]
    assert "properdocs" not in project.get("tool", {}).get("uv", {}).get("default-groups", [])


def test_pages_builds_with_the_pages_url_and_deploys(root: Path) -> None:
    workflow = load(root, "pages.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    build = {
        step.get("name", step.get("uses", "")): step for step in workflow["jobs"]["build"]["steps"]
    }
    check = next(s for n, s in build.items() if "link check" in n.lower())
    assert check["continue-on-error"] is True and "--format json" in check["run"]
    built = build["python3 scripts/dev.py build"]
    assert built["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    names = list(build)
    assert names.index(next(n for n in names if "link check" in n.lower())) < names.index(
        "python3 scripts/dev.py build"
    )
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_links_runs_weekly_and_only_the_issue_job_may_write_issues(root: Path) -> None:
    workflow = load(root, "links.yml")
    on = triggers(workflow)
    assert "workflow_dispatch" in on and on["schedule"][0]["cron"].split()[4] != "*"
    jobs = workflow["jobs"]
    assert jobs["check"]["permissions"] == {"contents": "read", "actions": "read"}
    assert jobs["issue"]["permissions"] == {"issues": "write"}
    check = workflow_command(jobs["check"], "scripts/check_links.py")
    args = build_parser().parse_args(check)
    assert (args.format, str(args.json_output)) == ("github", "link-report.json")


def workflow_command(job: dict, script: str) -> list[str]:
    """The arguments a job's step passes to ``script``, as the shell would split them."""
    run_text = next(s["run"] for s in job["steps"] if script in s.get("run", ""))
    logical = run_text.replace("\\\n", " ")
    line = next(line for line in logical.splitlines() if script in line)
    words = shlex.split(line.split("|")[0])
    return words[words.index(script) + 1 :]


def test_the_links_workflow_judges_the_report_as_its_step_says(root: Path, tmp_path, monkeypatch):
    # The step's own command line, run where the step runs it.
    args = workflow_command(load(root, "links.yml")["jobs"]["check"], "scripts/link_report.py")
    monkeypatch.chdir(tmp_path)
    places = {"$GITHUB_STEP_SUMMARY": "summary.md", "$GITHUB_OUTPUT": "output", "$RUN_URL": "run"}
    args = [places.get(arg, arg) for arg in args]
    (tmp_path / "link-state").mkdir()
    (tmp_path / "link-report.md").write_text("### Link check\n", encoding="utf-8")
    report = {
        "links": [
            {"url": BROKEN.url, "verdict": "broken", "reason": "404", "sources": []},
        ],
        "summary": {"checked_at": "2026-11-30T04:17:00Z"},
    }
    (tmp_path / "link-report.json").write_text(json.dumps(report), encoding="utf-8")
    assert main(args) == 0
    assert (tmp_path / "output").read_text(encoding="utf-8") == "status=warn\n"
    state = json.loads((tmp_path / "link-state/link-state.json").read_text(encoding="utf-8"))
    assert state["failing"][BROKEN.url]["runs"] == 1
    assert "**Status: warn.**" in (tmp_path / "summary.md").read_text(encoding="utf-8")


# ── pre-commit ────────────────────────────────────────────────────────────


def test_pre_commit_config_is_valid_and_runs_the_ci_tools(root: Path) -> None:
    result = run(tool("pre-commit"), "validate-config", ".pre-commit-config.yaml", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {
        "ruff-check",
        "ruff-format",
        "trailing-whitespace",
        "end-of-file-fixer",
        "check-yaml",
        "parity",
        "translation-freshness",
        "zizmor",
    } <= set(hooks)
    assert "--unsafe" in hooks["check-yaml"]["entry"]
    # git runs the hooks with the user's PATH, which has no uv: the project's
    # tools go through dev.py, as in the README.
    local_tools = [hook for hook in hooks.values() if hook["language"] == "unsupported"]
    assert local_tools
    assert [
        h["id"] for h in local_tools if not h["entry"].startswith("python3 scripts/dev.py run ")
    ] == []
    assert "scripts/check_parity.py" in hooks["parity"]["entry"]
    assert "scripts/translation_freshness.py" in hooks["translation-freshness"]["entry"]


# ── The weekly verdict: warn once, alarm on the second run ────────────────

USED_AT = (Location("docs/zh/index.md", 9),)
BROKEN = ReportedLink("https://example.org/gone", "broken", "404 Not Found", USED_AT)
OK = ReportedLink("https://example.org/gone", "ok", "200 OK", USED_AT)
NO_NETWORK = ReportedLink("https://example.org/gone", "unverified", "no network", USED_AT)


def test_a_first_failure_only_warns() -> None:
    first = judge("2026-11-23T04:17:00Z", [BROKEN], {})
    assert first.status == "warn"
    assert status_annotation(first).startswith("::warning title=Link check warn::")


def test_a_second_failure_in_a_row_raises_the_alarm() -> None:
    first = judge("2026-11-23T04:17:00Z", [BROKEN], {})
    second = judge("2026-11-30T04:17:00Z", [BROKEN], first.failing)
    assert second.status == "alarm"
    assert second.failing[BROKEN.url] == {
        "runs": 2,
        "since": "2026-11-23T04:17:00Z",
        "reason": "404 Not Found",
    }
    assert status_annotation(second).startswith("::error title=Link check alarm::")
    body = issue_markdown(second, "https://github.com/o/r/actions/runs/1", "| table |")
    assert body.startswith(ISSUE_MARKER)
    assert "used at `docs/zh/index.md:9`" in body
    assert "<summary>Full report</summary>\n\n| table |" in body
    assert "https://example.org/gone: 404 Not Found (since 2026-11-23T04:17:00Z, 2 runs" in body


def test_recovery_clears_the_state_and_an_outage_keeps_it() -> None:
    alarmed = judge("b", [BROKEN], judge("a", [BROKEN], {}).failing)
    assert judge("c", [OK], alarmed.failing).status == "ok"
    assert judge("c", [OK], alarmed.failing).failing == {}
    offline = judge("c", [NO_NETWORK], alarmed.failing)
    assert offline.status == "unknown" and offline.failing == alarmed.failing
    assert "no network" in summary_markdown(offline)
    assert status_annotation(judge("d", [OK], {})) is None


def test_command_writes_state_summary_issue_and_status(tmp_path: Path) -> None:
    report = {
        "links": [
            {
                "url": BROKEN.url,
                "verdict": "broken",
                "status": 404,
                "final_url": None,
                "reason": "404 Not Found",
                "sources": [{"path": "docs/en/index.md", "line": 3}],
            }
        ],
        "summary": {"total": 1, "broken": 1, "checked_at": "2026-11-30T04:17:00Z"},
    }
    (tmp_path / "report.json").write_text(json.dumps(report), encoding="utf-8")
    previous = {"version": 1, "failing": {BROKEN.url: {"runs": 1, "since": "2026-11-23"}}}
    (tmp_path / "previous.json").write_text(json.dumps(previous), encoding="utf-8")
    (tmp_path / "check.md").write_text("### Link check: 1 link: 1 broken\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        [
            str(tmp_path / "report.json"),
            "--previous",
            str(tmp_path / "previous.json"),
            "--state",
            str(out / "state.json"),
            "--summary",
            str(out / "summary.md"),
            "--issue-body",
            str(out / "issue.md"),
            "--github-output",
            str(out / "output"),
            "--details",
            str(tmp_path / "check.md"),
        ]
    )
    assert code == 0
    assert (out / "output").read_text(encoding="utf-8") == "status=alarm\n"
    state = json.loads((out / "state.json").read_text(encoding="utf-8"))
    assert state["failing"][BROKEN.url]["runs"] == 2
    assert "**Status: alarm.**" in (out / "summary.md").read_text(encoding="utf-8")
    issue = (out / "issue.md").read_text(encoding="utf-8")
    assert "docs/en/index.md:3" in issue and "### Link check: 1 link: 1 broken" in issue


def test_command_names_an_unusable_report_in_one_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "report.json").write_text('{"links": [', encoding="utf-8")
    assert main([str(tmp_path / "report.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "report.json" in err and len(err.splitlines()) == 1
