# shellcheck shell=bash
# Sourced by the bench scripts that start servers of their own: a temp
# folder, the processes started (ended, and waited for, on exit), and
# small readings of them. Set BENCH_NAME before sourcing.
die() { echo "bench ${BENCH_NAME}: $*" >&2; exit 1; }

tmp=$(mktemp -d "/tmp/winddown-bench-${BENCH_NAME}.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# A loopback port nothing listens on now.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/VmRSS/ { print $2 }' /proc/"$1"/status; }
