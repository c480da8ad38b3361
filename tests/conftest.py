import pytest

from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory()
