#!/usr/bin/env bash
# Installs the peer event stores for the benchmark (Emmett's SQLite and PostgreSQL ones), apart
# from the main project. Emmett's packages declare peer dependencies that npm cannot reconcile,
# hence --legacy-peer-deps (so each peer the PostgreSQL store needs, pongo, dumbo and pg among
# them, is named in package.json); sqlite3 compiles from source where no prebuilt binary can be fetched.
set -euo pipefail
cd "$(dirname "$0")"
if [ -d node_modules/@event-driven-io/emmett-sqlite ] && [ -d node_modules/sqlite3 ] && [ -d node_modules/@event-driven-io/emmett-postgresql ] && [ -d node_modules/pg ]; then
  echo "Peers (Emmett SQLite and PostgreSQL) already installed."
  exit 0
fi
npm install --no-audit --no-fund --legacy-peer-deps --foreground-scripts
