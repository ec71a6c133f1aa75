"""Blocks that other apps add to the "Ma structure" page (latest articles, upcoming events...), without the catalogue
importing them. An app registers a provider from its ``AppConfig.ready()``::

    from apps_catalog.structure_blocks import register_structure_block

    register_structure_block("articles", latest_articles_block, order=10)

``provider(request) -> dict | None`` returns ``{"template": "...", ...context}`` (rendered below the services with
``block`` in its context), or None to show nothing. A provider must cost a constant number of queries.
"""

from collections.abc import Callable

_providers: dict[str, tuple[int, Callable]] = {}


def register_structure_block(key, provider, order=100):
    _providers[key] = (order, provider)


def unregister_structure_block(key):
    _providers.pop(key, None)


def blocks_for(request) -> list[dict]:
    blocks = []
    for _order, provider in sorted(_providers.values(), key=lambda item: item[0]):
        block = provider(request)
        if block:
            blocks.append(block)
    return blocks
