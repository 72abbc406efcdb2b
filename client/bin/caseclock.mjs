#!/usr/bin/env node
// The `caseclock` command: the CLI prebuilt into one cached bundle (cli-bundle.mjs; rebuilt
// when a source changes), or client/cli/main.ts through tsx when that cannot be built.
import { loadCli } from './cli-bundle.mjs';
const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
