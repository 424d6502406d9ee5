#!/usr/bin/env python3
"""Fails on top-level keys of a cloud-config that cloud-init's schema does not know.

`cloud-init schema` lets unknown top-level keys through (a misspelt `write_file:` is valid to it
and silently does nothing), so this checks them against the properties of the installed
cloud-init's own schema. Usage: cloud-config-keys.py FILE...
"""
import json
import sys

import yaml

SCHEMA = "/usr/lib/python3/dist-packages/cloudinit/config/schemas/schema-cloud-config-v1.json"


def known_keys(schema):
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                ref = node["$ref"].split("/")[-1]
                walk(schema["$defs"].get(ref, {}))
            keys.update(node.get("properties", {}).keys())
            for k in ("allOf", "anyOf", "oneOf"):
                for sub in node.get(k, []):
                    walk(sub)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    walk(schema)
    return keys


def main(files):
    with open(SCHEMA, encoding="utf-8") as f:
        known = known_keys(json.load(f))
    if len(known) < 50:
        print(f"cloud-config-keys: only {len(known)} keys read from {SCHEMA}", file=sys.stderr)
        return 2
    bad = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        if not isinstance(doc, dict):
            print(f"{path}: not a mapping", file=sys.stderr)
            bad += 1
            continue
        unknown = sorted(set(doc) - known)
        if unknown:
            print(f"{path}: top-level keys cloud-init does not know: {', '.join(unknown)}",
                  file=sys.stderr)
            bad += 1
        else:
            print(f"{path}: {len(doc)} top-level keys, all known to cloud-init")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
