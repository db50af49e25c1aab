// A DMS embedding: the model is trained elsewhere and saved as JSON; at the counter the DMS
// loads it once and scores the customer in front of the advisor, with the reasons, in well
// under a millisecond. Run: node examples/dms-counter-score.mjs
import { buildFeatures, explainScore, loadModel, scorePropensity, serializeModel, trainPropensity } from 'relance/propensity';
import { simulateDealer } from 'relance/simulate';

// Nightly, on the server: train and save.
const { dataset } = simulateDealer({ seed: 5, customers: 3_000, asOf: new Date('2025-06-30') });
const past = buildFeatures(dataset, { asOf: new Date('2024-06-30'), target: { kind: 'vehicle-purchase', horizonDays: 365 } });
const saved = serializeModel(trainPropensity(past, { algorithm: 'logistic' }));

// At the counter: load once, then score the customer's row.
const model = loadModel(saved);
const today = buildFeatures(dataset, { asOf: new Date('2025-06-30'), encodings: model.encodings });
const i = today.ids.indexOf(dataset.customers[10].id);
const row = Object.fromEntries(today.featureNames.map((name, j) => [name, today.data[i * today.cols + j]]));
scorePropensity(model, row); // warm up
const runs = 2_000;
const t0 = performance.now();
let p = 0;
for (let k = 0; k < runs; k++) p = scorePropensity(model, row);
const microseconds = ((performance.now() - t0) / runs) * 1000;
console.log(`${today.ids[i]}: P(buys within a year) = ${(100 * p).toFixed(1)}% in ${microseconds.toFixed(1)} µs`);
for (const c of explainScore(model, row, { top: 3 }).top) console.log(`  ${c.text}`);
if (!(microseconds < 1000)) throw new Error(`single-row scoring took ${microseconds} µs`);
