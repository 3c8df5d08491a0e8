#!/usr/bin/env node
// Thin launcher: the command line is compiled to dist/ by `npm install` (the prepare script).
import { main } from '../dist/src/cli.js';

// A closed pipe (iis401 ... | head) is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`iis401: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
