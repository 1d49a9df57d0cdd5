/**
 * The Redis side shared by the client and the workers: the queue's name, connections from a URL
 * (`redis://`, `rediss://` for TLS, a password in the URL), and the URL as it may be printed (never with
 * its password).
 */
import type { ConnectionOptions } from 'bullmq';

/** One queue for every run; a job names its run, point and replication. */
export const QUEUE_NAME = 'reqpath-simulations';

/** The URL with any password or user name replaced, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username) parsed.username = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable Redis URL)';
  }
}

/** Refused before connecting: not a redis:// or rediss:// URL. */
export function checkRedisUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `--redis: expected a URL such as redis://localhost:6379 or rediss://:PASSWORD@host:6380, got ${redactRedisUrl(url)}`;
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    return `--redis: expected redis:// or rediss:// (TLS), got ${parsed.protocol}//`;
  }
  return null;
}

/**
 * Connection options: ioredis reads host, port, password and database from the URL and turns TLS on for
 * rediss://. Reconnection is quick and bounded so that a lost Redis is noticed (the client gives up after
 * its own deadline; workers keep retrying, as a service should). The client stops reconnecting after ~10 s
 * (past that deadline): a Redis that never answered (a wrong port) left bullmq unable to close, and ioredis's
 * reconnection timers kept the process alive after the error.
 */
export function connectionFor(url: string, role: 'client' | 'worker'): ConnectionOptions {
  return {
    url,
    maxRetriesPerRequest: null,
    enableOfflineQueue: role === 'worker',
    connectTimeout: 5000,
    retryStrategy: (times: number) => (role === 'client' && times > CLIENT_RECONNECTS ? null : Math.min(200 * times, 2000)),
  } as ConnectionOptions;
}

/** 0.2 + 0.4 + … + 2 s: about 11 s of attempts, beyond the client's 5 s deadline and 2 s probe. */
const CLIENT_RECONNECTS = 10;
