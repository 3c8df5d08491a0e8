#!/usr/bin/env node
// Thin launcher: the command line is compiled to dist/ by `npm install` (the prepare script).
import { main } from '../dist/src/cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`iis401: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
