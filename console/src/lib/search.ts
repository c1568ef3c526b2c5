/**
 * Validated URL search params without a schema library in the first bundle (route definitions load with the
 * shell; the sign-in page must stay small). `searchParams({ q: str(200), status: list(STATUSES) })` returns a
 * `validateSearch` for a route: every field is optional, and a value that does not fit is dropped (a bad link
 * opens the screen with that filter cleared, never an error page).
 */
type Parser<T> = (raw: unknown) => T | undefined;

export function str(max: number): Parser<string> {
  return (raw) => {
    const v = typeof raw === 'number' ? String(raw) : raw;
    return typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
  };
}

/** A string that matches `pattern` whole (anchor it) and is at most `max` long. */
export function match(pattern: RegExp, max: number): Parser<string> {
  const one = str(max);
  return (raw) => {
    const v = one(raw);
    return v !== undefined && pattern.test(v) ? v : undefined;
  };
}

/** A path's id, a positive whole number; anything else throws (the router shows its error screen). */
export function idParam(raw: string | undefined): number {
  const id = Number(/^\d{1,18}$/.exec(raw ?? '')?.[0] ?? NaN);
  if (!(id > 0)) throw new Error(`not an id: ${String(raw).slice(0, 40)}`);
  return id;
}

export function oneOf<const T extends string>(values: readonly T[]): Parser<T> {
  return (raw) => (typeof raw === 'string' && (values as readonly string[]).includes(raw) ? (raw as T) : undefined);
}

/** One or several values of a set (a single value in the URL is a list of one). */
export function list<const T extends string>(values: readonly T[], maxItems = 50): Parser<T[]> {
  const one = oneOf(values);
  return (raw) => {
    const items = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(one).filter((v): v is T => v !== undefined);
    return items.length > 0 ? [...new Set(items)].slice(0, maxItems) : undefined;
  };
}

/** Free strings (tags, activity types): each at most `max` long. */
export function strList(max: number, maxItems = 20): Parser<string[]> {
  const one = str(max);
  return (raw) => {
    const items = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(one).filter((v): v is string => v !== undefined);
    return items.length > 0 ? items.slice(0, maxItems) : undefined;
  };
}

export function num(min: number, max: number, integer = false): Parser<number> {
  return (raw) => {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) return undefined;
    return n;
  };
}

/** A calendar day, YYYY-MM-DD. */
export function day(): Parser<string> {
  return (raw) => (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw)) ? raw : undefined);
}

export function bool(): Parser<boolean> {
  return (raw) => (raw === true || raw === 'true' ? true : raw === false || raw === 'false' ? false : undefined);
}

type Shape = Record<string, Parser<unknown>>;
export type SearchOf<S extends Shape> = { [K in keyof S]?: S[K] extends Parser<infer T> ? T : never };

export function searchParams<S extends Shape>(shape: S): (raw: Record<string, unknown>) => SearchOf<S> {
  return (raw) => {
    const out: Record<string, unknown> = {};
    for (const [key, parse] of Object.entries(shape)) {
      const value = parse(raw[key]);
      if (value !== undefined) out[key] = value;
    }
    return out as SearchOf<S>;
  };
}
