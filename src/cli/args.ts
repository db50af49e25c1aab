/** Command-line parsing for the relance CLI: strict, with messages that name the flag. */

export interface DemoArgs {
  readonly command: 'demo';
  readonly customers: number;
  readonly seed: number;
  readonly asOf: Date | undefined;
  readonly out: string;
  readonly years: number;
  readonly sites: number;
  readonly quiet: boolean;
}

export type CliArgs = DemoArgs | { readonly command: 'help' } | { readonly command: 'version' };

/** A bad command line: the message is shown with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: relance <command> [options]

Commands:
  demo        simulate a dealer group, validate it, print a summary and write an HTML report

Options of demo:
  --customers N     customer records to simulate (default 20000)
  --seed S          seed of the simulation, an integer (default 42)
  --as-of DATE      the day the batch runs, YYYY-MM-DD (default: today, UTC)
  --years Y         years of history (default 8)
  --sites K         number of sites, 1 to 12 (default 4)
  --out DIR         where to write report.html (default relance-report)
  --quiet           no progress on stderr

  relance --help | --version`;

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^-?\d+$/.test(text)) throw new UsageError(`${flag} expects a whole number, got ${text === undefined ? 'nothing' : `'${text}'`}`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function day(flag: string, text: string | undefined): Date {
  const m = text === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) throw new UsageError(`${flag} expects a date YYYY-MM-DD, got ${text === undefined ? 'nothing' : `'${text}'`}`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() !== Number(m[2]) - 1) throw new UsageError(`${flag}: '${text}' is not a calendar date`);
  return date;
}

/** Parses `argv` (without node and the script). */
export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command === '--version' || command === '-v') return { command: 'version' };
  if (command !== 'demo') throw new UsageError(`unknown command '${command}'`);
  let customers = 20_000;
  let seed = 42;
  let asOf: Date | undefined;
  let out = 'relance-report';
  let years = 8;
  let sites = 4;
  let quiet = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? rest[++i];
    switch (flag) {
      case '--customers':
        customers = wholeNumber(flag, value(), 0, 5_000_000);
        break;
      case '--seed':
        seed = wholeNumber(flag, value(), -2_147_483_648, 2_147_483_647);
        break;
      case '--as-of':
        asOf = day(flag, value());
        break;
      case '--years':
        years = wholeNumber(flag, value(), 1, 30);
        break;
      case '--sites':
        sites = wholeNumber(flag, value(), 1, 12);
        break;
      case '--out': {
        const dir = value();
        if (dir === undefined || dir === '') throw new UsageError('--out expects a directory');
        out = dir;
        break;
      }
      case '--quiet':
        quiet = true;
        break;
      case '--help':
      case '-h':
        return { command: 'help' };
      default:
        throw new UsageError(`unknown option '${arg}'`);
    }
  }
  return { command: 'demo', customers, seed, asOf, out, years, sites, quiet };
}
