#!/usr/bin/env bash
# Every test: unit tests, integration tests on SQLite and PostgreSQL, and the browser checks.
# Installs what the browser, API, mail, calendar, Open311 and login checks need when missing:
# Debian's chromium; from npm Playwright, axe-core and the OpenID provider oidc-provider; from
# PyPI schemathesis, aiosmtpd, icalendar, Prometheus' client and two Open311 clients.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL (127.0.0.1:5432, database `test`) runs on development and CI machines; start it
# if it has stopped.
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && [ -d /etc/postgresql ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

if ! command -v chromium >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
fi
npm ci --prefix tests/browser --no-audit --no-fund --silent
npm ci --prefix tests/oidc --no-audit --no-fund --silent
command -v schemathesis >/dev/null || python3 -m pip install --quiet --disable-pip-version-check -r tests/api/requirements.txt
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check -r tests/mail/requirements.txt
python3 -c 'import icalendar' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check -r tests/calendar/requirements.txt
python3 -c 'import prometheus_client' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check -r tests/metrics/requirements.txt
python3 -c 'import civicbot, georeport' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check -r tests/open311/requirements.txt

MEDSPIL_REQUIRE_PG=1 MEDSPIL_REQUIRE_BROWSER=1 MEDSPIL_REQUIRE_SCHEMATHESIS=1 MEDSPIL_REQUIRE_SMTP=1 MEDSPIL_REQUIRE_ICALENDAR=1 MEDSPIL_REQUIRE_OPEN311=1 MEDSPIL_REQUIRE_METRICS=1 MEDSPIL_REQUIRE_OIDC=1 cargo test "$@"
