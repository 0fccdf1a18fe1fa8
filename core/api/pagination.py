from collections import OrderedDict

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class DutchPageNumberPagination(PageNumberPagination):
    """`page` and `page_size` (at most 100); the envelope uses the plan's Dutch terms."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("aantal", self.page.paginator.count),
                    ("volgende", self.get_next_link()),
                    ("vorige", self.get_previous_link()),
                    ("resultaten", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["aantal", "resultaten"],
            "properties": {
                "aantal": {"type": "integer", "example": 86},
                "volgende": {"type": "string", "nullable": True, "format": "uri"},
                "vorige": {"type": "string", "nullable": True, "format": "uri"},
                "resultaten": schema,
            },
        }
