// `npm run docs:build` and `npm run docs:dev` (after `npm run build`): see src/docs/build.ts.
import { runDocs } from '../dist/src/docs/build.js';
import { projectRoot } from '../dist/src/root.js';

const mode = process.argv[2] === 'dev' ? 'dev' : 'build';
runDocs(projectRoot(), mode).then(
  (code) => {
    if (mode === 'build' || code !== 0) process.exit(code);
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
