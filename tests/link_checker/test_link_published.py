"""The checker checks what the site publishes: the external URLs in the built site
are exactly the URLs it takes from the Markdown pages.

The built pages are read here on their own terms (every element, every address
attribute), not with the checker's code, and the site's own address is left
out (canonical and hreflang links point at the site itself).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from guide.page_pairs import add_pairs, copy_build_inputs
from link_checker.extract import default_files, extract
from lxml import html
from site_build import build_here

ROOT = Path(__file__).resolve().parents[2]
ADDRESS_ATTRIBUTES = ("href", "src", "srcset", "poster", "data")
WEB = re.compile(r"(?i)(https?:|//)")
# A page pair with every construct that Python-Markdown (with this site's
# extensions) renders as a link but a CommonMark reader does not.
CONSTRUCTS = """\
# Constructs

<div markdown>
[in a div](https://div.example/a)
</div>

<details markdown>
<summary>More</summary>
[in details](https://details.example/b)
</details>

!!! note "Note"
\t[tab indented](https://tab-admonition.example/c)

[a space](http://h.example/a b)

[one slash](https:/one-slash.example/d)

[protocol relative](//proto.example/path)
"""


def site_origin(project: Path) -> str:
    """The host:port of the site_url the build uses by default."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return urlsplit(config["site_url"]).netloc


def published_urls(site: Path, origin: str) -> set[str]:
    """Every external address in every built page, as a browser on https would read it."""
    found = set()
    for page in sorted(site.rglob("*.html")):
        for element in html.parse(str(page)).getroot().iter():
            if not isinstance(element.tag, str):
                continue
            for name in ADDRESS_ATTRIBUTES:
                value = element.get(name)
                if not value:
                    continue
                candidates = [c.split()[0] for c in value.split(",") if c.split()]
                for candidate in candidates if name == "srcset" else [value]:
                    url = "".join(candidate.split("\t")).strip().replace("\n", "")
                    if not WEB.match(url):
                        continue
                    if url.startswith("//"):
                        url = "https:" + url
                    if urlsplit(url).netloc != origin:
                        found.add(urldefrag(url).url)
    return found


def checked_urls(project: Path) -> set[str]:
    return set(extract(default_files(project, ["docs/**/*.md"])).links)


@pytest.fixture(scope="module")
def constructs_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the project with a page pair of odd constructs, built strictly (one build
    for both tests)."""
    project = copy_build_inputs(tmp_path_factory.mktemp("constructs") / "project")
    add_pairs(project, {"constructs.md": (CONSTRUCTS, CONSTRUCTS)})
    site = tmp_path_factory.mktemp("constructs-site")
    result = build_here(site, project=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site


def test_the_checker_checks_every_external_url_of_the_built_site(constructs_site):
    # The copy holds every page of the project, the guide's included.
    project, site = constructs_site
    published = published_urls(site, site_origin(project))
    guide = {
        url
        for page in ROOT.glob("docs/**/*.md")
        for url in re.findall(r"\]\((https?://[^)\s#]+)", page.read_text(encoding="utf-8"))
    }
    assert guide and guide <= published, "the guide's own links are not all in the built site"
    assert checked_urls(project) == published


def test_every_construct_a_reader_can_click_is_published_and_checked(constructs_site):
    project, site = constructs_site
    published = published_urls(site, site_origin(project))
    for url in (
        "https://div.example/a",
        "https://details.example/b",
        "https://tab-admonition.example/c",
        "http://h.example/a b",
        "https:/one-slash.example/d",
        "https://proto.example/path",
    ):
        assert url in published, url
    assert checked_urls(project) == published
