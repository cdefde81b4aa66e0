"""Theme templates compiled once per process and shared by every Jinja environment.

Not a hook itself: template_cache.py gives each of the theme's environments
``SHARED`` as its bytecode cache. It lives in this module, which Python
imports once, because MkDocs loads each hook afresh with every config.
"""

from __future__ import annotations

from types import CodeType

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket


def syntax(environment: Environment) -> tuple[object, ...]:
    """What changes how a template compiles: its delimiters, options and extensions."""
    return (
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        repr(environment.autoescape),
        tuple(sorted(environment.extensions)),
    )


class SharedBytecode(BytecodeCache):
    """Compiled templates by syntax, template file and source checksum, kept in memory.

    A template whose source changed has a new checksum, so it is compiled again.
    """

    def __init__(self) -> None:
        self.codes: dict[tuple[object, ...], CodeType] = {}

    def key(self, bucket: Bucket) -> tuple[object, ...]:
        return (syntax(bucket.environment), bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self.codes.get(self.key(bucket))

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.codes[self.key(bucket)] = bucket.code


SHARED = SharedBytecode()
