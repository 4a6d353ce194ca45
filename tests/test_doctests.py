"""The examples in the code's docstrings (`>>>`) run as tests: an example that no longer holds fails here instead
of misleading the next reader."""

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("chat", "index", "ingest", "eval")


def _modules():
    for package in PACKAGES:
        pkg = importlib.import_module(package)
        for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{package}."):
            yield info.name


@pytest.mark.parametrize("name", sorted(_modules()))
def test_docstring_examples(name):
    try:
        module = importlib.import_module(name)
    except ImportError as e:  # an optional extra's module (the MCP server, the PostgreSQL store…)
        pytest.skip(f"{name}: {e}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples failed"
