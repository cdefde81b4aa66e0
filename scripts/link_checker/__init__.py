"""Check the guide's external links and give each one verdict with a reason.

The package is split by job:

- ``extract``  finds external links (and their ``file:line``) in Markdown and HTML;
- ``config``   reads the ``[tool.check-links]`` table of ``pyproject.toml``;
- ``urls``     classifies URLs and hosts (malformed, reserved, private);
- ``resolver`` resolves names, with ``--resolve``-style overrides;
- ``client``   asks the servers, politely and with retries;
- ``rules``    turns what the servers said into a verdict;
- ``network``  tells a dead domain from a machine without network;
- ``runner``   ties these together for one run;
- ``report``   writes text, JSON, Markdown or GitHub annotations;
- ``cli``      is the command line behind ``scripts/check_links.py``.
"""

from link_checker.models import Result, Source, Verdict

__all__ = ["Result", "Source", "Verdict"]
