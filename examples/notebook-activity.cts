// A notebook-style analysis with ts-node (CommonJS, type-checked): who is lapsing in the
// workshop, against their own rhythm, and how the RFM segments split. Run:
//   TS_NODE_PROJECT=examples/tsconfig.json node -r ts-node/register --loader ts-node/esm examples/notebook-activity.cts
import { cadenceInactivity, rfmScores, rfmSegments, rfmSummary, workshopVisitEvents } from 'relance/rfm';
import { simulateDealer } from 'relance/simulate';

const asOf = new Date('2025-06-30');
const { dataset } = simulateDealer({ seed: 8, customers: 3_000, asOf });
const visits = workshopVisitEvents(dataset.invoices);
const summary = rfmSummary(visits, { asOf });
const segments = rfmSegments(rfmScores(summary));
console.table(Object.fromEntries(segments.counts));
const cadence = cadenceInactivity(visits, { asOf, expectedGap: 365 });
const byStatus: Record<string, number> = {};
for (const c of cadence) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
console.log('workshop activity against each customer’s rhythm:', byStatus);
const lapsing = cadence.find((c) => c.status === 'lapsing');
console.log('e.g.', lapsing?.customerId, lapsing?.reason);
if (segments.assignments.length !== summary.length || cadence.length !== summary.length) throw new Error('every customer gets a segment and a status');
