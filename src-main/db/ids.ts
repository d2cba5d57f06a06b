import { randomBytes } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): a 48-bit millisecond timestamp, then random bits. Ids created close in time sit close in
 * every primary-key index, so inserts append instead of scattering pages across the file.
 */
export function newId(at: number = Date.now()): string {
  const bytes = randomBytes(16);
  const ms = Math.max(0, Math.floor(at));
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
