"""The API has an access matrix of its own (``api/tests/test_matrix.py``: 401 without a
token, 404 outside the scope, 403 for a role too weak, as problem details): the HTML matrix
leaves the ``api`` namespace to it. The view fuzzer still opens the token page's revoke button
with the token below (a user's own token: another user's is a 404, ``test_tokens.py``)."""

from trienkhai.api.services import create_token


def clerk_a_token(tree):
    token, _secret = create_token(user=tree.clerk_a, name="fuzz")
    return token


OWN_MATRIX = {"api"}
BY_NAME = {"api:token-revoke": clerk_a_token}
