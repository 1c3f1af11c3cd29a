#!/usr/bin/env bash
# Debian packages the platform harness, demo and browser tests need. Sourced by start/test.
# Installs what is missing when running as root; otherwise says what to install.
_dr_missing=()
command -v pgbackrest >/dev/null 2>&1 || _dr_missing+=(pgbackrest)
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || _dr_missing+=(pgbouncer)
[ -x /usr/bin/chromium ] || _dr_missing+=(chromium)
[ -x "$(pg_config --bindir 2>/dev/null)/initdb" ] || _dr_missing+=(postgresql-15)
command -v openssl >/dev/null 2>&1 || _dr_missing+=(openssl)
if [ ${#_dr_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[system-deps] installing ${_dr_missing[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${_dr_missing[@]}" >&2
  else
    echo "[system-deps] missing Debian packages: ${_dr_missing[*]}; install them with: sudo apt-get install ${_dr_missing[*]}" >&2
    return 1 2>/dev/null || exit 1
  fi
fi
unset _dr_missing
