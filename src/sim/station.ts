/**
 * Stations: the c threads and the waiting room of every queue in the network, and what happens to a request
 * at them. A station admits (a free thread), queues (room left) or refuses (full); when a thread frees it
 * takes the next request its discipline chooses. Leaving a queue early — abandonment (patience), a queue
 * timeout, a cancelled request whose client gave up — is the station's `withdraw`: the entry is marked and
 * skipped when the discipline reaches it (lazy deletion keeps withdraw O(1)), and the room it held is free at
 * once. The engine learns of a skipped entry through `onSkip`, so it can recycle the request's slot then.
 */
import type { QueueDiscipline } from './queue-discipline.ts';

export const SERVE = 0;
export const QUEUED = 1;
export const REFUSED = 2;

export class Stations {
  /** Threads busy per queue. */
  readonly busy: Float64Array;
  /** Requests waiting per queue (withdrawn ones excluded). */
  readonly waiting: Int32Array;
  private withdrawn = new Uint8Array(1024);

  constructor(
    private readonly servers: Float64Array,
    private readonly capacity: Float64Array,
    private readonly discipline: QueueDiscipline,
    private readonly onSkip: (slot: number) => void,
  ) {
    this.busy = new Float64Array(servers.length);
    this.waiting = new Int32Array(servers.length);
  }

  /** A request arrives at queue q: SERVE (it holds a thread now), QUEUED, or REFUSED (waiting room full). */
  arrive(q: number, slot: number): number {
    if (this.busy[q]! < this.servers[q]!) {
      this.busy[q]!++;
      return SERVE;
    }
    if (this.waiting[q]! < this.capacity[q]!) {
      this.discipline.push(q, slot);
      this.waiting[q]!++;
      return QUEUED;
    }
    return REFUSED;
  }

  /** A thread of queue q frees: the slot it serves next (it keeps the thread), or −1 (the thread idles). */
  release(q: number): number {
    while (this.waiting[q]! > 0) {
      const slot = this.discipline.pop(q);
      if (this.withdrawn[slot] === 1) {
        this.withdrawn[slot] = 0;
        this.onSkip(slot);
        continue;
      }
      this.waiting[q]!--;
      return slot;
    }
    this.busy[q]!--;
    return -1;
  }

  /** A waiting request leaves queue q before service. */
  withdraw(q: number, slot: number): void {
    if (slot >= this.withdrawn.length) {
      const bigger = new Uint8Array(Math.max(slot + 1, this.withdrawn.length * 2));
      bigger.set(this.withdrawn);
      this.withdrawn = bigger;
    }
    this.withdrawn[slot] = 1;
    this.waiting[q]!--;
  }
}
