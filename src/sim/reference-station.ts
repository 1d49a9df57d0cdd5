/**
 * The reference engine's station: c servers and a FCFS waiting room of `room` places, written apart from the
 * fast engine's (station.ts). A visit holds a Ticket; a queued ticket is resumed with 'served' when a server
 * takes it. A waiting ticket can be withdrawn (patience, a queue timeout, a cancelled request): it frees its
 * place at once and is passed over when its turn comes.
 */

export type TicketState = 'new' | 'waiting' | 'served' | 'withdrawn';

export class Ticket {
  state: TicketState = 'new';
  /**
   * Called with 'served' when a server takes the waiting ticket, or 'withdrawn' by whoever took it out of the
   * queue (set by the process that waits on it).
   */
  resume: (outcome: 'served' | 'withdrawn') => void = () => {};
}

export class Station {
  busy = 0;
  /** Tickets still waiting (withdrawn ones excluded). */
  waiting = 0;
  private queue: Ticket[] = [];
  private head = 0;

  constructor(
    readonly servers: number,
    readonly room: number,
  ) {}

  /** A server at once ('started'), a place in the queue ('queued'), or none ('refused'). */
  enter(ticket: Ticket): 'started' | 'queued' | 'refused' {
    if (this.busy < this.servers) {
      this.busy++;
      ticket.state = 'served';
      return 'started';
    }
    if (this.waiting < this.room) {
      this.waiting++;
      ticket.state = 'waiting';
      this.queue.push(ticket);
      return 'queued';
    }
    return 'refused';
  }

  /** Takes a waiting ticket out of the queue; false when it was no longer waiting. */
  withdraw(ticket: Ticket): boolean {
    if (ticket.state !== 'waiting') return false;
    ticket.state = 'withdrawn';
    this.waiting--;
    return true;
  }

  /** A server is free: the longest-waiting ticket still waiting takes it. */
  release(): void {
    while (this.head < this.queue.length) {
      const next = this.queue[this.head++]!;
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      if (next.state !== 'waiting') continue;
      next.state = 'served';
      this.waiting--;
      next.resume('served');
      return;
    }
    this.busy--;
  }
}

/**
 * A pool's stations: one shared queue, or one per thread (per-thread dispatch). Per-thread stations are made on
 * first use: a pool of 10^6 threads would otherwise hold 10^6 objects before the first arrival.
 */
export class Stations {
  private readonly made: Station[] = [];
  constructor(
    readonly count: number,
    private readonly servers: number,
    private readonly room: number,
  ) {}
  at(k: number): Station {
    return (this.made[k] ??= new Station(this.servers, this.room));
  }
}
