"""Runs the ogctests OGC API - Features Part 1 core suite (PyPI: ogctests) against a
server: python3 run_ogctests.py URL. Exit status 0 when every test passes; one line per
test (PASSED/FAILED/ERROR) on standard output."""
import sys

import httpx
from ogctests.main import run_ogctests

url = sys.argv[1]
with httpx.Client(base_url=url, timeout=60) as client:
    status = run_ogctests("features/core", instance_url=url, test_client=client,
                          flags=["-p", "no:cacheprovider", "-q", "--tb=short", "-rA"])
sys.exit(int(status))
