"""A small reusable test mixin (NetBox style): every API resource gets the same checks.

Subclasses set the resource's path, a detail key, expected counts, a filter that narrows the
list, an ordering name, and the expected status of a write per role.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

API = "/api/v1"


class ApiResourceTests:
    max_page_size = 100  # what page_size may ask for at most
    resource: str = ""
    detail_key: str = ""
    detail_field: str = "code"
    min_count: int = 1
    filter_params: dict = {}
    filter_count: int | None = None
    ordering: str = ""
    write_body: dict | None = None  # POST body for the permission cells, or None if read-only
    write_status: dict = {}  # role -> expected status for POST

    def url(self, suffix=""):
        return f"{API}/{self.resource}{suffix}"

    def test_list_is_public_paginated_and_dutch(self, client, plan):
        response = client.get(self.url())
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"aantal", "volgende", "vorige", "resultaten"}
        assert body["aantal"] >= self.min_count
        assert response["API-Version"] == "1.5.0"
        assert response.has_header("ETag")

    def test_detail(self, client, plan):
        response = client.get(self.url(f"/{self.detail_key}"))
        assert response.status_code == 200, response.content
        assert str(response.json()[self.detail_field]) == self.detail_key
        missing = client.get(self.url("/bestaat-niet-9.9"))
        assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"

    def test_filter_narrows_the_list(self, client, plan):
        if not self.filter_params:
            return
        everything = client.get(self.url()).json()["aantal"]
        narrowed = client.get(self.url(), self.filter_params).json()["aantal"]
        assert narrowed < everything or everything == narrowed == self.filter_count
        if self.filter_count is not None:
            assert narrowed == self.filter_count

    def test_ordering_both_ways_and_unknown_field(self, client, plan):
        if not self.ordering:
            return
        up = client.get(self.url(), {"sorteer": self.ordering, "page_size": 100}).json()[
            "resultaten"
        ]
        down = client.get(self.url(), {"sorteer": f"-{self.ordering}", "page_size": 100}).json()[
            "resultaten"
        ]
        assert up and down and up[0] != down[0]  # reversing the order changes what comes first
        bad = client.get(self.url(), {"sorteer": "onzin"})
        assert bad.status_code == 400 and bad.json()["invalid-params"][0]["name"] == "sorteer"

    def test_pagination_has_a_maximum(self, client, plan):
        page = client.get(self.url(), {"page_size": 1})
        assert len(page.json()["resultaten"]) <= 1
        self.grow()  # past one page of 100, so the maximum is really tested
        big = client.get(self.url(), {"page_size": 10_000}).json()
        assert big["aantal"] > 100, self.resource
        assert len(big["resultaten"]) == min(self.max_page_size, big["aantal"])
        assert bool(big["volgende"]) == (big["aantal"] > self.max_page_size)

    def test_updated_since_and_conditional_get(self, client, plan):
        future = client.get(self.url(), {"gewijzigd_sinds": "2999-01-01T00:00:00Z"}).json()
        assert future["aantal"] == 0
        assert client.get(self.url(), {"gewijzigd_sinds": "gisteren"}).status_code == 400
        first = client.get(self.url())
        again = client.get(self.url(), HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304

    def test_no_trailing_slash(self, client, plan):
        assert client.get(self.url("/")).status_code == 404

    def test_write_permission_cells(self, request, client, plan):
        if self.write_body is None:
            assert client.post(self.url(), {}, content_type="application/json").status_code in (
                401,
                403,
                405,
            )
            return
        for role, expected in self.write_status.items():
            client.logout()
            if role != "anonymous":
                client.force_login(request.getfixturevalue(role))
            response = client.post(self.url(), self.write_body, content_type="application/json")
            assert response.status_code == expected, (
                role,
                response.status_code,
                response.content[:300],
            )
            if expected >= 400:
                assert response["Content-Type"] == "application/problem+json"

    def test_list_query_count_is_flat(self, client, plan):
        with CaptureQueriesContext(connection) as small:
            client.get(self.url(), {"page_size": 100})
        self.grow()
        with CaptureQueriesContext(connection) as large:
            client.get(self.url(), {"page_size": 100})
        assert len(small.captured_queries) == len(large.captured_queries), self.resource

    def grow(self):
        """Add rows past one page (100) so the query-count and paging tests see growth;
        10x demo data by default (figures and updates). Other resources add their own."""
        import datetime as dt

        from monitoring.services.demo import seed_demo

        seed_demo(scale=10, today=dt.date(2026, 11, 23))


def clone(model, n: int, **fields) -> None:
    """Add n copies of the model's first row, each with `fields` set by name -> f(i), so a
    collection grows past one page with valid rows."""
    import copy

    template = model.objects.order_by("pk").first()
    rows = []
    for i in range(n):
        row = copy.copy(template)
        row.pk = None
        row._state.adding = True
        for name, make in fields.items():
            setattr(row, name, make(i))
        rows.append(row)
    model.objects.bulk_create(rows)
