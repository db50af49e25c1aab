/**
 * Issue 6, "Done when": on the simulator, the model's AUC against the AUC of the simulator's
 * true probabilities, on the same rows and the same outcomes.
 *
 * The model is what a host would train: a logistic response model on the past campaign
 * responses (`buildResponseTable`: one row per delivered contact of the year to `asOf`, the
 * customer's features a year before), fitted on 80% of the customers (split on a hash of the
 * id) and read on the other 20%, never seen in training. Two readings, each with the outcomes
 * drawn ten times by `replaySchedule` (the simulator's own law, keyed on campaign and customer)
 * so that the outcome noise does not hide the difference:
 * - the held-out customers' contacts of the same year (their topics, channels and dates);
 * - one promotion e-mail to every held-out customer the day after `asOf`, scored on their
 *   features at `asOf`: the ranking of customers alone, the campaign's own rate out of it.
 * The truth is each draw's probability as the simulator computed it (`ReplayedOutcome.probability`).
 *
 * Measured over seeds 42, 1, 2, 3, 4 at this size (docs/decisions.md, Propensity): the gap is
 * 0.0225 (sd over seeds 0.0008, bootstrap standard error over customers about 0.002) on the
 * contacts and 0.043 (sd 0.007) on the promotion. The issue's 0.02 is not reached, and not for
 * sampling error: the simulator's response law leans mostly on a latent e-mail affinity whose
 * only traces are the opens of a few dozen campaign e-mails and about one web visit a year. The
 * last test gives the same pipeline the two latent traits as columns: it then comes within 0.02
 * on both readings, so what falls short is the information in the data, not the model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auc, gap, runPipeline, type PipelineRun } from './simulatorPipeline';

const SEED = 42;
const CUSTOMERS = 20_000;
const REPLAYS = 10;

let run: PipelineRun;

beforeAll(() => {
  run = runPipeline(SEED, CUSTOMERS, REPLAYS);
}, 120_000);

describe('propensity on the simulator: the model against the true probabilities (issue 6)', () => {
  it('trains on past campaign responses and reads the same rows and outcomes for the model and the truth', () => {
    expect(run.train.rows).toBeGreaterThan(20_000);
    expect(run.model.training.positives).toBeGreaterThan(1_000);
    for (const r of [run.contacts, run.promotion]) {
      expect(r.model.length).toBe(r.labels.length);
      expect(r.truth.length).toBe(r.labels.length);
      expect(r.labels.reduce((a, b) => a + b, 0)).toBeGreaterThan(1_000);
    }
    // The model ranks well above chance, the truth above the model.
    expect(auc(run.contacts.labels, run.contacts.model)).toBeGreaterThan(0.7);
    expect(auc(run.promotion.labels, run.promotion.model)).toBeGreaterThan(0.63);
    expect(gap(run.contacts)).toBeGreaterThan(0);
    expect(gap(run.promotion)).toBeGreaterThan(0);
  });

  it("on the held-out customers' campaign contacts, the model's AUC is within 0.03 of the truth's (0.7113 against 0.7362 here; the issue's 0.02 is not reached, see the file's comment)", () => {
    expect(gap(run.contacts)).toBeLessThan(0.03);
  });

  it("ranking the held-out customers for one promotion e-mail, the model's AUC is within 0.05 of the truth's (0.6458 against 0.6817 here; a gap of 0.043 over five seeds)", () => {
    expect(gap(run.promotion)).toBeLessThan(0.05);
  });

  it('given the latent engagement and adherence as columns, the same pipeline comes within 0.02 of the truth on both readings (gaps 0.007 and 0.010 here)', () => {
    expect(gap(run.latentContacts)).toBeLessThan(0.02);
    expect(gap(run.latentPromotion)).toBeLessThan(0.02);
  });
});

// The bar, at the size where the contacts reading meets it (about 80 s of CPU here, run in
// every `npm test`): seeds 42, 1, 2 gave 0.0192, 0.0194, 0.0193 (deterministic for a seed); the
// promotion reading stays at 0.028–0.034, above what the recorded data allow (docs/decisions.md).
describe('propensity on the simulator at 80,000 customers: the issue-6 bar', () => {
  let large: PipelineRun;
  beforeAll(() => {
    large = runPipeline(SEED, 80_000, REPLAYS);
  }, 900_000);

  it("on the held-out customers' campaign contacts, the model's AUC is within 0.02 of the truth's (0.7250 against 0.7442)", () => {
    expect(gap(large.contacts)).toBeLessThan(0.02);
  });
});
