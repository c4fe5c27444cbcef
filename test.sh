#!/usr/bin/env bash
# The test command: sets up what the tests need on this machine, then runs every test (mvn verify).
#
# On Debian/Ubuntu, as root or with sudo, it installs what is missing (PostgreSQL, Chromium and ChromeDriver for the
# browser tests, docker-compose to check the compose files), starts PostgreSQL and creates a fresh test database.
# Elsewhere (macOS, no root): point it at an existing PostgreSQL and it installs nothing:
#   ONCOTWIN_TEST_DATASOURCE_URL=jdbc:postgresql://host:5432/oncotwin_test \
#   ONCOTWIN_TEST_DATASOURCE_USERNAME=... ONCOTWIN_TEST_DATASOURCE_PASSWORD=... ./test.sh
# (that database must exist; its user needs the right to create databases for the cluster test), with Chromium and
# chromedriver on the PATH. Extra arguments go to Maven, e.g. ./test.sh -Dit.test=TwinIT
set -euo pipefail
cd "$(dirname "$0")"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

install_missing() {
  local packages=()
  command -v psql >/dev/null || packages+=(postgresql)
  command -v chromium >/dev/null || packages+=(chromium)
  command -v chromedriver >/dev/null || packages+=(chromium-driver)
  command -v docker-compose >/dev/null || packages+=(docker-compose)
  if [ ${#packages[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null; then
      echo "Missing: ${packages[*]}; install them (see README), then run again" >&2
      exit 1
    fi
    echo "== Installing ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq && as_root apt-get install -y -qq "${packages[@]}" >/dev/null
  fi
}

local_postgresql() {
  echo "== PostgreSQL on 127.0.0.1:5432"
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    local version
    version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
    if [ -z "$version" ]; then
      echo "No PostgreSQL cluster in /etc/postgresql; install postgresql (see README)" >&2
      exit 1
    fi
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432
  if ! psql -h 127.0.0.1 -U postgres -Atqc "select 1" >/dev/null 2>&1; then
    # a fresh Debian install asks for passwords on 127.0.0.1: let the local postgres user in without one
    local hba
    hba="$(as_root su postgres -c "psql -Atqc 'show hba_file'")"
    echo "== Allowing user postgres on 127.0.0.1 without password ($hba)"
    as_root sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
    as_root su postgres -c "psql -qc 'select pg_reload_conf()'" >/dev/null
  fi
  # a fresh test database on every run, so no state of an earlier run leaks in
  psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS oncotwin_test WITH (FORCE)"
  psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE oncotwin_test"
}

if [ -z "${ONCOTWIN_TEST_DATASOURCE_URL:-}" ]; then
  install_missing
  local_postgresql
else
  echo "== Using the PostgreSQL at $ONCOTWIN_TEST_DATASOURCE_URL (nothing installed)"
fi

if command -v docker-compose >/dev/null; then
  echo "== Compose files (checked, not started)"
  ONCOTWIN_DB_PASSWORD=only-checked docker-compose -f docker/docker-compose.yml config -q
  ONCOTWIN_DB_PASSWORD=only-checked docker-compose -f docker/docker-compose.yml -f docker/docker-compose.cluster.yml \
    config -q
fi

echo "== Tests"
exec mvn -B -ntp verify "$@"
