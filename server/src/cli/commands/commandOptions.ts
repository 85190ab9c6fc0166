import { UsageError } from '../args';

/** A command line split into `--flag value` pairs, bare flags and positional words, read flag by flag by its command. */
export class CommandOptions {
  private readonly values = new Map<string, string[]>();
  private readonly switches = new Set<string>();
  /** The words that are not options (endpoints, files). */
  readonly positional: string[] = [];

  /** Splits argv; `valued` names the flags that take a value (`--flag v` or `--flag=v`), `switches` the bare ones. */
  constructor(argv: readonly string[], valued: readonly string[], switches: readonly string[]) {
    const rest = [...argv];
    while (rest.length) {
      const a = rest.shift() ?? '';
      const eq = a.startsWith('--') ? a.indexOf('=') : -1;
      const flag = eq > 0 ? a.slice(0, eq) : a;
      if (valued.includes(flag)) {
        const v = eq > 0 ? a.slice(eq + 1) : rest.shift();
        if (v === undefined || v === '') {
          throw new UsageError(`${flag} needs a value`);
        }
        this.values.set(flag, [...(this.values.get(flag) ?? []), v]);
      } else if (switches.includes(flag) && eq < 0) {
        this.switches.add(flag);
      } else if (a.startsWith('-') && a !== '-') {
        throw new UsageError(`unknown option ${a}`);
      } else {
        this.positional.push(a);
      }
    }
  }

  /** Every value given for a flag. */
  all(flag: string): string[] {
    return this.values.get(flag) ?? [];
  }

  /** The last value given for a flag, if any. */
  last(flag: string): string | undefined {
    return this.all(flag).at(-1);
  }

  /** True when a bare flag was given. */
  has(flag: string): boolean {
    return this.switches.has(flag);
  }

  /** A flag's value, which must be one of `allowed` (default when absent). */
  oneOf<T extends string>(flag: string, allowed: readonly T[], fallback: T): T {
    const v = this.last(flag);
    if (v === undefined) {
      return fallback;
    }
    if (!(allowed as readonly string[]).includes(v)) {
      throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${v}")`);
    }
    return v as T;
  }

  /** A flag's integer value within [min, max] (default when absent). */
  integer(flag: string, min: number, max: number, fallback: number): number {
    const v = this.last(flag);
    if (v === undefined) {
      return fallback;
    }
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${v}")`);
    }
    return n;
  }
}
