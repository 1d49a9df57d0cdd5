/**
 * The CPU as a k-core processor-sharing station (the model of src/analytic/cores.ts): when n CPU-bound
 * threads are busy, each progresses at rate min(1, k/n) core-seconds per second.
 *
 * Virtual time: a clock V that advances at rate min(1, k/n). Every job then progresses by exactly dV, so a
 * job that joins at V₀ with w core-seconds of work finishes when V reaches V₀ + w, whatever happens to n in
 * between. Finish tags never change once set, so a min-heap on them (typed arrays, nothing allocated per
 * job) gives the next job to finish; only the real time of that finish moves when n changes, and `version`
 * counts those changes so an event loop can drop completions it scheduled under an older n (lazy
 * invalidation).
 */
export class ProcessorSharing {
  /** Jobs being served (CPU-bound threads busy on the CPU). */
  jobs = 0;
  /** Bumped whenever the next completion time may have changed. */
  version = 0;
  private virtual = 0;
  private lastSeconds = 0;
  private tag = new Float64Array(64);
  private job = new Int32Array(64);

  constructor(readonly cores: number) {}

  private rate(): number {
    return this.jobs <= this.cores ? 1 : this.cores / this.jobs;
  }

  private advance(nowSeconds: number): void {
    if (this.jobs > 0) this.virtual += (nowSeconds - this.lastSeconds) * this.rate();
    this.lastSeconds = nowSeconds;
  }

  /** Job `id` joins at `nowSeconds` with `workSeconds` of CPU work. */
  add(nowSeconds: number, id: number, workSeconds: number): void {
    this.advance(nowSeconds);
    let n = this.jobs++;
    if (n === this.tag.length) {
      const t = new Float64Array(n * 2);
      t.set(this.tag);
      this.tag = t;
      const j = new Int32Array(n * 2);
      j.set(this.job);
      this.job = j;
    }
    const finish = this.virtual + workSeconds;
    const tag = this.tag;
    const job = this.job;
    while (n > 0) {
      const parent = (n - 1) >> 1;
      if (tag[parent]! <= finish) break;
      tag[n] = tag[parent]!;
      job[n] = job[parent]!;
      n = parent;
    }
    tag[n] = finish;
    job[n] = id;
    this.version++;
  }

  /** Real time of the next completion (Infinity when idle), valid until `version` changes. */
  nextCompletion(): number {
    if (this.jobs === 0) return Infinity;
    return this.lastSeconds + Math.max(0, this.tag[0]! - this.virtual) / this.rate();
  }

  /** Removes and returns the job finishing at `nowSeconds` (the one nextCompletion() announced). */
  complete(nowSeconds: number): number {
    this.advance(nowSeconds);
    const tag = this.tag;
    const job = this.job;
    const done = job[0]!;
    // Rounding can leave V a hair short of the tag: the job is due, so V is its tag.
    if (tag[0]! > this.virtual) this.virtual = tag[0]!;
    const n = --this.jobs;
    const lastTag = tag[n]!;
    const lastJob = job[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && tag[child + 1]! < tag[child]!) child++;
      if (tag[child]! >= lastTag) break;
      tag[i] = tag[child]!;
      job[i] = job[child]!;
      i = child;
    }
    tag[i] = lastTag;
    job[i] = lastJob;
    this.version++;
    return done;
  }
}
