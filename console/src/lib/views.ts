/** How a screen's URL search state is stored in a saved view: every value a string (the API's `params`). */
export type ViewParams = Record<string, string>;

/** How one screen's search state is stored: `fromParams` validates as the URL does (a stale view drops what no
 * longer fits). */
export interface ViewCodec<S> {
  toParams: (search: S) => ViewParams;
  fromParams: (params: ViewParams) => S;
}

/** The search state as the API stores it: name -> string (JSON for what is not a string); `omit` (say, the page
 * cursor) and unset values are left out. */
export function encodeParams(search: object, omit: readonly string[] = []): ViewParams {
  const out: ViewParams = {};
  for (const [key, value] of Object.entries(search) as [string, unknown][]) {
    if (omit.includes(key) || value === undefined) continue;
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Back from the stored strings: a value `isJson` accepts is parsed (left a string when it does not parse). */
export function decodeParams(params: ViewParams, isJson: (value: string) => boolean): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    try {
      raw[key] = isJson(value) ? JSON.parse(value) : value;
    } catch {
      raw[key] = value;
    }
  }
  return raw;
}
