"""The HTTP benchmark (issue 14, `make benchmark`): a realistic dataset in its own database, the real server
(gunicorn) on a free loopback port, driven over HTTP with token auth and concurrency. Not part of the tests.

`dataset` builds the county; `client` is the keep-alive HTTP load client (threads, one connection each);
`manage.py benchmark_http` runs it all and prints per endpoint p50/p95/req/s with the raw SQL of the same
request beside it, the request floor, queries per request and the mixed load, as a table and as JSON.
"""
