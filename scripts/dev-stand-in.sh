#!/usr/bin/env bash
# `npm run dev:stand-in`: `next dev` with mock mode off, against the loopback WeChat stand-in (tools/wechat-stand-in.ts),
# as a deployment with credentials runs: outside WeChat the open-in-WeChat page; in a browser whose User-Agent says
# MicroMessenger, the authorize page and the sns/* API, both answered by the stand-in. Nothing leaves the machine:
# the JS-SDK share card, which would load WeChat's script, is off. PORT (3000) and STAND_IN_PORT (4100) choose the ports.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-3000}"
STAND_IN="http://127.0.0.1:${STAND_IN_PORT:-4100}"
APPID=wx1234567890standin
SECRET=stand-in-app-secret
OPEN_APPID=wx1234567890standop
OPEN_SECRET=stand-in-open-app-secret

# In its own process group (setsid), so that leaving stops it and everything npx started.
setsid npx tsx tools/wechat-stand-in.ts --port "${STAND_IN_PORT:-4100}" --appid "$APPID" --secret "$SECRET" \
  --open-appid "$OPEN_APPID" --open-secret "$OPEN_SECRET" &
STAND_IN_PID=$!
trap 'kill -- "-$STAND_IN_PID" 2>/dev/null || true' EXIT

WECHAT_MOCK=0 WECHAT_APPID="$APPID" WECHAT_APPSECRET="$SECRET" \
  WECHAT_OPEN_APPID="$OPEN_APPID" WECHAT_OPEN_APPSECRET="$OPEN_SECRET" \
  SESSION_SECRET=dev-stand-in-session-secret-at-least-32-characters WECHAT_JSSDK=0 \
  WECHAT_OAUTH_BASE_URL="$STAND_IN" WECHAT_API_BASE_URL="$STAND_IN" \
  npx next dev -p "$PORT"
