"""config.redis_cache: Django's Redis cache with one redis-py client per connection pool, on
a real Redis server (skipped on a machine without one, except in CI)."""

import os
import uuid

import pytest
import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from config.redis_cache import RedisCache

LOCATION = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/10")


@pytest.fixture
def store():
    try:
        redis.Redis.from_url(LOCATION, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        missing = f"no Redis at {LOCATION} (set TEST_REDIS_URL to another)"
        if os.environ.get("CI"):
            # CI's machine runs Redis: there, the backend production uses must be proven.
            pytest.fail(missing)
        pytest.skip(missing)
    prefix = f"test-{uuid.uuid4().hex}"
    cache = RedisCache(LOCATION, {"KEY_PREFIX": prefix})
    yield cache
    client = redis.Redis.from_url(LOCATION)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_every_call_shares_one_client(store):
    client = store._cache.get_client()
    store.set("a", 1)
    assert store.get("a") == 1
    assert store._cache.get_client(write=True) is client
    assert store._cache.get_client("a") is client


def test_it_stores_and_reads_as_django_s_backend_does(store):
    django_s = DjangoRedisCache(LOCATION, {"KEY_PREFIX": store.key_prefix})
    store.set("essay", {"title": "Lost Track"}, timeout=60)
    store.set_many({"one": 1, "two": [2]})
    assert django_s.get("essay") == {"title": "Lost Track"}
    assert django_s.get_many(["one", "two"]) == {"one": 1, "two": [2]}
    assert store.add("one", 5) is False and store.incr("one") == 2
    assert store.delete("essay") and store.get("essay", "gone") == "gone"
