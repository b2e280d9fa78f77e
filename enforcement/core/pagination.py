from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page size chosen by the client, capped so that no request can ask for the whole table."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
