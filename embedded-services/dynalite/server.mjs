// A DynamoDB-compatible server for the tests and the local run.
//
// Why this exists: the platform keeps real-time state (agent sessions, active tool executions, realtime call
// state) in DynamoDB, and its tests need a real server speaking the DynamoDB API. Amazon's DynamoDB Local may not
// be used (not an open-source licence); dynalite (on LevelDB, or in memory) is, and answers the AWS SDKs and
// Flink's DynamoDB sink.
//
// Usage: node server.mjs [--port N] [--data-dir DIR] [--table-state-ms MS] [--exit-with-parent]
//   --port N             TCP port on 127.0.0.1 (default 8000; 0 picks a free one)
//   --data-dir DIR       keep the tables in DIR (LevelDB); default: in memory
//   --table-state-ms MS  how long a table stays CREATING/UPDATING/DELETING, as real DynamoDB's do (default 500);
//                        clients must wait for ACTIVE either way
//   --exit-with-parent   end when stdin closes: the parent that started it is gone, however it went
// Prints exactly one line "READY port=N" to stdout once listening; logs go to stderr. Ends on SIGTERM and SIGINT.
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '8000' },
    'data-dir': { type: 'string' },
    'table-state-ms': { type: 'string', default: '500' },
    'exit-with-parent': { type: 'boolean', default: false },
  },
});
const port = Number(args.port);
const stateMs = Number(args['table-state-ms']);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port: ${args.port}`);
  process.exit(2);
}
if (!Number.isInteger(stateMs) || stateMs < 0) {
  console.error(`invalid --table-state-ms: ${args['table-state-ms']}`);
  process.exit(2);
}

const server = dynalite({
  path: args['data-dir'],
  createTableMs: stateMs,
  updateTableMs: stateMs,
  deleteTableMs: stateMs,
});
server.on('error', (err) => {
  console.error('dynalite:', err);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`READY port=${server.address().port}\n`));

let stopping = false;
function shutdown(why) {
  if (stopping) return;
  stopping = true;
  console.error(`${why}: stopping`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
if (args['exit-with-parent']) {
  // The parent never writes; end of stdin means it has gone.
  process.stdin.on('end', () => shutdown('parent gone'));
  process.stdin.on('error', () => shutdown('parent gone'));
  process.stdin.resume();
}
