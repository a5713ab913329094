#!/usr/bin/env bash
# Installs the peer event store for the benchmark, apart from the main project.
# Emmett's packages declare peer dependencies that npm cannot reconcile, hence
# --legacy-peer-deps; sqlite3 compiles from source where no prebuilt binary can be fetched.
set -euo pipefail
cd "$(dirname "$0")"
if [ -d node_modules/@event-driven-io/emmett-sqlite ] && [ -d node_modules/sqlite3 ]; then
  echo "Peer (Emmett SQLite) already installed."
  exit 0
fi
npm install --no-audit --no-fund --legacy-peer-deps --foreground-scripts
