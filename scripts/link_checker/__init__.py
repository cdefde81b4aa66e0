"""Check the guide's external links and give each one verdict with a reason.

The package is split by job:

- ``extract``  finds every link a reader can open (and its ``file:line``) in HTML,
               streamed, and says why each other href/src is skipped;
- ``markdown`` reads Markdown pages as MkDocs renders them (the shared page reader);
- ``files``    reads only regular files, each within a size cap;
- ``config``   the ``[tool.check-links]`` keys (one table) and reading them;
- ``urls``     classifies URLs and hosts (malformed, reserved, not globally
               routable, credentials, session parameters);
- ``overrides`` parses ``--resolve`` specs;
- ``resolver`` resolves names, with those overrides, one answer per name and run;
- ``client``   asks the servers, politely and with retries;
- ``rules``    turns what the servers said into a verdict;
- ``network``  tells a dead domain from a machine without network;
- ``runner``   checks host by host, by a deadline; no URL can end the run;
- ``report``   writes text, JSON, Markdown or GitHub annotations;
- ``report_json`` reads the JSON report back (standard library only: the
               site build reads it too);
- ``cli``      is the command line behind ``scripts/check_links.py``.
"""
