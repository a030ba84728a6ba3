import json
from pathlib import Path

import pytest

#: The Big List of Naughty Strings (MIT licence, tests/data/blns.LICENSE).
BLNS_PATH = Path(__file__).resolve().parent / "data" / "blns.json"


def load_blns():
    """The Big List of Naughty Strings, kept in tests/data/."""
    return json.loads(BLNS_PATH.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def blns():
    return load_blns()


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """The test client; its force_login passes the second login step too
    (tests/two_factor_helpers.py)."""
    from .two_factor_helpers import Client

    return Client()


@pytest.fixture
def role_user(db):
    """Make a staff user holding one of the newsroom's roles."""
    from .factories import UserFactory

    def make(role, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def role_groups(transactional_db):
    """A transactional test's database (and a live server's) is flushed
    between tests, and with it the role groups the data migration made:
    make them again (permissions come back with Django's post-migrate
    signal)."""
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import sync_roles

    sync_roles(Group, Permission)


@pytest.fixture
def superuser(db):
    from .factories import UserFactory

    return UserFactory(username="boss", is_superuser=True)
