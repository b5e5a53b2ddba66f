#!/usr/bin/env python3
"""Extract per-strategy connection-options schemas from Auth0's Management API OpenAPI.

What it does
    Reads the Auth0 Management API v2 OpenAPI 3.1 document and writes
    assets/connection-strategies.json, a compact, fully resolved summary of:
      strategies          the enum of ConnectionIdentityProviderEnum, in document order
      options_for         strategy -> options schema name, from every
                          CreateConnectionRequestContent<X> (properties.options)
      update_options_for  strategy -> options schema name from
                          UpdateConnectionRequestContent<X>, only where it
                          differs from the create one
      required_options    strategy -> required option keys (the `required` of the
                          resolved options schema after allOf merging); only
                          strategies with a non-empty list appear
      schemas             name -> compact node for every options schema named above,
                          plus CreateConnectionRequestContent and
                          UpdateConnectionRequestContent (with `options` replaced by
                          {"any": true}) and ConnectionOptionsAuth0
    Compact nodes have every $ref expanded inline and allOf merged; a $ref that is
    already being expanded higher up, anything nested deeper than MAX_DEPTH, and
    anything unresolvable becomes {"any": true}.

Where the input comes from
    Auth0 Management API v2 OpenAPI, as mirrored in api-evangelist/auth0
    openapi/_original/auth0-management-api-openapi.yml, updated 2026-08-03.
    A copy lives at ../shared/reference/auth0-management-openapi.yml (next to the
    repository checkout).

How to run it (developers only; never run at build or test time)
    From the repository root, with Python 3 and PyYAML installed:
        python3 .ci/extract-strategy-options.py \
            [INPUT.yml [OUTPUT.json]]
    Defaults: INPUT  = ../shared/reference/auth0-management-openapi.yml
              OUTPUT = assets/connection-strategies.json
    (both relative to the repository root, whatever the current directory).
    Warnings go to stderr; the output is deterministic (keys sorted).
"""

import html
import json
import os
import re
import sys

import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUT = os.path.join(REPO_ROOT, "..", "shared", "reference", "auth0-management-openapi.yml")
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "assets", "connection-strategies.json")

SOURCE = (
    "Auth0 Management API v2 OpenAPI 3.1 (api-evangelist/auth0 "
    "openapi/_original/auth0-management-api-openapi.yml, updated 2026-08-03)"
)
GENERATED_BY = ".ci/extract-strategy-options.py"

MAX_DEPTH = 8  # nodes nested deeper than this become {"any": true}
DESCRIPTION_DEPTH = 2  # descriptions are kept only down to this depth below a top schema
DESCRIPTION_MAX = 140

CREATE_PREFIX = "CreateConnectionRequestContent"
UPDATE_PREFIX = "UpdateConnectionRequestContent"
EXTRA_SCHEMAS = ["ConnectionOptionsAuth0"]

# Property names (compared case-insensitively) whose values are credentials that
# must never be shown or logged in clear. The flag is only set when the property
# can hold a string (so e.g. authentication_methods.password, an object of
# booleans, and ext_access_token, a boolean, are not flagged).
#   client_secret / clientsecret / app_secret / consumer_secret  OAuth client secrets
#   secret                          shared HMAC secret (gateway_authentication)
#   twilio_token, api_key           third-party API credentials
#   access_token / refresh_token,
#   admin_access_token / admin_refresh_token   bearer tokens (google-apps)
#   key / private_key / signing_key PEM private keys (SAML signing_key.key, decryptionKey.key)
#   password                        plain passwords
# Deliberately NOT secret: cert, certs, signingCert, signing_cert, thumbprints,
# *_public_key — these are public X.509 certificates, their fingerprints, or
# booleans requesting public-key scopes; redacting them would hide useful data.
SECRET_NAMES = {
    "client_secret",
    "clientsecret",
    "app_secret",
    "consumer_secret",
    "secret",
    "twilio_token",
    "api_key",
    "access_token",
    "refresh_token",
    "admin_access_token",
    "admin_refresh_token",
    "key",
    "private_key",
    "signing_key",
    "password",
}

COPIED_KEYWORDS = [
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "uniqueItems",
    "pattern",
    "format",
]
LOWER_BOUNDS = {"minLength", "minimum", "exclusiveMinimum", "minItems"}
UPPER_BOUNDS = {"maxLength", "maximum", "exclusiveMaximum", "maxItems"}

ANY = {"any": True}
REF_PREFIX = "#/components/schemas/"


def warn(msg):
    print("warning: " + msg, file=sys.stderr)


class Resolver:
    def __init__(self, schemas):
        self.schemas = schemas

    # ---- raw-level flattening ($ref expansion + allOf merging) ----

    def ref_name(self, ref):
        if isinstance(ref, str) and ref.startswith(REF_PREFIX):
            name = ref[len(REF_PREFIX):]
            if name in self.schemas:
                return name
        return None

    def flatten(self, raw, stack):
        """Return (merged raw schema or None if unresolvable/cyclic, new stack).

        The result has no top-level $ref or allOf. `stack` holds the names of the
        schemas being expanded on the path from the root; names expanded here are
        appended so the caller can pass them on to children."""
        if not isinstance(raw, dict):
            return None, stack
        if "$ref" in raw:
            name = self.ref_name(raw["$ref"])
            if name is None:
                warn("unresolvable $ref %r" % (raw["$ref"],))
                return None, stack
            if name in stack:
                return None, stack
            target, stack = self.flatten(self.schemas[name], stack + (name,))
            if target is None:
                return None, stack
            siblings = {k: v for k, v in raw.items() if k != "$ref"}
            if not siblings:
                return target, stack
            # Sibling keywords (OpenAPI 3.1) refine the target: merge both.
            own, _ = self.flatten(siblings, stack)
            if own is None:
                return target, stack
            merged = merge_raw([target, own])
            if "description" in own:
                merged["description"] = own["description"]
            return merged, stack
        if "allOf" in raw:
            parts = []
            own = {k: v for k, v in raw.items() if k != "allOf"}
            if own:
                parts.append(own)
            # Each part is expanded from the same base stack (two parts may
            # legitimately refer to the same schema); the children of the merged
            # node sit below every schema expanded here.
            below = list(stack)
            for part in raw["allOf"]:
                flat, part_stack = self.flatten(part, stack)
                below.extend(n for n in part_stack if n not in below)
                if flat is not None:
                    parts.append(flat)
            stack = tuple(below)
            merged = merge_raw(parts)
            if "description" in own:
                merged["description"] = own["description"]
            # additionalProperties: false only if any part says false; the
            # node's own `true` must not override a part's false.
            return merged, stack
        return raw, stack

    # ---- compact node ----

    def node(self, raw, depth, stack, name=None):
        if depth > MAX_DEPTH:
            return dict(ANY)
        flat, stack = self.flatten(raw, stack)
        if flat is None:
            return dict(ANY)
        out = {}

        types = flat.get("type")
        if isinstance(types, str):
            types = [types]
        if isinstance(types, list) and types:
            types = list(types)
            if flat.get("nullable") is True and "null" not in types:
                types.append("null")
            out["type"] = types

        if "enum" in flat and isinstance(flat["enum"], list):
            out["enum"] = list(flat["enum"])
        elif "const" in flat:
            out["enum"] = [flat["const"]]

        for key in COPIED_KEYWORDS:
            if key in flat:
                out[key] = flat[key]

        if depth <= DESCRIPTION_DEPTH:
            desc = short_description(flat.get("description"))
            if desc:
                out["description"] = desc

        if flat.get("deprecated") is True or flat.get("x-release-lifecycle") == "deprecated":
            out["deprecated"] = True

        if isinstance(flat.get("items"), dict):
            out["items"] = self.node(flat["items"], depth + 1, stack)

        props = flat.get("properties")
        if isinstance(props, dict) and props:
            out["properties"] = {
                pname: self.node(praw, depth + 1, stack, name=pname)
                for pname, praw in props.items()
            }

        req = flat.get("required")
        if isinstance(req, list) and req:
            out["required"] = list(dict.fromkeys(req))

        addl = flat.get("additionalProperties")
        if addl is False:
            out["additionalProperties"] = False
        elif isinstance(addl, dict):
            sub = self.node(addl, depth + 1, stack)
            if sub != ANY:  # a schema that allows anything is the same as true
                out["additionalProperties"] = sub

        alts = []
        for key in ("oneOf", "anyOf"):
            if isinstance(flat.get(key), list):
                alts.extend(flat[key])
        if alts:
            nodes = [self.node(a, depth + 1, stack) for a in alts]
            if all(is_plain_string_enum(n) for n in nodes):
                values = list(out.get("enum", []))
                for n in nodes:
                    for v in n["enum"]:
                        if v not in values:
                            values.append(v)
                out["enum"] = values
                if "type" not in out:
                    out["type"] = ["string"]
            elif len(nodes) == 1 and nodes[0] != ANY and not (
                set(nodes[0]) & set(out) - {"description", "deprecated"}
            ):
                # A single alternative is the same as the alternative itself.
                for k, v in nodes[0].items():
                    out.setdefault(k, v)
            else:
                out["anyOf"] = nodes

        if name is not None and name.lower() in SECRET_NAMES:
            t = out.get("type")
            if t is None or "string" in t or out.get("anyOf"):
                out["secret"] = True

        return out if out else dict(ANY)


def is_plain_string_enum(n):
    if not isinstance(n.get("enum"), list) or not n["enum"]:
        return False
    if not all(isinstance(v, str) for v in n["enum"]):
        return False
    if set(n) - {"enum", "type", "description", "deprecated"}:
        return False
    return n.get("type", ["string"]) == ["string"]


def merge_raw(parts):
    """Merge flattened (no $ref / allOf) raw schemas of an allOf."""
    out = {}
    props = {}
    required = []
    addl_false = False
    addl_schemas = []
    types = None
    for p in parts:
        for k, v in p.items():
            if k == "properties" and isinstance(v, dict):
                for pname, praw in v.items():
                    if pname in props:
                        props[pname] = {"allOf": [props[pname], praw]}
                    else:
                        props[pname] = praw
            elif k == "required" and isinstance(v, list):
                required.extend(x for x in v if x not in required)
            elif k == "additionalProperties":
                if v is False:
                    addl_false = True
                elif isinstance(v, dict):
                    addl_schemas.append(v)
            elif k == "type":
                t = [v] if isinstance(v, str) else list(v)
                types = t if types is None else [x for x in types if x in t] or types
            elif k == "enum" and "enum" in out:
                out["enum"] = [x for x in out["enum"] if x in v]
            elif k in LOWER_BOUNDS and k in out:
                out[k] = max(out[k], v)
            elif k in UPPER_BOUNDS and k in out:
                out[k] = min(out[k], v)
            elif k == "deprecated":
                out[k] = out.get(k) or v
            elif k in ("oneOf", "anyOf") and k in out:
                # Two parts each with alternatives: keep both as nested allOf alternatives.
                out[k] = [{"allOf": [{"anyOf": out[k]}, {"anyOf": v}]}]
            elif k not in out:
                out[k] = v
    if types is not None:
        out["type"] = types
    if props:
        out["properties"] = props
    if required:
        out["required"] = required
    if addl_false:
        out["additionalProperties"] = False
    elif len(addl_schemas) == 1:
        out["additionalProperties"] = addl_schemas[0]
    else:
        out["additionalProperties"] = True
    return out


_TAG = re.compile(r"<[^>]+>")
_ABBREV = {"e.g", "i.e", "etc", "vs", "approx", "incl", "ex"}


def short_description(desc):
    if not isinstance(desc, str):
        return None
    text = html.unescape(_TAG.sub("", desc))
    text = " ".join(text.split())
    if not text:
        return None
    # First sentence: end at . ! ? followed by whitespace and an upper-case
    # letter / opening bracket / quote, or by end of text; skip abbreviations.
    end = len(text)
    for m in re.finditer(r"[.!?](?=\s+[A-Z(\[\"'`]|\s*$)", text):
        word = re.search(r"(\S+)$", text[: m.start()])
        if m.group() == "." and word and word.group(1).lower().rstrip(".") in _ABBREV:
            continue
        end = m.end()
        break
    text = text[:end].strip()
    if len(text) > DESCRIPTION_MAX:
        cut = text[: DESCRIPTION_MAX - 1]
        if " " in cut:
            cut = cut[: cut.rfind(" ")]
        text = cut.rstrip(" ,;:") + "…"
    return text


def strategy_of(resolver, name, flat):
    prop = (flat.get("properties") or {}).get("strategy")
    if prop is None:
        return None
    sflat, _ = resolver.flatten(prop, (name,))
    if sflat is None:
        return None
    if "const" in sflat:
        return sflat["const"]
    enum = sflat.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return enum[0]
    return None


def options_ref(resolver, name, flat):
    prop = (flat.get("properties") or {}).get("options")
    if prop is None:
        return None, "has no options property"
    # Follow a (possibly chained) $ref to a named schema.
    seen = set()
    while isinstance(prop, dict) and set(prop) == {"$ref"}:
        target = resolver.ref_name(prop["$ref"])
        if target is None:
            return None, "options $ref %r is unresolvable" % prop["$ref"]
        if target in seen:
            break
        seen.add(target)
        nxt = resolver.schemas[target]
        if isinstance(nxt, dict) and set(nxt) == {"$ref"}:
            prop = nxt
            continue
        return target, None
    if isinstance(prop, dict) and "$ref" in prop:
        target = resolver.ref_name(prop["$ref"])
        if target:
            warn("%s: options $ref %s has sibling keywords (ignored for naming)" % (name, target))
            return target, None
    return None, "options is inline"


def main(argv):
    inp = argv[1] if len(argv) > 1 else DEFAULT_INPUT
    outp = argv[2] if len(argv) > 2 else DEFAULT_OUTPUT
    with open(inp, encoding="utf-8") as f:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        doc = yaml.load(f, Loader=loader)
    schemas = doc["components"]["schemas"]
    r = Resolver(schemas)

    strategies = list(schemas["ConnectionIdentityProviderEnum"]["enum"])

    options_for = {}
    required_options = {}
    suffix_strategy = {}
    for name in sorted(schemas):
        if not name.startswith(CREATE_PREFIX) or name == CREATE_PREFIX:
            continue
        flat, _ = r.flatten(schemas[name], (name,))
        strategy = strategy_of(r, name, flat or {})
        if strategy is None:
            warn("%s: cannot tell which strategy it is for; skipped" % name)
            continue
        if strategy not in strategies:
            warn("%s: strategy %r is not in ConnectionIdentityProviderEnum" % (name, strategy))
        if strategy in options_for:
            warn("%s: strategy %r already mapped; skipped" % (name, strategy))
            continue
        suffix_strategy[name[len(CREATE_PREFIX):]] = strategy
        opt, why = options_ref(r, name, flat)
        if opt is None:
            warn("%s (strategy %s): %s; skipped" % (name, strategy, why))
            continue
        options_for[strategy] = opt
        oflat, _ = r.flatten(flat["properties"]["options"], (name,))
        req = list((oflat or {}).get("required") or [])
        if req:
            required_options[strategy] = req

    update_options_for = {}
    for name in sorted(schemas):
        if not name.startswith(UPDATE_PREFIX) or name == UPDATE_PREFIX:
            continue
        suffix = name[len(UPDATE_PREFIX):]
        flat, _ = r.flatten(schemas[name], (name,))
        strategy = strategy_of(r, name, flat or {}) or suffix_strategy.get(suffix)
        if strategy is None:
            warn("%s: no matching %s%s and no strategy; skipped" % (name, CREATE_PREFIX, suffix))
            continue
        opt, why = options_ref(r, name, flat or {})
        if opt is None:
            warn("%s (strategy %s): %s; skipped" % (name, strategy, why))
            continue
        if opt != options_for.get(strategy):
            update_options_for[strategy] = opt

    for s in strategies:
        if s not in options_for:
            warn("strategy %r has no options schema" % s)

    out_schemas = {}
    for name in sorted(set(options_for.values()) | set(update_options_for.values()) | set(EXTRA_SCHEMAS)):
        out_schemas[name] = r.node({"$ref": REF_PREFIX + name}, 0, ())
    for name in (CREATE_PREFIX, UPDATE_PREFIX):
        raw = dict(schemas[name])
        if isinstance(raw.get("properties"), dict) and "options" in raw["properties"]:
            raw["properties"] = dict(raw["properties"])
            raw["properties"]["options"] = {}  # placeholder, replaced below
        node = r.node(raw, 0, (name,))
        if "options" in node.get("properties", {}):
            node["properties"]["options"] = dict(ANY)
        out_schemas[name] = node

    result = {
        "generated_by": GENERATED_BY,
        "source": SOURCE,
        "strategies": strategies,
        "options_for": options_for,
        "update_options_for": update_options_for,
        "required_options": required_options,
        "schemas": out_schemas,
    }
    text = dump(result) + "\n"
    with open(outp, "w", encoding="utf-8") as f:
        f.write(text)
    print(
        "wrote %s: %d strategies, %d with options, %d schemas, %d bytes"
        % (outp, len(strategies), len(options_for), len(out_schemas), len(text.encode("utf-8"))),
        file=sys.stderr,
    )


INLINE_WIDTH = 100


def dump(value, indent=0):
    """Sorted keys, 1-space indent, one property per line; a value whose compact
    form is short (and holds no nested object with properties) stays on one line."""
    compact = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if not isinstance(value, (dict, list)) or not value:
        return compact
    if indent + len(compact) <= INLINE_WIDTH and '"properties"' not in compact:
        return compact
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        items = [
            pad + json.dumps(k, ensure_ascii=False) + ":" + dump(value[k], indent + 1)
            for k in sorted(value)
        ]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + dump(v, indent + 1) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


if __name__ == "__main__":
    main(sys.argv)
