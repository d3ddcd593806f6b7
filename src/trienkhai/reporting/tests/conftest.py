"""The reporting tests' world (``world.py``), built once for a module whose database tests all
ask for it, inside the module's transaction (root conftest: ``build_once``); each test gets its
own copy. Elsewhere it is built for each test.

The cache is emptied for each test: results are cached under the data version (the last audit
event's id), which every test of a module shares when the world is built once.
"""

import pytest
from django.core.cache import cache

from .world import World, make_world


@pytest.fixture(scope="module")
def shared_world(shared_tree, build_once) -> World | None:
    return build_once("world", lambda: make_world(shared_tree))


@pytest.fixture
def world(shared_world, tree, own_copy) -> World:
    cache.clear()
    return make_world(tree) if shared_world is None else own_copy(shared_world)
