#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing (npm packages, Temporal
# CLI, time-skipping test server, pdftoppm), type-checks, then runs every vitest project
# (unit, then integration against a real dev server and the time-skipping server).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-tools.sh --for test
echo "caseclock: type-checking and linting"
npx tsc --noEmit -p .
npx eslint --max-warnings 0 .
npx vitest run "$@"
