import { randomFillSync } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, a 12-bit counter in rand_a, the
 * RFC variant, then 62 random bits. The counter makes ids made in the same millisecond by this
 * process strictly increasing (RFC 9562 §6.2, method 1), so ordering by id matches creation order;
 * when it overflows, the timestamp is advanced by one millisecond instead.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMillis) {
    lastMillis = now;
    counter = randomCounterStart();
  } else if (++counter > MAX_COUNTER) {
    lastMillis += 1;
    counter = randomCounterStart();
  }
  return format(lastMillis, counter);
}

const MAX_COUNTER = 0xfff;
let lastMillis = -1;
let counter = 0;

const randomPool = new Uint8Array(8 * 256);
let poolOffset = randomPool.length;

function randomBytes8(): Uint8Array {
  if (poolOffset + 8 > randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  const bytes = randomPool.subarray(poolOffset, poolOffset + 8);
  poolOffset += 8;
  return bytes;
}

/** Starts each millisecond's counter in its lower half so it has room to count up. */
function randomCounterStart(): number {
  const bytes = randomBytes8();
  return (((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)) & 0x7ff;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function format(millis: number, sequence: number): string {
  const random = randomBytes8();
  const bytes = new Uint8Array(16);
  let time = millis;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((random[0] ?? 0) & 0x3f);
  bytes.set(random.subarray(1, 8), 9);
  let hex = '';
  for (let i = 0; i < 16; i++) {
    hex += HEX[bytes[i] ?? 0];
    if (i === 3 || i === 5 || i === 7 || i === 9) hex += '-';
  }
  return hex;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a lower-case, hyphenated UUID of any version (the shape our ids are stored in). */
export function isUuid(value: string): boolean {
  return UUID_SHAPE.test(value);
}
