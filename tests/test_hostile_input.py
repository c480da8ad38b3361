"""What a careless client or an attacker sends gets a 4xx with the site's own page, never a 500.

Every URL pattern is replayed with NUL bytes in each path parameter and in the query, with
malformed percent-encodings, silly page numbers, a form body in a charset Django refuses
(with a plausible CSRF cookie, so the CSRF check reads the body) and an oversized body. The
admin's patterns are sent as a superuser, so the requests reach the changelists, their
filters, the autocomplete and the date hierarchy. Run on PostgreSQL too: it refuses NUL in
text, where SQLite stores it.
"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.factories import (
    ArticleFactory,
    CommentFactory,
    PersonFactory,
    SeriesFactory,
    TagFactory,
    UserFactory,
    WorkFactory,
)

pytestmark = pytest.mark.django_db

CSRF_COOKIE = "A" * 32
QUERY_PARAMETERS = ["q", "page", "cpage", "o", "p", "status", "article", "replyto", "next", "term"]
PAGE_NUMBERS = ["-1", "0", "99999999999999999999999", "1e9", "last", "%00"]
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
# A named group of a regex route, "(?P<key>[-:\w]+)"; its pattern may hold "[^/]" but no ")".
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def routes():
    """Every URL pattern of the site, as written in the URLconfs."""
    return sorted(set(walk(get_resolver().url_patterns)))


def fill(route, value):
    """An address for ``route`` with every parameter set to ``value`` (a string, or a function
    of the route and the parameter's name)."""
    replace = value if callable(value) else (lambda route, name: value)
    # Regex groups first: their "<key>" would otherwise be taken for a route parameter.
    path = REGEX_GROUP.sub(lambda match: replace(route, match["name"]), route)
    path = ROUTE_PARAMETER.sub(lambda match: replace(route, match["name"]), path)
    return "/" + path.replace("^", "").replace("$", "")


@pytest.fixture
def site(db):
    essay = ArticleFactory(
        series=SeriesFactory(),
        works=[WorkFactory()],
        people=[PersonFactory()],
        tags=[TagFactory()],
        authors=[UserFactory(username="critic")],
    )
    CommentFactory(article=essay)
    return essay


@pytest.fixture
def real(site):
    """A function giving each parameter a value that exists, so the sweep reaches the views
    (and their paginators) rather than their 404s."""
    from django.apps import apps

    by_prefix = {
        "essays/": site.slug,
        "people/": site.subject_people.get().slug,
        "works/": site.subject_works.get().slug,
        "series/": site.series.slug,
        "tags/": site.tags.get().slug,
    }

    def value(route, name):
        if name == "slug":
            return next(slug for prefix, slug in by_prefix.items() if route.startswith(prefix))
        if name == "username":
            return "critic"
        if name == "app_label":
            return "reviews"
        if name in ("year", "month"):
            return str(getattr(site.publish_at, name))
        if name == "object_id" and not route.startswith("admin/r/"):
            app_label, model_name = route.split("/")[1:3]
            instance = apps.get_model(app_label, model_name).objects.first()
            return str(instance.pk) if instance else "1"
        if name == "pk" and route.startswith("comments/"):
            return str(site.comments.get().pk)
        return "1"

    return value


def superuser_client():
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def anonymous_client():
    return Client(raise_request_exception=False, enforce_csrf_checks=True)


def client_for(route, clients):
    return clients["staff" if route.startswith(("admin/", "moderation/")) else "anonymous"]


def assert_no_server_error(results):
    failures = [
        f"{status} {method} {address}" for method, address, status in results if status >= 500
    ]
    assert not failures, "\n".join(failures)


@pytest.fixture
def clients(site):
    return {"anonymous": anonymous_client(), "staff": superuser_client()}


def sweep(clients, make_requests):
    results = []
    for route in routes():
        client = client_for(route, clients)
        for method, address, kwargs in make_requests(route):
            response = getattr(client, method)(address, **kwargs)
            results.append((method.upper(), address, response.status_code))
    return results


@pytest.mark.sweep
def test_nul_in_every_path_parameter_answers_400(clients):
    def requests(route):
        if "<" in route or "(?P" in route:
            yield "get", fill(route, "%00"), {}
            yield "get", fill(route, "a%00b"), {}

    results = sweep(clients, requests)
    assert_no_server_error(results)
    assert {status for _, _, status in results} == {400}


@pytest.mark.sweep
def test_nul_in_every_query_parameter_answers_400(clients):
    query = "&".join(f"{name}=%00" for name in QUERY_PARAMETERS)

    def requests(route):
        yield "get", f"{fill(route, '1')}?{query}", {}

    results = sweep(clients, requests)
    assert_no_server_error(results)
    assert {status for _, _, status in results} == {400}


@pytest.mark.sweep
def test_malformed_encodings_and_page_numbers_never_answer_500(clients, real):
    def requests(route):
        address = fill(route, "%ff%fe")
        yield "get", f"{address}?q=%ff%c3%28&page=%e2%82", {}
        for page in PAGE_NUMBERS[:3]:
            yield "get", f"{fill(route, real)}?page={page}&cpage={page}&p={page}", {}

    assert_no_server_error(sweep(clients, requests))


@pytest.mark.sweep
def test_a_latin1_form_with_a_csrf_cookie_never_answers_500(clients, real):
    for client in clients.values():
        client.cookies["csrftoken"] = CSRF_COOKIE

    def requests(route):
        yield (
            "post",
            fill(route, real),
            {
                "data": "login=caf%E9&password=x&csrfmiddlewaretoken=" + CSRF_COOKIE,
                "content_type": "application/x-www-form-urlencoded; charset=latin-1",
            },
        )

    results = sweep(clients, requests)
    assert_no_server_error(results)


@pytest.mark.sweep
def test_an_oversized_body_never_answers_500(clients, real, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    def requests(route):
        yield "post", fill(route, real), {"data": {"body": "x" * 4096}}

    assert_no_server_error(sweep(clients, requests))


@pytest.mark.parametrize(
    "address",
    [
        "/authors/%00/",
        "/authors/%00/feed/",
        "/essays/%00/",
        "/tags/x%00y/feed/atom/",
        "/search/?q=%00",
    ],
)
def test_the_reviewed_nul_addresses_answer_400_with_the_site_page(address, site):
    response = anonymous_client().get(address)
    assert response.status_code == 400
    assert b'class="error-page"' in response.content


@pytest.mark.parametrize(
    "address",
    ["/accounts/login/", "/admin/login/", "/moderation/act/", "essay-comments"],
)
def test_a_latin1_post_answers_400_with_the_site_page(address, site):
    if address == "essay-comments":
        address = f"/essays/{site.slug}/comments/"
    client = anonymous_client()
    client.cookies["csrftoken"] = CSRF_COOKIE
    response = client.post(
        address,
        "login=caf%E9&password=x",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert response.status_code == 400
    assert b'class="error-page"' in response.content


@pytest.mark.parametrize(
    "query",
    [
        "publish_at__year=99999",
        "publish_at__year=2024&publish_at__month=13",
        "publish_at__year=2024&publish_at__month=2&publish_at__day=31",
        "publish_at__year=-1",
    ],
)
def test_an_impossible_date_in_the_admin_date_hierarchy_is_not_a_server_error(query, site):
    response = superuser_client().get(f"/admin/reviews/article/?{query}")
    assert response.status_code in (200, 302, 400, 404)


def test_nul_in_the_admin_autocomplete_answers_400(site):
    response = superuser_client().get(
        "/admin/autocomplete/?term=%00&app_label=reviews&model_name=article&field_name=tags"
    )
    assert response.status_code == 400


@pytest.mark.sweep
def test_undecodable_and_overlong_percent_encodings_never_answer_500(clients):
    # "%zz" is no escape at all; "%c0%af" is an overlong UTF-8 "/", which must never be
    # decoded into a path separator (nor crash the decoder).
    def requests(route):
        for value in ("%zz", "%c0%af", "a%c0%afb"):
            yield "get", f"{fill(route, value)}?q={value}&page={value}&cpage={value}", {}

    assert_no_server_error(sweep(clients, requests))


@pytest.mark.parametrize("query", ["page=99999999999999999999", "cpage=-1", "page=1e9"])
@pytest.mark.parametrize(
    "listing",  # not "page": that is the browser tests' Playwright page
    ["/", "/people/", "/works/", "/series/", "/tags/", "/archive/", "/search/?q=a", "essay"],
)
def test_absurd_page_numbers_on_lists_and_the_essay_page_are_not_server_errors(
    listing, query, site
):
    address = f"/essays/{site.slug}/" if listing == "essay" else listing
    separator = "&" if "?" in address else "?"
    response = anonymous_client().get(f"{address}{separator}{query}")
    assert response.status_code in (200, 404)


@pytest.mark.sweep
@pytest.mark.parametrize("number", PAGE_NUMBERS[:4])
def test_absurd_page_numbers_reach_every_admin_list_without_a_server_error(number, site):
    # On their own: the sweep above sends "page" and "cpage" beside "p", which the admin takes
    # for unknown filters and answers before its paginator reads "p".
    client = superuser_client()
    results = []
    for route in routes():
        if re.fullmatch(r"admin/\w+/\w+/", route):
            address = f"/{route}?p={number}"
            results.append(("GET", address, client.get(address).status_code))
    assert_no_server_error(results)


def oversized_post(address, fields, settings):
    """POST ``fields`` plus a body larger than the site accepts, with a CSRF cookie and token
    that match, so the request gets past the CSRF check to the point of reading the body."""
    client = anonymous_client()
    client.cookies["csrftoken"] = CSRF_COOKIE
    body = {**fields, "csrfmiddlewaretoken": CSRF_COOKIE}
    body["body"] = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    return client.post(address, body)


def test_an_oversized_comment_answers_400_with_the_site_page(site, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    response = oversized_post(
        f"/essays/{site.slug}/comments/",
        {"name": "Reader", "email": "reader@example.org"},
        settings,
    )
    assert response.status_code == 400
    assert b'class="error-page"' in response.content


@pytest.mark.parametrize("address", ["/accounts/login/", "/admin/login/"])
def test_an_oversized_login_answers_400_with_the_site_page(address, site, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    response = oversized_post(address, {"login": "critic", "password": "x"}, settings)
    assert response.status_code == 400
    assert b'class="error-page"' in response.content


def test_a_login_address_for_a_provider_without_credentials_answers_404(site):
    response = anonymous_client().get("/accounts/github/login/?process=login")
    assert response.status_code == 404
