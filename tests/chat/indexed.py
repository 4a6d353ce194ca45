"""The index the added-document tests answer from: the bundled resolution and the documents given, built in a
test's own home folder."""


def index_documents(home, docs) -> tuple:
    """(Settings, index.Retriever) for `docs` (paths) beside the bundled resolution, the index built in `home`."""
    import index
    from chat.retriever import build_index
    from chat.settings import Settings

    settings = Settings(home=home, docs=tuple(str(d) for d in docs))
    return settings, index.Retriever(build_index(settings))
