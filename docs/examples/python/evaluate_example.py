#!/usr/bin/env python3
"""Posts an evaluation to listguard and prints the decision and each record's verdict.

Python 3 standard library only (urllib, json). From the repository's top directory:

    LISTGUARD_KEY=lg_... python3 docs/examples/python/evaluate_example.py [request.json]

LISTGUARD_URL is the service's address (default http://localhost:8080); the request defaults to
docs/examples/evaluation-request.json. Exit code 0 once the service has answered an evaluation, 1 otherwise.
"""
import json
import os
import sys
import urllib.error
import urllib.request


def main():
    base = os.environ.get("LISTGUARD_URL", "http://localhost:8080").rstrip("/")
    key = os.environ.get("LISTGUARD_KEY", "").strip()
    if not key:
        print("Set LISTGUARD_KEY to an API key with the EVALUATOR role.", file=sys.stderr)
        return 1
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "evaluation-request.json")
    with open(path, "rb") as f:
        body = f.read()

    request = urllib.request.Request(base + "/api/v1/evaluations", data=body, method="POST", headers={
        "Authorization": "Bearer " + key,
        "Content-Type": "application/json",
        "Accept": "application/json",
    })
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            result = json.load(response)
    except urllib.error.HTTPError as e:
        # errors are RFC 9457 problem documents: title, detail, and a stable code
        print("HTTP %d: %s" % (e.code, e.read().decode("utf-8", "replace")), file=sys.stderr)
        return 1
    except urllib.error.URLError as e:
        print("Cannot reach %s: %s" % (base, e.reason), file=sys.stderr)
        return 1

    print("decision: %s (policy version %s)" % (result["decision"], result["policyVersion"]["id"]))
    for record in result["records"]:
        if record["contactable"]:
            print("%s: contactable" % record["id"])
        else:
            print("%s: excluded (%s)" % (record["id"], ", ".join(record["reasons"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
