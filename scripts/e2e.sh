#!/usr/bin/env bash
# Browser tests: Debian's Chromium, CJK and emoji fonts and redis-server (installed here when missing; Playwright cannot download its own),
# a production build, then Playwright on free ports. E2E_SKIP_BUILD=1 reuses an existing build.
set -euo pipefail
cd "$(dirname "$0")/.."

# grep without -q reads all of fc-list's output: an early exit would fail the pipe under pipefail.
has_font() { fc-list : family 2>/dev/null | grep -i "$1" >/dev/null; }

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v redis-server >/dev/null 2>&1 || need_packages+=(redis-server)
has_font 'WenQuanYi' || need_packages+=(fonts-wqy-microhei)
has_font 'Noto Color Emoji' || need_packages+=(fonts-noto-color-emoji)
if [ "${#need_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Browser tests need: sudo apt-get install -y ${need_packages[*]}" >&2
    exit 1
  fi
  echo "== installing ${need_packages[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

if [ "${E2E_SKIP_BUILD:-0}" != 1 ] || [ ! -f .next/BUILD_ID ]; then
  NEXT_TELEMETRY_DISABLED=1 npm run build
fi

# Each server the tests start gets a free port unless its variable is set (docs/operations.md, "Browser tests"). The
# README's screenshots show a URL with its port, so retaking them keeps playwright.config.ts's fixed ones.
if [ -n "${UPDATE_SCREENSHOTS:-}" ]; then export E2E_MOCK_PORT="${E2E_MOCK_PORT:-3210}" E2E_REAL_PORT="${E2E_REAL_PORT:-3211}"; fi
eval "$(node scripts/free-ports.mjs E2E_MOCK_PORT E2E_REAL_PORT E2E_MISCONFIGURED_PORT E2E_RELAY_PORT E2E_PREVIEW_PORT E2E_WILDCARD_PREVIEW_PORT E2E_REDIS_APP_PORT E2E_REDIS_PORT E2E_FOLLOW_SLOW_PORT)"

exec npx playwright test "$@"
