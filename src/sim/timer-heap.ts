/**
 * Timers of the overload behaviours (client timeout, patience, queue timeout, retry send), apart from the main
 * event heap so a model without them pays one comparison per event. A timer carries the serial its request had
 * when it was set; a timer whose request has since moved on (served, freed, re-queued) no longer matches and
 * is ignored when it fires, so nothing is ever searched for and cancelled.
 */
export class TimerHeap {
  size = 0;
  private times = new Float64Array(256);
  private codes = new Int32Array(256);
  private serials = new Int32Array(256);

  /** Time of the earliest timer (Infinity when none). */
  peekTime(): number {
    return this.size > 0 ? this.times[0]! : Infinity;
  }
  peekCode(): number {
    return this.codes[0]!;
  }
  peekSerial(): number {
    return this.serials[0]!;
  }

  push(time: number, code: number, serial: number): void {
    if (this.size === this.times.length) {
      const cap = this.size * 2;
      const t = new Float64Array(cap);
      t.set(this.times);
      this.times = t;
      const c = new Int32Array(cap);
      c.set(this.codes);
      this.codes = c;
      const s = new Int32Array(cap);
      s.set(this.serials);
      this.serials = s;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent]! <= time) break;
      this.times[i] = this.times[parent]!;
      this.codes[i] = this.codes[parent]!;
      this.serials[i] = this.serials[parent]!;
      i = parent;
    }
    this.times[i] = time;
    this.codes[i] = code;
    this.serials[i] = serial;
  }

  /** Removes the earliest timer (the caller has read it). */
  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const time = this.times[n]!;
    const code = this.codes[n]!;
    const serial = this.serials[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.times[child + 1]! < this.times[child]!) child++;
      if (this.times[child]! >= time) break;
      this.times[i] = this.times[child]!;
      this.codes[i] = this.codes[child]!;
      this.serials[i] = this.serials[child]!;
      i = child;
    }
    this.times[i] = time;
    this.codes[i] = code;
    this.serials[i] = serial;
  }
}
