import pytest

import index


@pytest.fixture(scope="session")
def retriever(bundled_doc, tmp_path_factory):
    """The real default retriever over the bundled resolution (built once per test session)."""
    return index.Retriever(index.build(list(bundled_doc.clauses), out_dir=tmp_path_factory.mktemp("chat") / "idx"))
