#!/usr/bin/env bash
# A three-node Citus cluster (coordinator + 2 workers) of PostgreSQL 15 on loopback, for CI and for
# an operator trying the scale-out path (docs/scaling.md).
#
#   scripts/citus-cluster.sh start [db]   build Citus if needed, create/start the clusters, create
#                                         database db (default crm) with citus on every node, add
#                                         the workers; prints the coordinator's URL last
#   scripts/citus-cluster.sh status       the three clusters and the worker list
#   scripts/citus-cluster.sh stop         stop and remove the three clusters (data included)
#   scripts/citus-cluster.sh tarball      the Citus release it would build from (exit 1: none found)
#
# Idempotent: start on a running cluster only adds what is missing. Citus is built from the upstream
# release kept at ../shared/vendor (see tarball_candidates) into CITUS_CACHE_DIR, which later runs
# reuse (only `make install` again when the PostgreSQL lib dir lost it). The machine's own clusters
# (15/main) are never touched: ours are named crm_citus_* and take free ports from CITUS_PORT_BASE
# (default 5440).
# Needs root (apt-get, pg_createcluster, make install), as CI runs.
set -euo pipefail

PG_VERSION=15
CITUS_VERSION=12.1.12
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Where the release may be, first found wins: CITUS_TARBALL (alone, when set); the vendor dir
# beside the checkout (../shared/vendor); from a git worktree, beside the main checkout; this
# machine's shared vendor dir (/work/shared/vendor), for a clone made elsewhere (CI may clone into
# a temporary directory).
tarball_candidates() {
  local name="citus-$CITUS_VERSION.tar.gz" common
  if [ -n "${CITUS_TARBALL:-}" ]; then echo "$CITUS_TARBALL"; return; fi
  echo "$ROOT/../shared/vendor/$name"
  common="$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
  [ -n "$common" ] && echo "$(dirname "$common")/../shared/vendor/$name"
  echo "/work/shared/vendor/$name"
}
find_tarball() {
  local c
  while read -r c; do
    [ -f "$c" ] && { echo "$c"; return 0; }
  done < <(tarball_candidates)
  return 1
}
TARBALL="$(find_tarball || true)"
CITUS_CACHE_DIR="${CITUS_CACHE_DIR:-/var/cache/crm-citus}"
CITUS_PORT_BASE="${CITUS_PORT_BASE:-5440}"
NODES=(crm_citus_coord crm_citus_w1 crm_citus_w2)
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"

log() { echo "citus-cluster: $*" >&2; }

# The Debian build dependencies (configure asks for lz4, zstd and, through the server headers,
# krb5); installed only when missing.
install_build_deps() {
  local pkgs=(postgresql-server-dev-$PG_VERSION libkrb5-dev liblz4-dev libzstd-dev libssl-dev
    libselinux1-dev libxslt1-dev libpam0g-dev libreadline-dev zlib1g-dev make gcc)
  local missing=()
  for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing build dependencies: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Builds once per tarball checksum; installs into PostgreSQL's lib dir when it is not there.
build_and_install() {
  local pg_config="$PG_BIN/pg_config" sum src stamp
  [ -n "$TARBALL" ] || { log "no citus-$CITUS_VERSION.tar.gz in: $(tarball_candidates | tr '\n' ' ')"; exit 1; }
  sum="$(sha256sum "$TARBALL" | cut -c1-16)"
  src="$CITUS_CACHE_DIR/citus-$CITUS_VERSION-$sum"
  stamp="$src/.built"
  if [ ! -f "$stamp" ]; then
    install_build_deps
    log "building Citus $CITUS_VERSION in $src (first run only)"
    rm -rf "$src" && mkdir -p "$src"
    tar -xzf "$TARBALL" -C "$src" --strip-components=1
    (cd "$src" && PG_CONFIG="$PG_BIN/pg_config" ./configure --without-libcurl >"$src/configure.log" 2>&1 \
      || { tail -n 30 "$src/configure.log" >&2; exit 1; })
    (cd "$src" && make -j"$(nproc)" with_llvm=no >"$src/make.log" 2>&1 || { tail -n 40 "$src/make.log" >&2; exit 1; })
    touch "$stamp"
  fi
  [ -x "$pg_config" ] || install_build_deps
  local libdir
  libdir="$("$pg_config" --pkglibdir)"
  if ! cmp -s "$src/src/backend/distributed/citus.so" "$libdir/citus.so"; then
    log "installing Citus into $libdir"
    (cd "$src" && make install with_llvm=no >"$src/install.log" 2>&1 || { tail -n 20 "$src/install.log" >&2; exit 1; })
  fi
}

port_of() { pg_lsclusters -h | awk -v v="$PG_VERSION" -v n="$1" '$1 == v && $2 == n { print $3 }'; }

port_free() {
  ! pg_lsclusters -h | awk '{ print $3 }' | grep -qx "$1" && ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

create_node() {
  local name="$1" port="$2"
  log "creating cluster $PG_VERSION/$name on port $port"
  # Test clusters: durability off (fsync, synchronous_commit) because they are thrown away.
  pg_createcluster "$PG_VERSION" "$name" -p "$port" --start-conf=manual \
    -o "shared_preload_libraries=citus" -o "ssl=off" \
    -o "max_connections=300" -o "fsync=off" -o "synchronous_commit=off" -o "full_page_writes=off" \
    -o "shared_buffers=64MB" -o "citus.shard_count=32" \
    -- --auth-local=trust --auth-host=trust >/dev/null
}

psql_on() { local port="$1" db="$2"; shift 2; psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"; }

start() {
  local db="${1:-crm}" port next="$CITUS_PORT_BASE" ports=()
  build_and_install
  for name in "${NODES[@]}"; do
    port="$(port_of "$name")"
    if [ -z "$port" ]; then
      while ! port_free "$next"; do next=$((next + 1)); done
      port="$next"
      create_node "$name" "$port"
    fi
    next=$((port + 1))
    ports+=("$port")
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$name" status >/dev/null 2>&1 \
      || pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$name" start
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$port" -q && break; sleep 1; done
    # Citus 12.1 does not propagate CREATE DATABASE: the database and the extension go on every node.
    psql_on "$port" postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1 \
      || psql_on "$port" postgres -c "create database $db"
    psql_on "$port" "$db" -c "create extension if not exists citus"
  done
  psql_on "${ports[0]}" "$db" -c "select citus_set_coordinator_host('127.0.0.1', ${ports[0]})" >/dev/null
  for port in "${ports[@]:1}"; do
    psql_on "${ports[0]}" "$db" -tAc \
      "select count(*) from pg_dist_node where nodename = '127.0.0.1' and nodeport = $port" | grep -qx 1 \
      || psql_on "${ports[0]}" "$db" -c "select citus_add_node('127.0.0.1', $port)" >/dev/null
  done
  echo "postgres://postgres@127.0.0.1:${ports[0]}/$db"
}

status() {
  pg_lsclusters | awk -v v="$PG_VERSION" 'NR == 1 || ($1 == v && $2 ~ /^crm_citus_/)'
  local port
  port="$(port_of "${NODES[0]}")"
  if [ -n "$port" ] && pg_isready -h 127.0.0.1 -p "$port" -q; then
    for db in $(psql_on "$port" postgres -tAc "select datname from pg_database where not datistemplate"); do
      psql_on "$port" "$db" -tAc "select '$db: ' || string_agg(nodename || ':' || nodeport || ' ' || noderole, ', ' order by nodeport)
        from pg_dist_node" 2>/dev/null || true
    done
  fi
}

stop() {
  for name in "${NODES[@]}"; do
    if [ -n "$(port_of "$name")" ]; then
      log "removing cluster $PG_VERSION/$name"
      pg_dropcluster --stop "$PG_VERSION" "$name"
    fi
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  tarball) [ -n "$TARBALL" ] && echo "$TARBALL" \
    || { log "no citus-$CITUS_VERSION.tar.gz in: $(tarball_candidates | tr '\n' ' ')"; exit 1; } ;;
  *) echo "usage: $0 start [db] | status | stop | tarball" >&2; exit 2 ;;
esac
