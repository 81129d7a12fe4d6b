#!/usr/bin/env bash
# Walks the production build, configured with credentials, through a WeChat stand-in on loopback:
# /profile → authorize → consent → callback → profile, then reloads, replays and forgeries.
# Prints what WeChat was asked and every status; exits non-zero when a contract rule is broken.
# Needs a build (npm run build). Usage: bash scripts/stand-in-smoke.sh [app-port] [stand-in-port]
set -euo pipefail
cd "$(dirname "$0")/.."
APP_PORT="${1:-3610}"
WX_PORT="${2:-4610}"
APP="http://127.0.0.1:${APP_PORT}"
WX="http://127.0.0.1:${WX_PORT}"
UA='Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN'
APPID=wx1234567890standin
SECRET=stand-in-app-secret-do-not-log
JAR="$(mktemp)"
LOG="$(mktemp)"
failures=0

# Each server runs in its own process group (setsid), so cleanup stops npx and everything it started.
cleanup() {
  for pid in "${APP_PID:-}" "${WX_PID:-}"; do [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null || true; done
  rm -f "$JAR" "$LOG"
}
trap cleanup EXIT

if curl -s "$APP/api/health" >/dev/null 2>&1 || curl -s "$WX/__stats" >/dev/null 2>&1; then
  echo "port $APP_PORT or $WX_PORT is already in use" >&2
  exit 2
fi
setsid npx tsx tools/wechat-stand-in.ts --port "$WX_PORT" --appid "$APPID" --secret "$SECRET" >/dev/null 2>&1 &
WX_PID=$!
WECHAT_APPID="$APPID" WECHAT_APPSECRET="$SECRET" SESSION_SECRET='smoke-session-secret-of-at-least-32-chars' \
  APP_BASE_URL="$APP" WECHAT_OAUTH_BASE_URL="$WX" WECHAT_API_BASE_URL="$WX" NEXT_TELEMETRY_DISABLED=1 \
  setsid npx next start -p "$APP_PORT" -H 127.0.0.1 >"$LOG" 2>&1 &
APP_PID=$!
for _ in $(seq 1 100); do
  curl -sf "$APP/api/health" >/dev/null 2>&1 && curl -sf "$WX/__stats" >/dev/null 2>&1 && break
  sleep 0.2
done

get() { curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -A "$UA" -b "$JAR" -c "$JAR" "$@"; }
calls() { curl -s "$WX/__stats" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const c=JSON.parse(s).calls;console.log(c[process.argv[1]])})' "$1"; }
expect() { # description, actual, expected-regex
  if [[ "$2" =~ $3 ]]; then echo "ok   $1 ($2)"; else echo "FAIL $1: got '$2', want /$3/"; failures=$((failures + 1)); fi
}

read -r status location <<<"$(get "$APP/profile")"
expect "/profile without a session redirects to /auth/wechat" "$status $location" '^30[27] .*/auth/wechat\?returnTo=%2Fprofile$'
read -r status authorize <<<"$(get "$APP/auth/wechat?returnTo=%2Fprofile")"
expect "/auth/wechat redirects to the stand-in's authorize page" "$status" '^302$'
query="${authorize#*\?}"; query="${query%%#*}"
stylesheet="$(curl -s -A "$UA" "$authorize" | grep -o '<link rel="stylesheet" href="[^"]*"' | sed 's/.*href="//; s/"$//')"
expect "the consent page's stylesheet loads from the stand-in" "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$WX$stylesheet")" '^200 text/css'
read -r status callback <<<"$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -X POST --data "${query}&persona=full&decision=allow" "$WX/connect/oauth2/authorize/confirm")"
expect "consent 允许 sends the browser to the callback" "$callback" "^$APP/auth/wechat/callback\?code="
read -r status location <<<"$(get "$callback")"
expect "the callback 303s to the clean /profile URL" "$status $location" "^303 $APP/profile$"
page="$(curl -s -A "$UA" -b "$JAR" "$APP/profile")"
expect "the profile page shows the user" "$(grep -o '<title>[^<]*</title>' <<<"$page")" '张小明的个人主页'
expect "exactly one code exchange" "$(calls sns/oauth2/access_token)" '^1$'
expect "exactly one userinfo call" "$(calls sns/userinfo)" '^1$'

for i in 1 2 3; do read -r status _ <<<"$(get "$APP/profile")"; expect "reload $i of /profile" "$status" '^200$'; done
expect "reloads made no new code exchange" "$(calls sns/oauth2/access_token)" '^1$'

read -r status location <<<"$(get "$callback")"
expect "replaying the callback while signed in goes on to /profile" "$status $location" "^303 $APP/profile$"
read -r status _ <<<"$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -A "$UA" "$callback")"
expect "replaying the callback in another browser is a 400 page" "$status" '^400$'
read -r status _ <<<"$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -A "$UA" "$APP/auth/wechat/callback?code=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&state=ForgedState0000")"
expect "a forged state is a 400 page" "$status" '^400$'
expect "the forged state never reached WeChat" "$(calls sns/oauth2/access_token)" '^1$'
read -r status _ <<<"$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -A "$UA" -H 'Cookie: wx_session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC' "$APP/profile")"
expect "a tampered session cookie counts as no session" "$status" '^30[27]$'
if grep -q "$SECRET" "$LOG"; then echo "FAIL the AppSecret appeared in the server log"; failures=$((failures + 1)); else echo "ok   the AppSecret never appeared in the server log"; fi

echo "stand-in smoke: $failures failure(s)"
exit "$failures"
