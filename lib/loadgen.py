"""How many requests a second a server answers: ``python -m lib.loadgen --seconds 2 URL [URL ...]``.

Each URL in turn gets ``--concurrency`` threads sending GETs over keep-alive connections for
``--seconds``; prints one JSON object: {url: {"requests": n, "errors": n, "seconds": s}}.
Standard library only, and run as its own process by benchmark_pages so that the client does not
share the server's interpreter lock. A Python client is slower than ab or wrk: on a small machine
it caps the fastest responses, so compare rates measured with it only with each other.
"""

import argparse
import http.client
import json
import threading
import time
import urllib.parse


def hammer(url, seconds, concurrency):
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    counts = {"requests": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        done = errors = 0
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.perf_counter() < deadline:
            try:
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    done += 1
                else:
                    errors += 1
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
        connection.close()
        with lock:
            counts["requests"] += done
            counts["errors"] += errors

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {**counts, "seconds": time.perf_counter() - started}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=4)
    options = parser.parse_args(argv)
    results = {url: hammer(url, options.seconds, options.concurrency) for url in options.urls}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
