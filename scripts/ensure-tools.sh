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
if [[ ! -d "$TS_DIR/lib" ]]; then
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
fi

# The launcher passes on exactly the arguments the SDK gives (the port) and adds no server
# option: adding --enable-time-skipping makes env.client time out and env.sleep(d) skip 2d.
# JVM options, measured on C1x (`caseclock simulate` of a three-year case, 2 cores):
#  - C1 only (TieredStopAtLevel=1): C2's optimising work does not pay back in a run this
#    short; the server's CPU 4.1-4.3 s -> 2.9-3.2 s;
#  - a class-data archive of the server's own classes (AppCDS, made below): start to listening
#    1.5-3.3 s -> 0.3-0.5 s, the server's CPU -> 2.2-2.4 s; without it the JVM starts as before;
#  - JVM messages to stderr: the SDK passes the server's stdout on to ours (`simulate --json`).
# A cached launcher is rewritten when its text differs from this one (an older cache keeps
# working with the new options), and the archive is remade when the launcher or Java changes.
LAUNCHER_TEXT=$(cat <<'LAUNCH'
#!/usr/bin/env bash
# Written by caseclock's scripts/ensure-tools.sh; rewritten when that script's copy changes.
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CDS=()
[[ -f "$DIR/test-server.jsa" ]] && CDS=("-XX:SharedArchiveFile=$DIR/test-server.jsa")
exec java -XX:+UseSerialGC -Xss1m -XX:TieredStopAtLevel=1 -Xlog:disable -Xlog:all=warning:stderr "${CDS[@]}" \
  -cp "$DIR/lib/*" io.temporal.testserver.TestServer "$@"
LAUNCH
)
if [[ ! -x "$TS_LAUNCHER" || "$(cat "$TS_LAUNCHER")" != "$LAUNCHER_TEXT" ]]; then
  printf '%s\n' "$LAUNCHER_TEXT" >"$TS_LAUNCHER.tmp.$$"
  chmod +x "$TS_LAUNCHER.tmp.$$" && mv "$TS_LAUNCHER.tmp.$$" "$TS_LAUNCHER"
  log "wrote the test-server launcher"
fi

# The class-data archive: one training run of the server (start, then a workflow started,
# described, signalled and terminated through the Temporal CLI, so the request paths' classes
# are in it too), archived when the JVM exits on SIGTERM (the SDK stops the server with
# SIGKILL, which archives nothing, so it cannot be made on first use). Stamped with the
# launcher, `java -version` and the jar list: the JVM refuses an archive of another build.
TS_CDS="$TS_DIR/test-server.jsa"
CDS_STAMP=none
command -v java >/dev/null 2>&1 && CDS_STAMP="$( { printf '%s\n' "$LAUNCHER_TEXT"; java -version 2>&1; ls "$TS_DIR/lib"; } | sha256sum | cut -c1-64)"
if [[ $CDS_STAMP != none && ( ! -f "$TS_CDS" || "$(cat "$TS_CDS.stamp" 2>/dev/null)" != "$CDS_STAMP" ) ]]; then
  log "making the test server's class-data archive (first time only, a few seconds)"
  rm -f "$TS_CDS" "$TS_CDS.stamp"
  CDS_TMP="$TS_CDS.tmp.$$"
  CDS_PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  # The class path exactly as the launcher spells it (absolute): the JVM checks it against the archive's.
  java -XX:+UseSerialGC -Xss1m -XX:TieredStopAtLevel=1 -Xlog:disable -Xlog:all=error:stderr -XX:ArchiveClassesAtExit="$CDS_TMP" \
    -cp "$(cd "$TS_DIR" && pwd)/lib/*" io.temporal.testserver.TestServer "$CDS_PORT" >"$TS_DIR/cds.log" 2>&1 &
  CDS_PID=$!
  cli() { timeout 20 "$CLI_BIN" "$@" --address "127.0.0.1:$CDS_PORT" --namespace default >/dev/null 2>&1; }
  trained=0
  for _ in $(seq 1 150); do
    if cli workflow start --task-queue cds --type Training --workflow-id cds-training; then trained=1; break; fi
    kill -0 "$CDS_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ $trained == 1 ]]; then
    cli workflow describe --workflow-id cds-training || true
    cli workflow signal --workflow-id cds-training --name training || true
    cli workflow terminate --workflow-id cds-training --reason training || true
  fi
  kill -TERM "$CDS_PID" 2>/dev/null || true
  wait "$CDS_PID" 2>/dev/null || true
  if [[ $trained == 1 && -s "$CDS_TMP" ]]; then
    mv "$CDS_TMP" "$TS_CDS" && printf '%s\n' "$CDS_STAMP" >"$TS_CDS.stamp"
  else
    rm -f "$CDS_TMP"
    log "could not make the class-data archive (see $TS_DIR/cds.log); the test server starts without it, only slower"
  fi
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
