"""The study world of ``test_services_builders.make_study``, built once for a module whose
database tests all ask for it, inside the module's transaction (root conftest: ``build_once``);
each test gets its own copy. Elsewhere it is built for each test.
"""

import pytest

from .test_services_builders import Study, make_study


@pytest.fixture(scope="module")
def shared_study(shared_tree, build_once) -> Study | None:
    return build_once("study", lambda: make_study(shared_tree))


@pytest.fixture
def study(shared_study, tree, own_copy) -> Study:
    return make_study(tree) if shared_study is None else own_copy(shared_study)
