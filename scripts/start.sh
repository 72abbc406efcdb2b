#!/usr/bin/env bash
# The whole product with demo data: installs what is missing, then starts the Temporal dev
# server, the SMTP sink, the worker and the API/dashboard (scripts/start.ts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-tools.sh --for start
exec node --import tsx scripts/start.ts
