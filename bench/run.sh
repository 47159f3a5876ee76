#!/usr/bin/env bash
# The performance harness: on this machine, in one run, the same queries against
#   gateway          odatagw without cache
#   gateway-cached   odatagw with the response cache
#   handwritten      bench/handwritten, a minimal Go handler running the same SQL
#   cap              SAP CAP (@sap/cds + @cap-js/sqlite from npm) on the same data
# all reading one SQLite database (the demo with Orders grown to -o rows; CAP
# reads a copy to which `cds deploy` adds its views), then a read of all Orders
# by nextLink with the gateway's resident memory sampled from /proc.
#
#   bench/run.sh [-c 8] [-d 10s] [-w 2s] [-o 1000000] [-p 18181] [-s]   (-s: skip SAP CAP)
#
# The five servers listen on five consecutive loopback ports from -p; when
# one of them is taken (another benchmark on a shared machine), the next
# free block of five is used.
#
# Needs Go, and Node.js 20+ with npm for CAP (installed into bench/.cap, never
# committed). The database is generated into bench/.data on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
conc=8 dur=10s warm=2s orders=1000000 skip_cap= port=18181
while getopts "c:d:w:o:p:s" opt; do
  case $opt in
    c) conc=$OPTARG ;; d) dur=$OPTARG ;; w) warm=$OPTARG ;; o) orders=$OPTARG ;; p) port=$OPTARG ;; s) skip_cap=1 ;;
    *) echo "usage: $0 [-c N] [-d DURATION] [-w DURATION] [-o ORDERS] [-p PORT] [-s]" >&2; exit 2 ;;
  esac
done
log() { echo "bench: $*" >&2; }

# listening PORT: is something accepting connections on 127.0.0.1:PORT?
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 50); do
  busy=
  for p in $(seq "$port" $((port + 4))); do listening "$p" && busy=$p && break; done
  [ -z "$busy" ] && break
  log "port $busy is taken; trying $((port + 10))-$((port + 14))"
  port=$((port + 10))
done
[ -z "$busy" ] || { log "no free block of five ports found"; exit 1; }
p_gw=$port p_gwc=$((port + 1)) p_hw=$((port + 2)) p_cap=$((port + 3)) p_follow=$((port + 4))

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

log "building"
for cmd in cmd/odatagw bench/handwritten bench/load bench/mkdb; do
  go build -o "$work/$(basename $cmd)" "./$cmd"
done

mkdir -p bench/.data
db=$PWD/bench/.data/bench-$orders.db
if [ ! -f "$db" ]; then
  log "generating $db ($orders orders)"
  "$work/mkdb" -orders "$orders" -out "$db.tmp" && mv "$db.tmp" "$db"
fi

wait_http() { # url
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
  log "$1 did not answer; the servers' logs end:"
  for f in "$work"/*.log; do echo "== $f" >&2; tail -n 5 "$f" >&2; done
  return 1
}

gateway_config() { # port, cache yes|no
  cat <<YAML
version: 1
listen: 127.0.0.1:$1
max_page_size: 2000
log: {level: warn, requests: false}
sources:
  - name: demo
    kind: sqlite
    dsn: $db
YAML
  if [ "$2" = yes ]; then
    printf 'cache:\n  ttl: 10m\n  max_bytes: 512MiB\n  max_entry_bytes: 1MiB\n'
  fi
}

gateway_config "$p_gw" no >"$work/gw.yaml"
gateway_config "$p_gwc" yes >"$work/gw-cached.yaml"
gateway_config "$p_follow" no >"$work/gw-follow.yaml"
"$work/odatagw" --config "$work/gw.yaml" 2>"$work/gw.log" & pids+=($!)
# A fresh instance for the 1,000,000-row read, so that its memory high-water mark is the read's.
"$work/odatagw" --config "$work/gw-follow.yaml" 2>"$work/gw-follow.log" & follow_pid=$!; pids+=($follow_pid)
"$work/odatagw" --config "$work/gw-cached.yaml" 2>"$work/gw-cached.log" & pids+=($!)
"$work/handwritten" -db "$db" -listen "127.0.0.1:$p_hw" 2>"$work/hw.log" & pids+=($!)

if [ -z "$skip_cap" ]; then
  cap=bench/.cap
  mkdir -p "$cap"
  if ! cmp -s bench/cap/package.json "$cap/package.json" || [ ! -d "$cap/node_modules" ]; then
    log "installing SAP CAP into $cap (npm)"
    rm -rf "$cap/node_modules"
    cp bench/cap/package.json "$cap/"
    (cd "$cap" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  rm -rf "$cap/db" "$cap/srv" && cp -r bench/cap/db bench/cap/srv "$cap/"
  capdb=$PWD/bench/.data/cap-$orders.db
  if [ ! -f "$capdb" ] || [ "$db" -nt "$capdb" ]; then
    log "copying the database for CAP and deploying its views"
    cp "$db" "$capdb.tmp"
    (cd "$cap" && node_modules/.bin/cds-deploy --to sqlite --url "$capdb.tmp" >/dev/null)
    mv "$capdb.tmp" "$capdb"
  fi
  (cd "$cap" && CDS_CONFIG="{\"requires\":{\"db\":{\"kind\":\"sqlite\",\"credentials\":{\"url\":\"$capdb\"}}}}" \
    exec node_modules/.bin/cds-serve all --port "$p_cap") >"$work/cap.log" 2>&1 & pids+=($!)
fi

gw=http://127.0.0.1:$p_gw/odata/demo gwc=http://127.0.0.1:$p_gwc/odata/demo
hw=http://127.0.0.1:$p_hw capu=http://127.0.0.1:$p_cap/odata/v4/demo
wait_http "$gw/" && wait_http "$gwc/" && wait_http "http://127.0.0.1:$p_follow/odata/demo/" && wait_http "$hw/Orders/10248"
[ -n "$skip_cap" ] || wait_http "$capu/"

# The queries, each as the gateway (and CAP) and the hand-written handler spell it.
page50="Orders?\$filter=ShipCountry%20eq%20'Germany'&\$orderby=OrderDate%20desc,OrderID%20desc&\$top=50"
bykey="Orders(10248)"
expand="Orders?\$top=50&\$expand=Customer,Order_Details"
apply="Orders?\$apply=filter(CustomerID%20eq%20'HANAR')/groupby((EmployeeID),aggregate(Freight%20with%20sum%20as%20Total))"
export="Orders?\$top=100000"
{
  for q in page50 bykey expand apply export; do
    path=${!q}
    printf '%s\tgateway\t%s/%s\n' "$q" "$gw" "$path"
    printf '%s\tgateway-cached\t%s/%s\n' "$q" "$gwc" "$path"
    case $q in
      page50) printf '%s\thandwritten\t%s/page50\n' "$q" "$hw" ;;
      bykey) printf '%s\thandwritten\t%s/Orders/10248\n' "$q" "$hw" ;;
      expand) printf '%s\thandwritten\t%s/expand\n' "$q" "$hw" ;;
      apply) printf '%s\thandwritten\t%s/apply\n' "$q" "$hw" ;;
      export) printf '%s\thandwritten\t%s/export?remaining=100000\n' "$q" "$hw" ;;
    esac
    [ -n "$skip_cap" ] || printf '%s\tcap\t%s/%s\n' "$q" "$capu" "$path"
  done
} >"$work/plan.tsv"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "go: $(go env GOVERSION); node: $(node --version 2>/dev/null || echo none); orders: $orders"
"$work/load" -plan "$work/plan.tsv" -c "$conc" -d "$dur" -warm "$warm"
echo
echo "$orders-row read by nextLink (a fresh uncached gateway, pages of 2,000):"
"$work/load" -follow "http://127.0.0.1:$p_follow/odata/demo/Orders" -pid "$follow_pid"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
