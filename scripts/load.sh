#!/usr/bin/env bash
# Load test against the demo: builds the gateway, starts it on a free loopback
# port, drives typical client queries with tests/load, and stops it.
#   scripts/load.sh [-c 8] [-d 10s]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-18080}
bin=$(mktemp -d)/odatagw
go build -o "$bin" ./cmd/odatagw
"$bin" --listen "127.0.0.1:$port" 2>/tmp/odatagw-load.log &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/odata/demo/" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port/odata/demo"
go run ./tests/load "$@" \
  "$base/Orders?\$top=50" \
  "$base/Orders?\$filter=ShipCountry%20eq%20'Germany'&\$orderby=OrderDate%20desc&\$top=50&\$count=true" \
  "$base/Orders(10248)" \
  "$base/Customers?\$filter=contains(CompanyName,'Acme')%20eq%20true%20or%20contains(Phone,'Acme')%20eq%20true&\$count=true&\$top=25" \
  "$base/Order_Details?\$top=2000"
