"""Requests a page through Django's test client under callgrind (see scripts/count_instructions).

Three requests warm the process (imports, templates, kept values); callgrind counts only the
REQUESTS after them, switched on and off with callgrind_control.
"""

import os
import subprocess
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
django.setup()

from django.test import Client, override_settings  # noqa: E402


def main(url, requests):
    # CACHED=1 counts the page served from the page cache (kept by the warm-up requests).
    cached = os.environ.get("CACHED") == "1"
    with override_settings(DEBUG=False, PAGE_CACHE=cached, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        for _ in range(3):
            response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
        switch("on")
        for _ in range(requests):
            client.get(url)
        switch("off")


def switch(state):
    subprocess.run(["callgrind_control", "--instr=" + state, str(os.getpid())], check=True, capture_output=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
