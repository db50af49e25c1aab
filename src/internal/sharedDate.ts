function unchangeable(): never {
  // A TypeError, as writing to a frozen object gives.
  throw new TypeError('this date is shared by several results and cannot be changed: copy it first (new Date(date))');
}

/**
 * A Date whose setters throw, so that one object can stand for the same instant in millions of
 * results (a governed schedule names a few dozen days, and its contacts two dates each): read
 * it as any Date (`getTime()`, `toISOString()`, `instanceof Date`, JSON), copy it to change it.
 * Internal: made by {@link sharedDates}.
 */
class SharedDate extends Date {
  override setTime(): number {
    return unchangeable();
  }
  override setMilliseconds(): number {
    return unchangeable();
  }
  override setUTCMilliseconds(): number {
    return unchangeable();
  }
  override setSeconds(): number {
    return unchangeable();
  }
  override setUTCSeconds(): number {
    return unchangeable();
  }
  override setMinutes(): number {
    return unchangeable();
  }
  override setUTCMinutes(): number {
    return unchangeable();
  }
  override setHours(): number {
    return unchangeable();
  }
  override setUTCHours(): number {
    return unchangeable();
  }
  override setDate(): number {
    return unchangeable();
  }
  override setUTCDate(): number {
    return unchangeable();
  }
  override setMonth(): number {
    return unchangeable();
  }
  override setUTCMonth(): number {
    return unchangeable();
  }
  override setFullYear(): number {
    return unchangeable();
  }
  override setUTCFullYear(): number {
    return unchangeable();
  }
}
// The legacy setYear, where the runtime has it.
if ('setYear' in Date.prototype) Object.defineProperty(SharedDate.prototype, 'setYear', { value: unchangeable, writable: true, configurable: true });
Object.freeze(SharedDate.prototype);

/** One unchangeable Date per instant (epoch milliseconds), made on first use. */
export function sharedDates(): (time: number) => Date {
  const made = new Map<number, Date>();
  return (time) => {
    let date = made.get(time);
    if (date === undefined) made.set(time, (date = Object.freeze(new SharedDate(time))));
    return date;
  };
}
