# Shared by scripts/run and scripts/test: install what is missing, then build the site.
# Every step checks first, so second and later runs skip what is already there.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TOOLS="$ROOT/.tools"
export PATH="$TOOLS/bin:$TOOLS/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

APT_UPDATED=
apt_install() {
  [ -n "$APT_UPDATED" ] || { as_root apt-get update -qq; APT_UPDATED=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# rustup's minimal profile has neither; the test command needs both.
ensure_rust_components() {
  local installed; installed="$(rustup component list --installed)"
  for component in rustfmt clippy; do
    grep -q "^$component" <<<"$installed" || { say "adding the $component component"; rustup component add "$component"; }
  done
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || {
    say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
}

# The wasm-bindgen CLI must be exactly the version in Cargo.lock.
ensure_wasm_bindgen() {
  local want
  want="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (about 2 minutes)"
    cargo install --quiet wasm-bindgen-cli --version "$want" --root "$TOOLS"
  fi
}

ensure_node() {
  command -v npm >/dev/null || { say "installing Node.js and npm"; apt_install nodejs npm; }
}

# wasm-opt from npm's binaryen: Debian's older binaryen produces bundles that never hydrate.
ensure_wasm_opt() {
  [ -x "$TOOLS/node_modules/.bin/wasm-opt" ] && return
  ensure_node
  say "installing wasm-opt (npm binaryen)"
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{"private": true}' > "$TOOLS/package.json"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent binaryen@132.0.0
}

ensure_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || {
    say "installing PostgreSQL server programs"; apt_install postgresql; }
}

# build_site PROFILE: the hydration bundle (wasm + JS glue), stylesheet and public files into target/site (release)
# or target/site-dev (the test command's debug bundle), so switching between the two commands rebuilds nothing.
build_site() {
  local profile="$1" out="$ROOT/target/site"
  [ "$profile" = dev ] && out="$ROOT/target/site-dev"
  ensure_wasm_target
  ensure_wasm_bindgen
  say "building the browser bundle ($profile)"
  cargo build --quiet -p crossfade-frontend --lib --target wasm32-unknown-unknown --profile "$profile"
  local dir="$profile"; [ "$profile" = dev ] && dir=debug
  local wasm="$ROOT/target/wasm32-unknown-unknown/$dir/crossfade_frontend.wasm"
  local stamp="$profile $(stat -c %Y-%s "$wasm")"
  mkdir -p "$out/pkg"
  # wasm-bindgen and wasm-opt take a while; skip them when the bundle came from this very build.
  if [ "$(cat "$out/pkg/.built-from" 2>/dev/null)" != "$stamp" ]; then
    wasm-bindgen --target web --no-typescript --out-dir "$out/pkg" --out-name crossfade "$wasm"
    if [ "$profile" != dev ]; then
      ensure_wasm_opt
      wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-reference-types --enable-multivalue \
        "$out/pkg/crossfade_bg.wasm" -o "$out/pkg/crossfade_bg.wasm"
    fi
    echo "$stamp" > "$out/pkg/.built-from"
  fi
  cp style/main.css "$out/pkg/crossfade.css"
  cp -r public/. "$out/"
  # Pre-compressed copies let the asset server skip compressing the bundle on every request.
  gzip -9kf "$out/pkg/crossfade_bg.wasm" "$out/pkg/crossfade.js" "$out/pkg/crossfade.css" "$out/vendor/echarts.min.js"
}

# Keys made once into the data directory (mode 0600): restarts keep everyone signed in and every stored token
# readable. Losing token.keys means everyone signs in with Spotify again.
ensure_keys() {
  local dir="${CROSSFADE_DATA_DIR:-$ROOT/data}"
  mkdir -p "$dir"
  if [ -z "${CROSSFADE_SESSION_KEY:-}" ]; then
    [ -s "$dir/session.key" ] || (umask 077; head -c 64 /dev/urandom | base64 -w0 > "$dir/session.key")
    CROSSFADE_SESSION_KEY="$(cat "$dir/session.key")"
    export CROSSFADE_SESSION_KEY
  fi
  if [ -z "${CROSSFADE_TOKEN_KEYS:-}" ]; then
    [ -s "$dir/token.keys" ] || (umask 077; echo "k1:$(head -c 32 /dev/urandom | base64 -w0)" > "$dir/token.keys")
    CROSSFADE_TOKEN_KEYS="$(cat "$dir/token.keys")"
    export CROSSFADE_TOKEN_KEYS
  fi
}

# Settings from .env reach this script too, with the server's precedence: a variable already set wins. Plain
# KEY=VALUE lines (optionally quoted) are read as data, never run as shell code.
load_dotenv() {
  [ -f "$ROOT/.env" ] || return 0
  local key value
  while IFS='=' read -r key value || [ -n "$key" ]; do
    key="${key#export }"
    [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    [ -z "${!key+set}" ] || continue
    value="${value%\"}"; value="${value#\"}"; value="${value%\'}"; value="${value#\'}"
    export "$key=$value"
  done < "$ROOT/.env"
}

# database_url_for NAME: DATABASE_URL with its database name replaced by NAME (query parameters kept).
database_url_for() {
  local without_query="${DATABASE_URL%%\?*}"
  local query="${DATABASE_URL#"$without_query"}"
  printf '%s/%s%s\n' "${without_query%/*}" "$1" "$query"
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || { say "installing Chromium (Debian package)"; apt_install chromium; }
}

ensure_psql() {
  command -v psql >/dev/null || { say "installing the PostgreSQL client"; apt_install postgresql-client; }
}

ensure_playwright() {
  ensure_node
  if [ ! -x end2end/node_modules/.bin/playwright ]; then
    say "installing Playwright (npm, no browser download)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  fi
}

# start_private_cluster DIR: runs a throwaway PostgreSQL in DIR (deleted by stop_private_cluster) and sets
# PRIVATE_CLUSTER_URL to its database URL. The cluster binary must be built.
PRIVATE_CLUSTER_PID=
PRIVATE_CLUSTER_DIR=
start_private_cluster() {
  PRIVATE_CLUSTER_DIR="$1"
  mkdir -p "$PRIVATE_CLUSTER_DIR"
  # The postgres account (when run as root) must be able to enter it.
  chmod 755 "$PRIVATE_CLUSTER_DIR"
  local url_file="$PRIVATE_CLUSTER_DIR/url"
  (umask 077; : > "$url_file")
  "$ROOT/target/debug/crossfade-embedded-postgres" "$PRIVATE_CLUSTER_DIR/postgres" >"$url_file" \
    2>"$PRIVATE_CLUSTER_DIR/cluster.log" &
  PRIVATE_CLUSTER_PID=$!
  local waited=0
  until [ -s "$url_file" ]; do
    if ! kill -0 "$PRIVATE_CLUSTER_PID" 2>/dev/null || [ "$waited" -ge 1200 ]; then
      cat "$PRIVATE_CLUSTER_DIR/cluster.log" >&2; echo "the private PostgreSQL did not start" >&2; return 1
    fi
    sleep 0.1; waited=$((waited + 1))
  done
  read -r PRIVATE_CLUSTER_URL < "$url_file"
}

stop_private_cluster() {
  if [ -n "$PRIVATE_CLUSTER_PID" ]; then
    kill -TERM "$PRIVATE_CLUSTER_PID" 2>/dev/null || true; wait "$PRIVATE_CLUSTER_PID" 2>/dev/null || true
  fi
  [ -z "$PRIVATE_CLUSTER_DIR" ] || rm -rf "$PRIVATE_CLUSTER_DIR"
}
