/** `T` with its fields writable: for a result built field by field (optional fields added only when present). */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };
