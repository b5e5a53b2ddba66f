#!/usr/bin/env bash
# Validate throughput: `connedit validate` over 10,000 profile documents
# (half valid) in one call, beside `cat` of the same files (the I/O floor)
# and ajv-cli@5 with Auth0's published CreateConnectionProfileRequestContent.
# Wall time and peak RSS from /usr/bin/time; median of 5 runs each.
#
#   benches/throughput.sh            (needs python3, npm for ajv-cli)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WORK:-/tmp/connedit-throughput}
mkdir -p "$work"
cargo build --release -q
bin=$PWD/target/release/connedit

# The corpus: 10,000 profiles, every other one with errors (an enum typo,
# a bad prefix, a repeated feature), in the layout pull writes.
if [ ! -d "$work/corpus" ]; then
  mkdir -p "$work/corpus"
  python3 - "$work/corpus" <<'PY'
import json, sys, random
random.seed(7)
out = sys.argv[1]
for i in range(10000):
    d = {"name": f"profile-{i}",
         "organization": {"show_as_button": random.choice(["none", "optional", "required"]),
                          "assign_membership_on_login": random.choice(["none", "optional", "required"])},
         "connection_name_prefix_template": random.choice(["ec-{org_id}-", "okta-{org_id}-", "con-"]),
         "enabled_features": random.choice([["scim"], ["universal_logout"], ["scim", "universal_logout"], []])}
    if i % 2:
        bad = i % 6
        if bad == 1: d["organization"]["show_as_button"] = "optinal"
        elif bad == 3: d["connection_name_prefix_template"] = "-ec--{org}"
        else: d["enabled_features"] = ["scim", "scim", "sso"]
    open(f"{out}/p{i:05}.json", "w").write(json.dumps(d, indent=2) + "\n")
PY
fi

# The published schema as ajv takes it: components -> definitions, braces
# of the prefix pattern escaped (as published it is not a valid ECMAScript
# unicode regex).
python3 - tests/fixtures/openapi-connection-profiles.json "$work/schema.json" <<'PY'
import json, sys
src = open(sys.argv[1]).read().replace("#/components/schemas/", "#/definitions/")
src = src.replace("|{org_id}|{org_name})", "|\\\\{org_id\\\\}|\\\\{org_name\\\\})")
schemas = json.loads(src)["schemas"]
root = {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": schemas,
        "$ref": "#/definitions/CreateConnectionProfileRequestContent"}
json.dump(root, open(sys.argv[2], "w"))
PY
if [ ! -x "$work/ajv/node_modules/.bin/ajv" ]; then
  npm install --silent --prefix "$work/ajv" ajv-cli@5 >/dev/null
fi
ajv=$work/ajv/node_modules/.bin/ajv

measure() { # name, command...
  local name=$1; shift
  local times=() rss=()
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
    read -r t m < <(tail -n 1 "$work/time")
    times+=("$t"); rss+=("$m")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  m=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n 3p)
  printf '%-34s %6s s  %7s KB peak RSS\n' "$name" "$t" "$m"
}

# A second corpus: 10,000 profiles with unknown keys and typos at every
# level (the path that looks keys up in the tables and suggests names).
if [ ! -d "$work/typos" ]; then
  mkdir -p "$work/typos"
  python3 - "$work/typos" <<'PY'
import json, sys, random
random.seed(11)
out = sys.argv[1]
for i in range(10000):
    d = {"name": f"profile-{i}",
         "organization": {"show_as_buton": "optional", "assign_membership_on_login": "none", "extra": 1},
         "connection_name_prefix_templat": "ec-{org_id}-",
         "enabled_feature": ["scim"],
         "strategy_overrides": {"okta": {"enabled_features": ["scim"], "provisioning": {"scim": {"tokenz": []}}},
                                "samlp2": {}},
         "unknown_top": {"a": [1, 2, 3]}}
    open(f"{out}/p{i:05}.json", "w").write(json.dumps(d, indent=2) + "\n")
PY
fi

cd "$work"
echo "10,000 profiles, $(du -sh corpus | cut -f1) on disk, $(nproc) cores"
measure "cat (I/O floor)" sh -c 'cat corpus/*.json'
measure "connedit validate" "$bin" validate corpus
measure "connedit validate --format json" "$bin" validate --format json corpus
# ANCHOR=path/to/another/connedit: the same rows for it, in the same run.
if [ -n "${ANCHOR:-}" ]; then
  measure "anchor validate" "$ANCHOR" validate corpus
fi
measure "ajv-cli@5 (published schema)" "$ajv" validate --strict=false -s schema.json -d "corpus/*.json"
echo "typos corpus (unknown keys and typos at every level):"
measure "cat (I/O floor)" sh -c 'cat typos/*.json'
measure "connedit validate" "$bin" validate typos
if [ -n "${ANCHOR:-}" ]; then
  measure "anchor validate" "$ANCHOR" validate typos
fi
measure "ajv-cli@5 (published schema)" "$ajv" validate --strict=false -s schema.json -d "typos/*.json"
echo "connedit: $("$bin" validate corpus 2>&1 >/dev/null | tail -1)"
echo "ajv: $("$ajv" validate --strict=false -s schema.json -d "corpus/*.json" 2>&1 | grep -c "json invalid$") files invalid"
