#!/usr/bin/env bash
# Browser tests: Debian's Chromium (installed here when missing; Playwright cannot download its own),
# a production build, then Playwright. E2E_SKIP_BUILD=1 reuses an existing build.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
fc-list 2>/dev/null | grep -qi 'wqy' || need_packages+=(fonts-wqy-microhei)
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
  NEXT_TELEMETRY_DISABLED=1 npx next build
fi

exec npx playwright test "$@"
