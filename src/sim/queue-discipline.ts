/**
 * Queue disciplines for the fast engine's stations: which waiting request a freed thread takes next (Ciw's
 * habit: a discipline is a small object choosing the next individual). Requests are slot numbers; each
 * discipline keeps every queue of the network in typed arrays, so nothing is allocated per event.
 */
export interface QueueDiscipline {
  push(queue: number, slot: number): void;
  /** The next slot to serve, or −1 when the queue is empty. */
  pop(queue: number): number;
  /** Entries held, including any the station has withdrawn but not yet skipped. */
  size(queue: number): number;
}

/** First come, first served: a power-of-two ring per queue, doubled when full. */
export class Fifo implements QueueDiscipline {
  private readonly rings: Int32Array[] = [];
  private readonly heads: Int32Array;
  private readonly lengths: Int32Array;

  constructor(queueCount: number) {
    this.heads = new Int32Array(queueCount);
    this.lengths = new Int32Array(queueCount);
    // Rings grow on first use: a per-thread pool of 10^6 threads would otherwise allocate 10^6 arrays up front.
    const empty = new Int32Array(0);
    for (let q = 0; q < queueCount; q++) this.rings.push(empty);
  }

  push(queue: number, slot: number): void {
    let ring = this.rings[queue]!;
    const len = this.lengths[queue]!;
    if (len === ring.length) {
      const bigger = new Int32Array(Math.max(16, ring.length * 2));
      const head = this.heads[queue]!;
      for (let k = 0; k < len; k++) bigger[k] = ring[(head + k) & (ring.length - 1)]!;
      this.rings[queue] = ring = bigger;
      this.heads[queue] = 0;
    }
    ring[(this.heads[queue]! + len) & (ring.length - 1)] = slot;
    this.lengths[queue] = len + 1;
  }

  pop(queue: number): number {
    const len = this.lengths[queue]!;
    if (len === 0) return -1;
    const ring = this.rings[queue]!;
    const head = this.heads[queue]!;
    this.heads[queue] = (head + 1) & (ring.length - 1);
    this.lengths[queue] = len - 1;
    return ring[head]!;
  }

  size(queue: number): number {
    return this.lengths[queue]!;
  }
}
