"""What the test run collected, for tests about the suite itself.

tests/conftest.py records it before ``-m`` or ``-k`` leave any test out.
"""

from __future__ import annotations

import pytest

COLLECTED = pytest.StashKey[list[str]]()
