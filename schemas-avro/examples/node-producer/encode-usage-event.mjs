// Builds the UsageEvent for a call's first billed minute and frames it the way every AYBIZA consumer reads it:
// Avro single-object encoding (C3 01, CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form, body).
//   node encode-usage-event.mjs [tenant_id] [organization_id] [call_sid] [answered_at ISO-8601 UTC, up to µs]
// prints one JSON line: {"topic": "aybiza.usage.v1", "key": "<tenant_id>", "value_base64": "<framed bytes>"}.
// Send value with key = tenant_id (UTF-8) to topic aybiza.usage.v1 with any Kafka client, acks=all, idempotence on.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import avro from 'avsc';

const [tenantId = '6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b', organizationId = '0e7d1c52-5f0a-4c1e-9d7a-1b2c3d4e5f60',
  callSid = 'CA9f8e7d6c5b4a39281706f5e4d3c2b1a0', answeredAt = '2025-03-14T09:26:53.589793Z'] = process.argv.slice(2);
for (const id of [tenantId, organizationId]) {
  if (!/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/.test(id)) throw new Error(`not a lower-case UUID: ${id}`);
}

// No logicalTypes are registered, so avsc reads uuid/timestamp-micros/date/decimal as their plain Avro types
// (string/long/int/bytes) and we pass those values: what goes on the wire is exactly what we build here.
const schema = JSON.parse(readFileSync(new URL('../../src/main/avro/UsageEvent.avsc', import.meta.url)));
const type = avro.Type.forSchema(schema);

// RFC 4122 version 5 (SHA-1, name-based) UUID. The id is derived from what is billed, never from a clock or a
// random generator: a retry of this send must carry the same event_id, so the pipeline drops it as a duplicate.
function uuidV5(namespace, name) {
  const namespaceBytes = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Avro decimal: the unscaled value at the schema's scale as a minimal two's-complement big-endian integer.
// Parsed from text so no binary floating point ever touches money.
function decimal(text, scale) {
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length > scale) throw new Error(`${text} has more than ${scale} decimal places`);
  let unscaled = BigInt(whole + fraction.padEnd(scale, '0'));
  const bytes = [];
  do {
    bytes.unshift(Number(unscaled & 0xffn));
    unscaled >>= 8n; // arithmetic shift: negative values end at -1n
  } while (!((unscaled === 0n && bytes[0] < 0x80) || (unscaled === -1n && bytes[0] >= 0x80)));
  return Buffer.from(bytes);
}

// CRC-64-AVRO (Rabin) fingerprint, as in the Avro specification; avsc's fingerprint() only offers crypto hashes.
const EMPTY = 0xc15d213aa4d7a795n;
const TABLE = Array.from({ length: 256 }, (_, i) => {
  let fp = BigInt(i);
  for (let j = 0; j < 8; j++) fp = (fp >> 1n) ^ (fp & 1n ? EMPTY : 0n);
  return fp;
});
function crc64Avro(bytes) {
  let fp = EMPTY;
  for (const b of bytes) fp = (fp >> 8n) ^ TABLE[Number((fp ^ BigInt(b)) & 0xffn)];
  return fp;
}

// Microseconds since the epoch, UTC (JS Dates stop at milliseconds, so the fraction is read from the text).
const [, seconds, fraction = ''] = /^(.+T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(answeredAt) ?? [];
if (!seconds) throw new Error(`answered_at must look like 2025-03-14T09:26:53.589793Z, got ${answeredAt}`);
const answeredMicros = BigInt(Date.parse(`${seconds}Z`)) * 1000n + BigInt(fraction.padEnd(6, '0'));
const MICROS_PER_MINUTE = 60_000_000n;

const event = {
  event_id: uuidV5(tenantId, `${callSid}|call_minutes|segment-1`),
  event_time: Number(answeredMicros + MICROS_PER_MINUTE), // the minute is billed when it ends; < 2^53 until 2255
  organization_id: organizationId, tenant_id: tenantId, agent_id: null,
  kind: 'RECORD', resource_type: 'call_minutes', resource_subtype: 'inbound',
  quantity: decimal('1', 6), unit: 'minutes', unit_price: decimal('0.012', 6), total_cost: decimal('0.012', 6),
  billing_period: Number(answeredMicros / 86_400_000_000n), // date: days since the epoch, the UTC day it started
  corrects_event_id: null, reason: null, call_sid: callSid, execution_id: null,
  metadata: { source: 'node-producer-example' },
};

// avsc 5's schema() (no options) is the Parsing Canonical Form: full names, no doc/default/logicalType attributes.
const fingerprint = Buffer.alloc(8);
fingerprint.writeBigUInt64LE(crc64Avro(Buffer.from(JSON.stringify(type.schema()), 'utf8')));
const value = Buffer.concat([Buffer.from([0xc3, 0x01]), fingerprint, type.toBuffer(event)]);
console.log(JSON.stringify({ topic: 'aybiza.usage.v1', key: tenantId, value_base64: value.toString('base64') }));
