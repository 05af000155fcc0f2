/** Entry point of `npm run cli`. */
import { contextFromEnv } from './context.js';
import { createProgram } from './program.js';

const program = createProgram(() => contextFromEnv(process.env), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
});

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
