/** Counts of one kind of thing, printed largest first. */
class Counter {
  readonly counts = new Map<string, number>();
  add(key: string, by = 1) {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }
  get total() {
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }
  /** `a 12, b 3`, largest first. */
  toString() {
    return [...this.counts]
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .map(([key, n]) => `${key} ${n}`)
      .join(', ');
  }
}

/** The figures of a fuzz run: cases per route, answers by status and by error code, 5xx, writes on refusal. */
export class FuzzFigures {
  readonly perRoute = new Map<string, Counter>();
  readonly errorCodes = new Counter();
  readonly bodyKinds = new Counter();
  readonly statusClasses = new Counter();
  serverErrors = 0;
  refusedUnchanged = 0;
  /** Wrong codes: refused, and the try counted (the one documented write on a refusal). */
  refusedWithCountedTry = 0;

  /** One case's answer. */
  record(route: string, status: number, code: string | undefined, bodyKind: string | undefined) {
    const counter = this.perRoute.get(route) ?? new Counter();
    counter.add(String(status));
    this.perRoute.set(route, counter);
    this.statusClasses.add(`${Math.floor(status / 100)}xx`);
    if (status >= 500) this.serverErrors += 1;
    if (code) this.errorCodes.add(`${status} ${code}`);
    if (bodyKind) this.bodyKinds.add(bodyKind);
  }

  get cases() {
    return this.statusClasses.total;
  }

  /** The report printed at the end of the run. */
  report(scale: string, seed: number | undefined): string {
    const width = Math.max(...[...this.perRoute.keys()].map((key) => key.length));
    return [
      `Fuzz (${scale}${seed === undefined ? '' : `, seed ${seed}`}): ${this.cases} cases over ${this.perRoute.size} routes; ${this.statusClasses}; 5xx: ${this.serverErrors}`,
      `  refused with the database unchanged (every product table, R2): ${this.refusedUnchanged}; refused, wrong code counted: ${this.refusedWithCountedTry}`,
      `  bodies: ${this.bodyKinds}`,
      `  4xx by code: ${this.errorCodes}`,
      '  per route (status count):',
      ...[...this.perRoute].sort(([a], [b]) => a.localeCompare(b)).map(([route, counter]) => `    ${route.padEnd(width)}  ${String(counter.total).padStart(5)}  ${counter}`),
    ].join('\n');
  }
}
