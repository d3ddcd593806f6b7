import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The kept files and the progress files of each test in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
