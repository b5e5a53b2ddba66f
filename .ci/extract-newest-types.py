#!/usr/bin/env python3
"""Bring assets/connection-strategies.json up to Auth0's newest Management API types.

What it does
    The extract made by .ci/extract-strategy-options.py comes from the OpenAPI
    document of August 2026. Auth0's node SDK `auth0` 7.1.0 (npm registry,
    published 2026-09-16) carries newer types, generated from a newer document:
    more strategies, wider enums (DPoP ES384/ES512), new options (pushed
    authorization requests, SAML discovery_url and oidc_metadata, …). This
    script reads that package's TypeScript declarations and, in place:
      strategies   appends the strategies the newest ConnectionIdentityProviderEnum
                   adds (they get no options schema: their options are open)
      schemas      for every options schema the extract has (ConnectionOptionsOkta,
                   …, matched to the SDK interface of the same name, case aside),
                   each property whose SDK type is a closed enum gets the SDK's
                   values where the extract had an enum, and each property the
                   extract lacks is added with the SDK's type (boolean, string,
                   number, string array, enum, or an open object); nested
                   objects the extract has are walked the same way
      newest_types what was read (package, file, date) and every change made,
                   so a reviewer sees the whole delta
    Nothing the extract types is loosened to an open type, and no enum is added
    where the extract typed a free string: the SDK only widens or adds.

Where the input comes from
    npm pack auth0@7.1.0   (from the npm registry; 2026-09-16)
    tar xzf auth0-7.1.0.tgz
    file: package/dist/cjs/management/api/types/types.d.ts

How to run it (developers only; never at build or test time)
    python3 .ci/extract-newest-types.py PATH/TO/types.d.ts [EXTRACT.json]
    Run it after .ci/extract-strategy-options.py (which rewrites the extract
    from the OpenAPI document alone). Deterministic output (keys sorted).
"""

import importlib.util
import json
import os
import re
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "assets", "connection-strategies.json")
SOURCE = (
    "Auth0 node SDK auth0 7.1.0 (npm registry, published 2026-09-16), "
    "dist/cjs/management/api/types/types.d.ts"
)
EXTRACTED = "2026-12-07"
MAX_DEPTH = 4


def parse(text):
    enums, aliases, interfaces = {}, {}, {}
    for m in re.finditer(r"export declare const (\w+): \{([^}]*)\};", text):
        vals = re.findall(r'readonly \w+: "([^"]*)";', m.group(2))
        if vals:
            enums[m.group(1)] = vals
    for m in re.finditer(r"^export type (\w+) = ([^;]+);", text, re.M):
        aliases[m.group(1)] = m.group(2).strip()
    for m in re.finditer(r"^export interface (\w+)(?: extends ([^{]+))? \{\n", text, re.M):
        name, ext = m.group(1), m.group(2)
        # The body: to the matching brace.
        depth, i = 1, m.end()
        while depth and i < len(text):
            c = text[i]
            depth += c == "{"
            depth -= c == "}"
            i += 1
        body = text[m.end() : i - 1]
        # Drop comments, then read `key?: Type | undefined;` at depth 0.
        body = re.sub(r"/\*\*.*?\*/", "", body, flags=re.S)
        props = {}
        for pm in re.finditer(r"^    \"?([\w$-]+)\"?(\??): ([^;\n]+);$", body, re.M):
            props[pm.group(1)] = pm.group(3).strip()
        bases = [b.strip().replace("Management.", "") for b in ext.split(",")] if ext else []
        interfaces[name] = (bases, props)
    return enums, aliases, interfaces


def all_props(interfaces, name, seen=None):
    seen = seen or set()
    if name in seen or name not in interfaces:
        return {}
    seen.add(name)
    bases, props = interfaces[name]
    out = {}
    for b in bases:
        out.update(all_props(interfaces, b, seen))
    out.update(props)
    return out


def resolve(t, enums, aliases, interfaces, depth=0):
    """A compact node for a TypeScript type, or None when it says nothing."""
    parts = [p.strip() for p in t.split("|") if p.strip() not in ("undefined", "null")]
    if len(parts) != 1 or depth > MAX_DEPTH:
        return None
    t = parts[0].replace("Management.", "")
    if t.endswith("[]"):
        item = resolve(t[:-2], enums, aliases, interfaces, depth + 1)
        node = {"type": ["array"]}
        if item and "enum" in item:
            node["items"] = item
        return node
    if t == "boolean":
        return {"type": ["boolean"]}
    if t == "string":
        return {"type": ["string"]}
    if t == "number":
        return {"type": ["number"]}
    if t.startswith("Record<"):
        return {"type": ["object"]}
    m = re.match(r"\(typeof (\w+)\)\[keyof typeof \w+\]$", t)
    if m:
        t = m.group(1)
    if t in enums:
        return {"type": ["string"], "enum": enums[t]}
    if t in aliases:
        return resolve(aliases[t], enums, aliases, interfaces, depth + 1)
    if t in interfaces:
        return {"type": ["object"], "interface": t}
    return None


def patch(node, iface, enums, aliases, interfaces, where, changes, depth=0):
    props = node.setdefault("properties", {}) if node.get("type") in (None, ["object"]) else None
    if props is None or depth > MAX_DEPTH:
        return
    for key, t in sorted(all_props(interfaces, iface).items()):
        new = resolve(t, enums, aliases, interfaces)
        if new is None:
            continue
        path = f"{where}/{key}"
        old = props.get(key)
        if old is None:
            added = {k: v for k, v in new.items() if k != "interface"}
            props[key] = added
            changes.append({"path": path, "added": added})
            continue
        if "enum" in new and "enum" in old and old["enum"] != new["enum"]:
            wider = old["enum"] + [v for v in new["enum"] if v not in old["enum"]]
            if wider != old["enum"]:
                changes.append({"path": path, "enum": {"was": old["enum"], "now": wider}})
                old["enum"] = wider
        if "interface" in new and isinstance(old, dict) and "properties" in old:
            patch(old, new["interface"], enums, aliases, interfaces, path, changes, depth + 1)


def dump(value):
    """The layout .ci/extract-strategy-options.py writes (its `dump`)."""
    spec = importlib.util.spec_from_file_location(
        "extract", os.path.join(REPO_ROOT, ".ci", "extract-strategy-options.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.dump(value)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    dts = open(sys.argv[1], encoding="utf-8").read()
    output = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    extract = json.load(open(output, encoding="utf-8"))
    enums, aliases, interfaces = parse(dts)
    by_lower = {n.lower(): n for n in interfaces}
    changes = []
    newest = enums["ConnectionIdentityProviderEnum"]
    added_strategies = [s for s in newest if s not in extract["strategies"]]
    extract["strategies"] = extract["strategies"] + added_strategies
    for name in sorted(extract["schemas"]):
        iface = by_lower.get(name.lower())
        if not iface or not name.startswith("ConnectionOptions"):
            continue
        patch(extract["schemas"][name], iface, enums, aliases, interfaces, name, changes)
    extract["newest_types"] = {
        "source": SOURCE,
        "extracted": EXTRACTED,
        "generated_by": ".ci/extract-newest-types.py",
        "added_strategies": added_strategies,
        "changes": changes,
    }
    with open(output, "w", encoding="utf-8") as f:
        f.write(dump(extract) + "\n")
    print(f"{len(added_strategies)} strategies, {len(changes)} changes", file=sys.stderr)


if __name__ == "__main__":
    main()
