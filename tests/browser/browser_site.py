"""What the browser tests know about the site and how a reader uses it.

Every page a test opens is watched: console errors, uncaught exceptions,
requests to another origin and Content-Security-Policy violations are
collected, and the ``live_site`` fixture fails the test with them at teardown
unless the test names the message it expects.
"""

from __future__ import annotations

import re
import shutil
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from guide.pages import site_pages
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    expect,
)
from playwright.sync_api import Error as PlaywrightError
from site_server import SiteServer

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# Headless Chromium as root, with nothing phoning Google hosts.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-domain-reliability",
]
NO_CHROMIUM = (
    "no Chromium found: install Debian's with `apt-get install -y chromium` "
    "(or Playwright's with `playwright install chromium`)"
)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material scheme
# The light/dark toggle a reader sees: the label that switches to the other scheme.
PALETTE_TOGGLE = "form[data-palette-toggle] label:visible"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# The page reports each CSP violation into Python through this binding.
CSP_BINDING = "__reportCspViolation"
CSP_LISTENER = f"""
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {{
  const text = `${{e.effectiveDirective}} blocked ${{e.blockedURI || "inline"}}`;
  window.__cspViolations.push(text);
  window.{CSP_BINDING}(text);
}});
"""


@dataclass(frozen=True)
class Language:
    """What a reader of one language must get; the keys of LANGUAGES are html lang values."""

    code: str
    path: str  # below the site root
    query: str  # what a reader types into search
    section: str  # id of the section that search must find
    search_ready: str  # Material's search placeholder once the index is loaded


LANGUAGES = {
    "zh": Language("zh", "", "虚拟卡", "开通虚拟卡", "键入以开始搜索"),
    "en": Language("en", "en/", "virtual card", "open-a-virtual-card", "Type to start searching"),
}


@dataclass(frozen=True)
class SitePage:
    """One page of the site as a reader opens it."""

    path: str  # below the site root: "", "en/", "en/plus/", "en/404.html"
    lang: str  # the page's language, as in its <html lang>
    source: str = ""  # its Markdown file below docs/: "en/plus.md" ("" for a 404 page)


def every_page(root: Path = ROOT) -> list[SitePage]:
    """Every page the site publishes, in every language, from docs/ and the nav."""
    site = site_pages(root)
    pages = []
    for pair in site.pairs:
        for language in site.languages:
            source = pair.original if language.default else pair.translation
            if source is not None:
                name = source.relative_to(language.folder.parent).as_posix()
                pages.append(SitePage(site.url(pair, language.locale), language.locale, name))
    return pages


def not_found_pages(root: Path = ROOT) -> list[SitePage]:
    """Each language's 404 page."""
    return [
        SitePage(f"{language.prefix}404.html", language.locale)
        for language in site_pages(root).languages
    ]


SITE_PAGES = every_page()
NOT_FOUND_PAGES = not_found_pages()


def page_slug(page: SitePage) -> str:
    """A short name for files: zh, en, zh-plus, en-plus."""
    parts = [part for part in page.path.strip("/").split("/") if part and part != page.lang]
    return "-".join([page.lang, *parts])


def counterpart(page: SitePage, lang: str) -> SitePage:
    """The same page in another language (same file below the language folders)."""
    name = page.source.removeprefix(f"{page.lang}/")
    return next(other for other in SITE_PAGES if other.source == f"{lang}/{name}")


def other_language(page: SitePage) -> str:
    return next(code for code in LANGUAGES if code != page.lang)


@dataclass(frozen=True)
class SearchHit:
    href: str
    title: str

    @property
    def anchor(self) -> str:
        return unquote(urlsplit(self.href).fragment)


@dataclass
class Watch:
    """Everything on a browser context that should never happen."""

    origin: str
    allow: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        context.on("request", self._on_request)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self._add(f"uncaught error: {error.error}"))
        context.expose_binding(CSP_BINDING, lambda _source, text: self._on_csp(text))
        context.add_init_script(CSP_LISTENER)

    def take(self) -> list[str]:
        """What went wrong so far; the watch starts again from nothing."""
        taken, self.problems = self.problems, []
        return taken

    def _add(self, problem: str) -> None:
        if not any(re.search(pattern, problem) for pattern in self.allow):
            self.problems.append(problem)

    def _on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        on_network = parts.scheme in ("http", "https", "ws", "wss")
        if on_network and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self._add(f"request to another origin: {request.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._add(f"console error: {message.text} ({message.location.get('url', '')})")

    def _on_csp(self, text: str) -> None:
        self.csp_violations.append(text)
        self._add(f"CSP violation: {text}")


class LiveSite:
    """The served site as a test sees it: fresh watched browser contexts and its URLs."""

    def __init__(self, browser: Browser, server: SiteServer) -> None:
        self.browser = browser
        self.server = server
        self.base_url = server.base_url
        self.origin = self.base_url.rstrip("/")
        self._opened: list[tuple[BrowserContext, Watch]] = []

    def url(self, path: str = "") -> str:
        return f"{self.base_url}{path.lstrip('/')}"

    def new_context(
        self,
        *,
        scheme: str = "light",
        viewport: dict[str, int] = DESKTOP,
        allow: tuple[str, ...] = (),
        javascript: bool = True,
    ) -> tuple[BrowserContext, Watch]:
        """A fresh profile (no cache, no storage), watched until the test ends."""
        phone = viewport["width"] < 600
        context = self.browser.new_context(
            viewport=viewport,
            color_scheme=scheme,
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=1,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        watch = Watch(self.origin, allow)
        watch.attach(context)
        self._opened.append((context, watch))
        return context, watch

    def open(
        self,
        path: str = "",
        *,
        scheme: str = "light",
        viewport: dict[str, int] = DESKTOP,
        allow: tuple[str, ...] = (),
    ) -> Page:
        """Open a page in a fresh context (its search index loads once the reader searches)."""
        context, _ = self.new_context(scheme=scheme, viewport=viewport, allow=allow)
        page = context.new_page()
        page.goto(self.url(path))
        return page

    def watch_of(self, page: Page) -> Watch:
        return next(watch for context, watch in self._opened if context is page.context)

    def close(self) -> list[str]:
        """Close every context; return what went wrong on them."""
        problems = []
        for context, watch in self._opened:
            with suppress(PlaywrightError):  # already closed by the test
                context.close()
            problems.extend(watch.problems)
        self._opened.clear()
        return problems


def wait_for_material(page: Page) -> None:
    """Material's bundle has mounted every component of the page.

    Its last step publishes the mounted components as ``window.component$``.
    """
    page.wait_for_function("() => window.component$ !== undefined")


def wait_for_search_index(page: Page, language: Language) -> None:
    """Material says the search is ready once its worker has loaded the index.

    The index loads only once the reader starts to search (focus in the field).
    """
    expect(page.locator(".md-search-result__meta")).to_have_text(language.search_ready)


def search(page: Page, language: Language) -> list[SearchHit]:
    """Type the language's query as a reader does; the results once its section shows up."""
    return search_for(page, language.query, language.section)


def search_for(page: Page, query: str, section: str) -> list[SearchHit]:
    """Type ``query`` as a reader does and return the results once ``section`` shows up."""
    field = page.locator(".md-search__input")
    if not field.is_visible():  # on a phone the search field sits behind an icon
        page.locator('label.md-header__button[for="__search"]').click()
    field.click()
    field.press_sequentially(query)
    # Material searches on keyup. Chinese arrives through an input method as
    # text without key events, and the reader's commit key gives the keyup;
    # a key that leaves the text unchanged plays that part.
    field.press("End")
    expected = page.locator(f'.md-search-result__link[href$="#{quote(section)}"]')
    try:
        expect(expected).to_have_count(1)
    except AssertionError:
        shown = page.locator(".md-search-result").inner_text()
        raise AssertionError(
            f"search for {query!r} did not show #{section}; it shows: {shown!r}"
        ) from None
    hits = page.locator(".md-search-result__list .md-search-result__link").evaluate_all(
        """links => links.map(a => ({
            href: a.href,
            title: (a.querySelector("h1, h2")?.textContent || "").replace(/\\u200b/g, ""),
        }))"""
    )
    return [SearchHit(hit["href"], hit["title"].strip()) for hit in hits]


def follow_result(page: Page, hits: list[SearchHit], section: str) -> None:
    """Click the search result that leads to ``section``, as a reader does."""
    target = next(hit for hit in hits if hit.anchor == section)
    link = page.locator(f'.md-search-result__link[href$="#{quote(section)}"]')
    if not link.is_visible():  # further matches on a page sit in a collapsed "more" list
        page.locator(".md-search-result__more > summary").first.click()
    link.click()
    # The list may be drawn again while the reader's query settles, with other
    # words to highlight in ?h=: the place is the page and the section.
    page.wait_for_url(lambda url: same_place(url, target.href))


def same_place(url: str, other: str) -> bool:
    """Whether two URLs open the same section of the same page, whatever their query."""
    a, b = urlsplit(url), urlsplit(other)
    return (a.netloc, a.path, unquote(a.fragment)) == (b.netloc, b.path, unquote(b.fragment))


def section_headings(page: Page) -> list[tuple[str, str]]:
    """(id, text) of each h2 section of the open page, as the reader reads its heading."""
    found = page.locator(".md-content article h2[id]").evaluate_all(
        """headings => headings.map(h => {
            const copy = h.cloneNode(true)
            copy.querySelectorAll(".headerlink").forEach(link => link.remove())
            return [h.id, copy.textContent.trim()]
        })"""
    )
    return [(section, text) for section, text in found]


def section_to_search(page: Page) -> tuple[str, str]:
    """(id, heading) of the h2 section whose heading has the most words, the last of equals.

    Searching a heading finds its section; the more words, the surer some of
    them are marked on the page the result opens (Material marks the stemmed
    words, and a stem is not always the start of its word: summary, summari).
    """
    headings = section_headings(page)
    assert headings, f"{page.url} has no h2 section"
    return max(reversed(headings), key=lambda found: len(found[1].split()))


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot (the whole page, or what the reader sees) for people and CI."""
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=target, full_page=full_page, animations="disabled")
    return target


def find_chromium(playwright_chromium_path: str) -> str | None:
    if DEBIAN_CHROMIUM.is_file():
        return str(DEBIAN_CHROMIUM)
    if playwright_chromium_path and Path(playwright_chromium_path).is_file():
        return playwright_chromium_path
    return shutil.which("chromium") or shutil.which("chromium-browser")
