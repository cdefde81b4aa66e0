"""Where blocks of the site's own go: right under the page title.

Not a hook itself: hooks import it. Several hooks put a block under a page's
``<h1>`` (the page's contents, the referral explanation); each call puts its
block first, so of two hooks the later one's block comes first.
"""

from __future__ import annotations

H1_END = "</h1>"


def under_title(content: str, block: str) -> str:
    """The page HTML with ``block`` right under its title (or first, with no title)."""
    end = content.find(H1_END)
    if end < 0:
        return block + content
    end += len(H1_END)
    return content[:end] + "\n" + block + content[end:]
