"""A small keep-alive HTTP load client: N threads, one persistent connection each, fixed request count or
duration, latencies in milliseconds. Threads suffice: the client waits on sockets while the server works."""

import http.client
import math
import random
import threading
import time


def percentile(values, p):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


class Load:
    def __init__(self, host, port, *, timeout=60):
        self.host, self.port, self.timeout = host, port, timeout

    def _connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def get(self, path, headers, connection=None):
        """One GET: (status, body bytes, milliseconds). Reconnects once when the server closed the socket."""
        own = connection is None
        connection = connection or self._connection()
        for attempt in (1, 2):
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                elapsed = (time.perf_counter() - start) * 1000
                break
            except (http.client.HTTPException, ConnectionError):
                connection.close()
                if attempt == 2:
                    raise
        if own:
            connection.close()
        return response.status, body, elapsed

    def run(self, requests, *, concurrency, total=None, duration=None, seed=14):
        """Send `requests` — a list of (weight, name, path, headers) — from `concurrency` threads, `total`
        requests in all or for `duration` seconds, each pick weighted. Returns ({name: [ms]}, errors, seconds)."""
        weights = [r[0] for r in requests]
        results, errors, lock = {}, [], threading.Lock()
        sent = [0]
        deadline = time.perf_counter() + duration if duration else None

        def worker(index):
            rng = random.Random(seed + index)  # nosec B311 - load pattern, not security
            connection = self._connection()
            mine = {}
            while True:
                with lock:
                    if total is not None and sent[0] >= total:
                        break
                    sent[0] += 1
                if deadline is not None and time.perf_counter() >= deadline:
                    break
                _w, name, path, headers = rng.choices(requests, weights=weights)[0]
                status, _body, ms = self.get(path, headers, connection)
                if status != 200:
                    with lock:
                        errors.append((name, path, status))
                mine.setdefault(name, []).append(ms)
            connection.close()
            with lock:
                for name, values in mine.items():
                    results.setdefault(name, []).extend(values)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results, errors, time.perf_counter() - start
