"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache call, and redis-py
copies its table of about eighty response callbacks into each new one: some 0.1 ms a call
here, paid several times on every page (the page cache, the content version, what
``config.pagecache.kept`` keeps, the session). A ``redis.Redis`` holds no connection of its
own — each command borrows one from the pool — and redis-py documents it as safe to share
between threads, so one per pool serves every call. After a fork (gunicorn's preloaded
workers) the pool notices the new process and opens its own connections.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # Pools live as long as this object, so their ids are never reused for another.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
