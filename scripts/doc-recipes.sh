#!/usr/bin/env bash
# Runs the docs' shell recipes that start servers, exactly as written, and walks each one with curl.
# (A recipe may start `next dev`: Next 16 builds it into .next/dev, beside the production build.)
# A recipe is a ```bash block in README.md, README.zh-CN.md or docs/*.md after a line `<!-- recipe: NAME -->`.
# Copies of one recipe in several files must hold the same commands (comment lines may differ); one of them is run.
# The block's own `npm run build` runs too (≈ 20 s), build or no build in .next: the check is that the recipe works
# as a reader pastes it, and it leaves a plain `next build`, which is what the browser tests after it in CI want.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK="$(mktemp -d)"
RECIPE_PID=
cleanup() {
  if [ -n "$RECIPE_PID" ]; then kill -- "-$RECIPE_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

UA='Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN'
JAR="$WORK/cookies"
get() { curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -A "$UA" -b "$JAR" -c "$JAR" "$@"; }
fail() {
  echo "FAIL $1" >&2
  if [ -f "$WORK/servers.log" ]; then tail -n 30 "$WORK/servers.log" >&2; fi
  exit 1
}
expect() { if [[ "$2" =~ $3 ]]; then echo "ok   $1"; else fail "$1: got '$2', want /$3/"; fi; }

# relay (docs/relay.md): the relay on 127.0.0.1:3000, a preview on localhost:3001, both on the built-in mock.
# /profile on the preview → its mock WeChat → the relay → the preview's callback → the profile.
RELAY_SERVERS='http://127.0.0.1:3000/api/health http://localhost:3001/api/health'
walk_relay() {
  local preview=http://localhost:3001 relay=http://127.0.0.1:3000 status location query page
  read -r status location <<<"$(get "$preview/profile")"
  expect "/profile without a session starts a sign-in" "$status $location" "^307 $preview/auth/wechat\?returnTo=%2Fprofile$"
  read -r status location <<<"$(get "$location")"
  expect "the preview sends the browser to its mock WeChat, the relay as redirect_uri" "$status $location" \
    "^302 $preview/mock-wechat/connect/oauth2/authorize\?.*redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A3000%2Fauth%2Fwechat%2Frelay%3F"
  query="${location#*\?}"
  query="${query%%#*}"
  # 允许 on the consent sheet. For another origin the mock answers with a page that moves on (form-action 'self').
  page="$(curl -s -A "$UA" -b "$JAR" -c "$JAR" --data "$query&persona=full&fault=&decision=allow" \
    "$preview/mock-wechat/connect/oauth2/authorize/confirm")"
  location="$(grep -o "href=\"$relay/auth/wechat/relay?[^\"]*\"" <<<"$page" | head -n 1 |
    sed 's/^href="//; s/"$//; s/&#38;/\&/g; s/&amp;/\&/g')" || true
  expect "允许 moves on to the relay with a code" "$location" "^$relay/auth/wechat/relay\?to=[^&]+&sig=[^&]+&code=[A-Za-z0-9]+&state=[A-Za-z0-9]+$"
  read -r status location <<<"$(get "$location")"
  expect "the relay forwards the code to the preview's callback" "$status $location" "^303 $preview/auth/wechat/callback\?code="
  read -r status location <<<"$(get "$location")"
  expect "the preview's callback signs in and 303s to /profile" "$status $location" "^303 $preview/profile$"
  page="$(curl -s -w '\n%{http_code}' -A "$UA" -b "$JAR" -c "$JAR" "$preview/profile")"
  expect "/profile answers 200 with the persona's nickname" \
    "${page##*$'\n'} $(grep -o '<title>[^<]*</title>' <<<"$page" || true)" '^200 <title>张小明的个人主页</title>$'
}

# dev-stand-in (docs/operations.md): next dev on localhost:3000 with mock mode off, the WeChat stand-in on :4100.
# Outside WeChat the open-in-WeChat page; in WeChat the stand-in's consent page, styled; 允许 → the profile.
DEV_STAND_IN_SERVERS='http://localhost:3000/api/health http://127.0.0.1:4100/__stats'
walk_dev-stand-in() {
  local app=http://localhost:3000 wx=http://127.0.0.1:4100 status location query page stylesheet
  local desktop='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36'
  : >"$JAR"
  page="$(curl -s -A "$desktop" "$app/auth/wechat?returnTo=%2Fprofile")"
  expect "outside WeChat /auth/wechat is the open-in-WeChat page, whose link is the landing page" \
    "$(grep -o 'id="page-url" readonly value="[^"]*"' <<<"$page" || true)" "value=\"$app/\"$"
  read -r status location <<<"$(get "$app/auth/wechat?returnTo=%2Fprofile")"
  expect "in WeChat /auth/wechat redirects to the stand-in's authorize page" "$status $location" "^302 $wx/connect/oauth2/authorize\?"
  query="${location#*\?}"
  query="${query%%#*}"
  stylesheet="$(curl -s -A "$UA" "$location" | grep -o '<link rel="stylesheet" href="[^"]*"' | sed 's/.*href="//; s/"$//')" || true
  expect "the stand-in's consent page loads its stylesheet" \
    "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$wx$stylesheet")" '^200 text/css'
  read -r status location <<<"$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data "$query&persona=full&decision=allow" "$wx/connect/oauth2/authorize/confirm")"
  expect "允许 sends the browser to the app's callback" "$status $location" "^303 $app/auth/wechat/callback\?code="
  read -r status location <<<"$(get "$location")"
  expect "the callback signs in and 303s to /profile" "$status $location" "^303 $app/profile$"
  page="$(curl -s -A "$UA" -b "$JAR" "$app/profile")"
  expect "/profile shows the persona" "$(grep -o '<title>[^<]*</title>' <<<"$page" || true)" '^<title>张小明的个人主页</title>$'
}

# Every marked block to $WORK/blocks/<name>/<file>.<n>.
for doc in README.md README.zh-CN.md docs/*.md; do
  awk -v dir="$WORK/blocks" '
    /^<!-- recipe: [a-z-]+ -->$/ { name = substr($0, 14, length($0) - 17); next }
    name != "" && /^```bash$/ {
      f = FILENAME; gsub(/\//, "_", f); out = dir "/" name "/" f "." ++n[name]
      system("mkdir -p \"" dir "/" name "\""); printf "" > out; inside = 1; next
    }
    inside && /^```$/ { close(out); inside = 0; name = ""; next }
    inside { print > out; next }
    NF { name = "" }
  ' "$doc"
done
[ -d "$WORK/blocks" ] || fail "no recipe found (a \`\`\`bash block after <!-- recipe: NAME -->)"

for recipe in "$WORK"/blocks/*; do
  name="$(basename "$recipe")"
  copies=("$recipe"/*)
  for copy in "${copies[@]}"; do
    diff <(grep -v '^ *#' "${copies[0]}") <(grep -v '^ *#' "$copy") >/dev/null ||
      fail "recipe '$name': $(basename "$copy") holds other commands than $(basename "${copies[0]}")"
  done
  servers="$(echo "${name^^}_SERVERS" | tr - _)"
  [ "$(type -t "walk_$name")" = function ] && [ -n "${!servers:-}" ] || fail "recipe '$name': no walk for it in $0"
  for url in ${!servers}; do
    if curl -s -o /dev/null "$url"; then fail "recipe '$name': something already answers at $url"; fi
  done
  echo "== recipe '$name' (${#copies[@]} cop$([ ${#copies[@]} = 1 ] && echo y || echo ies)), $(basename "${copies[0]}") as written"
  # Its own process group (setsid), so cleanup stops the shell, npm and the servers it leaves running with `&`.
  setsid bash -e "${copies[0]}" >"$WORK/servers.log" 2>&1 &
  RECIPE_PID=$!
  up=
  for _ in $(seq 1 600); do
    up=1
    for url in ${!servers}; do curl -sf -o /dev/null "$url" || up=; done
    [ -n "$up" ] && break
    kill -0 -- "-$RECIPE_PID" 2>/dev/null || fail "recipe '$name' ended before its servers answered"
    sleep 0.5
  done
  [ -n "$up" ] || fail "recipe '$name': its servers did not answer within 5 minutes"
  "walk_$name"
  kill -- "-$RECIPE_PID" 2>/dev/null || true
  RECIPE_PID=
done
echo "doc recipes: every one ran as written and walked"
