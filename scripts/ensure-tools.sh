#!/usr/bin/env bash
# Installs, pins and caches the real Temporal parts caseclock runs on, then prints nothing
# but what it did. A second run finds the cache and takes a second or two.
#   - Temporal CLI v1.5.1 (dev server with SQLite persistence + Web UI), built with `go install`
#     (later tags carry replace directives and refuse `go install`).
#   - Java time-skipping test server io.temporal:temporal-test-server:1.38.0 with its runtime
#     classpath, fetched through Maven, and a launcher that @temporalio/testing starts as an
#     `existing-path` executable (it passes on the SDK's arguments and adds nothing).
#   - npm packages when node_modules is missing or older than package-lock.json.
# Usage: scripts/ensure-tools.sh [--for test|start]   (test also ensures pdftoppm for notice checks)
set -euo pipefail

TEMPORAL_CLI_VERSION=1.5.1
TEST_SERVER_VERSION=1.38.0
CACHE_ROOT="${CASECLOCK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/caseclock}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PURPOSE="${2:-start}"
[[ "${1:-}" == "--for" ]] || PURPOSE=start

need() { command -v "$1" >/dev/null 2>&1 || { echo "caseclock: '$1' is missing: $2" >&2; exit 3; }; }
log() { echo "caseclock: $*" >&2; }

need node "install Node.js 20 (https://nodejs.org) — caseclock runs on Node 20.3+"
need npm "install npm with Node.js 20"

# --- npm packages ------------------------------------------------------------------------
if [[ ! -d "$ROOT/node_modules/@temporalio/worker" || "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]]; then
  log "installing npm packages (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# --- Temporal CLI ----------------------------------------------------------------------------
CLI_DIR="$CACHE_ROOT/temporal-cli-$TEMPORAL_CLI_VERSION"
CLI_BIN="$CLI_DIR/bin/temporal"
if [[ ! -x "$CLI_BIN" ]]; then
  need go "install Go 1.23+ to build the Temporal CLI (go install github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION)"
  log "building Temporal CLI v$TEMPORAL_CLI_VERSION with go install (first time only, about 2-3 minutes)"
  mkdir -p "$CLI_DIR/bin"
  started=$(date +%s)
  (cd /tmp && CGO_ENABLED=0 GOTOOLCHAIN=local GOBIN="$CLI_DIR/bin.tmp" go install \
      -ldflags "-X github.com/temporalio/cli/temporalcli.Version=$TEMPORAL_CLI_VERSION" \
      "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION" >"$CLI_DIR/build.log" 2>&1) \
    || { log "go install of the Temporal CLI failed; see $CLI_DIR/build.log"; exit 3; }
  mv "$CLI_DIR/bin.tmp/temporal" "$CLI_BIN" && rmdir "$CLI_DIR/bin.tmp"
  log "Temporal CLI built in $(( $(date +%s) - started ))s"
fi

# --- Java time-skipping test server ----------------------------------------------------------
TS_DIR="$CACHE_ROOT/temporal-test-server-$TEST_SERVER_VERSION"
TS_LAUNCHER="$TS_DIR/temporal-test-server"
if [[ ! -x "$TS_LAUNCHER" ]]; then
  need java "install a Java 17 runtime for the Temporal time-skipping test server"
  need mvn "install Maven 3 to fetch io.temporal:temporal-test-server:$TEST_SERVER_VERSION"
  log "fetching temporal-test-server $TEST_SERVER_VERSION and its classpath with Maven (first time only)"
  mkdir -p "$TS_DIR"
  cat >"$TS_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>caseclock</groupId><artifactId>test-server-classpath</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>$TEST_SERVER_VERSION</version></dependency>
  </dependencies>
</project>
POM
  rm -rf "$TS_DIR/lib.tmp"
  (cd "$TS_DIR" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=lib.tmp >"$TS_DIR/fetch.log" 2>&1) \
    || { log "Maven could not fetch the test server; see $TS_DIR/fetch.log"; exit 3; }
  rm -rf "$TS_DIR/lib" && mv "$TS_DIR/lib.tmp" "$TS_DIR/lib"
  # The launcher passes on exactly the arguments the SDK gives (the port) and adds nothing:
  # adding --enable-time-skipping makes env.client time out and env.sleep(d) skip 2d.
  cat >"$TS_LAUNCHER.tmp" <<'LAUNCH'
#!/usr/bin/env bash
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec java -XX:+UseSerialGC -Xss1m -cp "$DIR/lib/*" io.temporal.testserver.TestServer "$@"
LAUNCH
  chmod +x "$TS_LAUNCHER.tmp" && mv "$TS_LAUNCHER.tmp" "$TS_LAUNCHER"
fi

# --- test-only tools: pdftoppm renders a notice page to PNG for people to look at -------------
if [[ "$PURPOSE" == "test" ]] && ! command -v pdftoppm >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing poppler-utils (pdftoppm) from Debian"
    (apt-get install -y -q poppler-utils >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q poppler-utils >/dev/null 2>&1; }) \
      || log "could not install poppler-utils; the PNG rendering test will fail"
  else
    log "pdftoppm is missing (Debian package poppler-utils); the PNG rendering test will fail"
  fi
fi

# --- test-only tools: Debian's chromium for the dashboard's browser test (playwright-core drives it)
if [[ "$PURPOSE" == "test" ]] && [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing chromium from Debian (first time only)"
    (apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; }) \
      || log "could not install chromium; the browser test will fail"
  else
    log "/usr/bin/chromium is missing (Debian package chromium); the browser test will fail"
  fi
fi

mkdir -p "$CACHE_ROOT"
printf 'TEMPORAL_CLI=%s\nTEMPORAL_TEST_SERVER=%s\n' "$CLI_BIN" "$TS_LAUNCHER" >"$CACHE_ROOT/tools.env"
