#!/usr/bin/env python3
"""Smoke tests after a hotfix (the seed's scripts/deployment/smoke_tests.py).

Run by `hypercare hotfix deploy` as its smoke step. In the demo it asks the stand-in cluster
instead of calling the endpoints: the component must run the image of the tag being deployed
($HYPERCARE_TAG). STAND_IN_FAIL=smoke makes the endpoints answer 502, as a broken release would.
"""
import argparse
import os
import subprocess
import sys

ENDPOINTS = {
    "odoo": ["/web/health", "/web/login"],
    "api": ["/api/v1/health", "/api/v1/orders?limit=1"],
    "frontend": ["/", "/static/js/app.js"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--component", required=True, choices=sorted(ENDPOINTS))
    args = parser.parse_args()
    asked = subprocess.run(
        ["kubectl", "get", "deployment", args.component, "-n", "smart-dairy", "-o",
         "jsonpath={.spec.template.spec.containers[0].image}"],
        capture_output=True, text=True, check=False)
    if asked.returncode != 0:
        print(f"FAIL  cannot ask the cluster: {asked.stderr.strip()}", file=sys.stderr)
        return 1
    running = asked.stdout.strip()
    tag = os.environ.get("HYPERCARE_TAG", "")
    if tag and not running.endswith(":" + tag):
        print(f"FAIL  {args.component} runs {running}, not {tag}", file=sys.stderr)
        return 1
    broken = "smoke" in os.environ.get("STAND_IN_FAIL", "").split(",")
    for path in ENDPOINTS[args.component]:
        if broken:
            print(f"FAIL  GET {path} -> 502 Bad Gateway", file=sys.stderr)
            return 1
        print(f"ok    GET {path} -> 200")
    print(f"smoke tests passed: {args.component} runs {running}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
