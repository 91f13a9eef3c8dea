#!/usr/bin/env bash
# README's distributed demonstration (issue 13): evo/default --population 16 --generations 4
# --seed 7 run locally, with two workers, and with two workers of which one is SIGKILLed
# mid-run; each distributed lineage.csv is compared byte for byte with the local one.
# Needs Debian's redis-server (and redis-cli); starts its own on 127.0.0.1:$PORT, no persistence.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/distributed-demo}
PORT=${PORT:-6399}
R=redis://127.0.0.1:$PORT
Q="node bin/quinarium.mjs"
RUN="--population 16 --generations 4 --seed 7"
# generations.jsonl line by line without its wall-clock field `seconds`, and events.jsonl, against the local run's.
same_logs() {
  node -e 'const fs = require("fs"), p = require("path");
    const f = (d, n) => { const r = fs.readdirSync(d)[0]; return fs.readFileSync(p.join(d, r, n), "utf8"); };
    const rows = (d) => f(d, "generations.jsonl").trim().split("\n").map((l) => { const o = JSON.parse(l); delete o.seconds; return JSON.stringify(o); }).join("\n");
    if (rows(process.argv[1]) !== rows(process.argv[2]) || f(process.argv[1], "events.jsonl") !== f(process.argv[2], "events.jsonl")) { console.log("generations.jsonl/events.jsonl differ"); process.exit(1); }
    console.log("generations.jsonl (without seconds) and events.jsonl identical too");' "$1" "$2"
}
rm -rf "$OUT"; mkdir -p "$OUT/redis"
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --maxmemory-policy noeviction --dir "$OUT/redis" > /dev/null &
REDIS=$!; A=; B=
trap 'kill $A $B $REDIS 2> /dev/null || true' EXIT
until redis-cli -p "$PORT" ping > /dev/null 2>&1; do sleep 0.1; done

echo "== local"
$Q evolve $RUN --out "$OUT/local"

echo "== two workers"
$Q worker --redis $R & A=$!
$Q worker --redis $R & B=$!
$Q evolve $RUN --out "$OUT/two" --redis $R
cmp "$OUT"/local/*/lineage.csv "$OUT"/two/*/lineage.csv && echo "two workers: lineage.csv byte-identical to the local run"
same_logs "$OUT/local" "$OUT/two"
kill $A $B; wait $A $B || true

echo "== two workers, one SIGKILLed mid-run"
# Job ids are content hashes: Redis would hand back the results of the run above. Empty it.
redis-cli -p "$PORT" flushall > /dev/null
$Q worker --redis $R --lock-duration 5000 --stalled-interval 2000 --verbose 2> "$OUT/victim.log" & A=$!
$Q worker --redis $R --lock-duration 5000 --stalled-interval 2000 & B=$!
$Q evolve $RUN --out "$OUT/killed" --redis $R 2> >(tee "$OUT/killed.log" >&2) & C=$!
# After generation 0 is logged, kill the victim as soon as it starts its next job.
until compgen -G "$OUT/killed/*/generations.jsonl" > /dev/null && [ -s "$(compgen -G "$OUT/killed/*/generations.jsonl")" ]; do sleep 0.1; done
n=$(grep -c started "$OUT/victim.log" || true)
until [ "$(grep -c started "$OUT/victim.log" || true)" -gt "$n" ]; do sleep 0.02; done
kill -9 $A
echo "SIGKILLed worker $A during: $(grep started "$OUT/victim.log" | tail -1)"
wait $C
grep -h "stalled" "$OUT/killed.log" || { echo "no job was taken up again"; exit 1; }
cmp "$OUT"/local/*/lineage.csv "$OUT"/killed/*/lineage.csv && echo "one worker SIGKILLed: lineage.csv byte-identical to the local run"
same_logs "$OUT/local" "$OUT/killed"
