"""The site's pages in every language, from docs/ and the nav in mkdocs.yml.

Every tool that loops over pages (parity, freshness, the site and browser
tests, Lighthouse) asks here, so adding a page means two files, a nav line
and the translation record, and nothing else. A page that exists in one
language only must be listed in mkdocs.yml as untranslated on purpose::

    extra:
      untranslated:
        - zh/notes.md
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from guide.render import ConfigError, find_config, read_config

CONFIG_NAME = "mkdocs.yml"
UNTRANSLATED_KEY = "untranslated"


@dataclass(frozen=True)
class Language:
    locale: str
    name: str
    default: bool
    folder: Path  # docs/<locale>
    prefix: str  # '' for the default language, else '<locale>/'


@dataclass(frozen=True)
class PagePair:
    """One page of the site: its file in the default language and in the other one."""

    name: str  # path below the language folder, as the nav names it: 'index.md'
    original: Path | None
    translation: Path | None


@dataclass
class SitePages:
    root: Path
    languages: list[Language]
    pairs: list[PagePair]
    problems: list[str] = field(default_factory=list)
    use_directory_urls: bool = True

    @property
    def default(self) -> Language:
        return next(language for language in self.languages if language.default)

    @property
    def translated(self) -> list[PagePair]:
        """Pairs that have both files: the ones parity and freshness compare."""
        return [p for p in self.pairs if p.original is not None and p.translation is not None]

    def language(self, locale: str) -> Language:
        return next(language for language in self.languages if language.locale == locale)

    def url(self, pair: PagePair, locale: str) -> str:
        """The page's path below the site root: '', 'plus/', 'en/', 'en/plus/'."""
        return self.language(locale).prefix + page_url(pair.name, self.use_directory_urls)

    def urls(self) -> list[tuple[str, str]]:
        """(locale, url) of every built page."""
        found = []
        for pair in self.pairs:
            for language in self.languages:
                path = pair.original if language.default else pair.translation
                if path is not None:
                    found.append((language.locale, self.url(pair, language.locale)))
        return found


def project_root(start: Path | None = None) -> Path:
    """The project a command works on: the mkdocs.yml at or above ``start`` (the cwd)."""
    return find_config(start or Path.cwd()).parent


def page_url(name: str, use_directory_urls: bool = True) -> str:
    path = PurePosixPath(name)
    stem_path = path.with_suffix("")
    if not use_directory_urls:
        return stem_path.as_posix() + ".html"
    if path.stem in ("index", "README"):
        parent = stem_path.parent.as_posix()
        return "" if parent == "." else parent + "/"
    return stem_path.as_posix() + "/"


def i18n_languages(data: dict[str, Any], docs: Path, config_file: Path) -> list[Language]:
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            options = plugin["i18n"] or {}
            break
    else:
        locale = str((data.get("theme") or {}).get("language", "en"))
        return [Language(locale, locale, True, docs, "")]
    entries = options.get("languages") or []
    languages = []
    for entry in entries:
        if not isinstance(entry, dict) or "locale" not in entry:
            raise ConfigError(f"{config_file}: 'plugins.i18n.languages': each needs a 'locale'")
        if entry.get("build", True) is False:
            continue
        locale = str(entry["locale"])
        default = bool(entry.get("default"))
        languages.append(
            Language(locale, str(entry.get("name", locale)), default, docs / locale, "")
        )
    if sum(language.default for language in languages) != 1:
        raise ConfigError(f"{config_file}: 'plugins.i18n.languages' needs exactly one default")
    return [
        Language(x.locale, x.name, x.default, x.folder, "" if x.default else f"{x.locale}/")
        for x in sorted(languages, key=lambda x: not x.default)
    ]


def nav_pages(nav: Any) -> list[str]:
    """Every local Markdown page the nav names, in nav order."""
    found: list[str] = []
    if isinstance(nav, str):
        if nav.endswith(".md") and "://" not in nav:
            found.append(nav)
    elif isinstance(nav, list):
        for item in nav:
            found.extend(nav_pages(item))
    elif isinstance(nav, dict):
        for value in nav.values():
            found.extend(nav_pages(value))
    return found


def markdown_files(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md") if p.is_file())


def site_pages(root: Path) -> SitePages:
    """The pages of the project at ``root``; ConfigError when mkdocs.yml cannot say."""
    config_file = root / CONFIG_NAME
    data = read_config(config_file)
    docs = root / str(data.get("docs_dir", "docs"))
    languages = i18n_languages(data, docs, config_file)
    pages = SitePages(root, languages, [], use_directory_urls=data.get("use_directory_urls", True))
    untranslated = set((data.get("extra") or {}).get(UNTRANSLATED_KEY) or [])
    in_nav = nav_pages(data.get("nav"))
    names = list(dict.fromkeys(in_nav))
    for language in languages:
        names.extend(n for n in markdown_files(language.folder) if n not in names)
    for name in names:
        pages.pairs.append(pair_for(name, languages, pages.problems, untranslated, root))
        if data.get("nav") is not None and name not in in_nav:
            shown = ", ".join(
                str((x.folder / name).relative_to(root))
                for x in languages
                if (x.folder / name).is_file()
            )
            pages.problems.append(f"{shown}: not in the nav of {CONFIG_NAME}: add '- {name}'")
    return pages


def pair_for(
    name: str, languages: list[Language], problems: list[str], untranslated: set[str], root: Path
) -> PagePair:
    files = {x.locale: x.folder / name for x in languages}
    present = {locale: path for locale, path in files.items() if path.is_file()}
    default = languages[0]
    if not present:
        problems.append(f"{CONFIG_NAME}: the nav names {name}, but no language has that page")
    for language in languages:
        if language.locale in present or not present:
            continue
        have = next(iter(present.values()))
        if f"{next(iter(present))}/{name}" in untranslated:
            continue
        missing = files[language.locale].relative_to(root)
        problems.append(
            f"{have.relative_to(root)}: has no {language.name} counterpart {missing}: "
            f"translate it, or list '{next(iter(present))}/{name}' under "
            f"extra.{UNTRANSLATED_KEY} in {CONFIG_NAME}"
        )
    others = [x for x in languages if not x.default]
    translation = present.get(others[0].locale) if others else None
    return PagePair(name, present.get(default.locale), translation)
