// What each operation of the mixed day costs in process, on a copy of a data folder (it writes to it):
// node dist/bench/costs-by-operation.js DIR planId '["1.1","3.1"]' WRITES [projected]
// Times 300 ratings, 300 evidence submissions and 200 each of Table 1, the plan, an action's history
// (random dates) and its ETag, twice, then after each quarter of WRITES more ratings and evidence (3:1). Commands go
// through the CommandBus without the server's projector, so the read models do not grow meanwhile:
// it compares one build with another on the same data (issue 23 found histories at 73-109 ms each,
// against ~1-2 ms for the other reads, this way), not growth over a day.
// With `projected`, the projector follows the log as the server's does and each write waits for its
// facts to be in the read models (as an API write does), so the plan's timeline, its evidence items
// and the histories grow as on the day of a board meeting: what each operation costs as the plan
// grows, the mixed day's fall found without the noise of HTTP on a shared machine.
import 'reflect-metadata';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ChangeRatingCommand, SubmitEvidenceCommand } from '../src/commands';
import { IssuedBy } from '../src/commands/shared/issued-by';
import { GetPlanState } from '../src/projections/plan-state/get-plan-state.query';
import { GetRagSummary } from '../src/projections/rag-summary/get-rag-summary.query';
import { GetRatingHistory } from '../src/projections/rating-history/get-rating-history.query';
import { GetStreamVersion } from '../src/projections/event-log/event-log.queries';
import { actionStreamId } from '../src/domain/identifiers';
import { openBenchApp } from './bench-app';
import { COMMENTARY } from './dataset';
import { pick, seededRandom } from './random';
import { PlanTimelines } from '../src/projections/plan-facts/plan-timelines';
import { Projector } from '../src/projections/projector/projector.service';
import { CommandResult } from '../src/commands/shared/command-result';

const LEAD: IssuedBy = { actor: { id: 'lead.jo', role: 'lead' }, source: 'api' };

async function main(dir: string, planId: string, refs: string[], writes: number, projected: boolean): Promise<void> {
  const app = await openBenchApp(dir);
  const commands = app.get(CommandBus);
  const projector = app.get(Projector);
  if (projected) {
    await projector.start();
    await projector.caughtUp(600_000);
  }
  // As an API write answers: once the read models hold its last event (src/api/issue-command.ts).
  const bus = {
    execute: async (command: ChangeRatingCommand | SubmitEvidenceCommand) => {
      const result: CommandResult = await commands.execute(command);
      const last = result.events[result.events.length - 1]?.globalPosition;
      if (projected && last !== undefined) await projector.projected(last, 2000);
      return result;
    },
  };
  const queries = app.get(QueryBus);
  const random = seededRandom(5);
  const day = () => new Date(Date.UTC(2020, 0, 2) + random() * 5 * 365 * 86_400_000).toISOString().slice(0, 10);
  let evidence = 0;
  const ops: Record<string, () => Promise<unknown>> = {
    rating: () => bus.execute(new ChangeRatingCommand({ planId, reference: pick(random, refs), code: pick(random, ['R', 'A', 'G']), commentary: pick(random, COMMENTARY) }, LEAD)),
    evidence: () => {
      evidence += 1;
      const fileHash = (evidence * 2_654_435_761).toString(16).padStart(64, '0').slice(-64);
      return bus.execute(new SubmitEvidenceCommand({ planId, reference: pick(random, refs), title: `Audit ${evidence}`, description: 'Case file audit', fileHash }, LEAD));
    },
    table1: () => {
      const [a, b] = [day(), day()].sort();
      return queries.execute(new GetRagSummary(planId, a, b));
    },
    plan: () => queries.execute(new GetPlanState(planId, day())),
    history: () => queries.execute(new GetRatingHistory(planId, pick(random, refs), day())),
    // The ETag the history route asks for first (src/api/stream-etag.ts).
    etag: () => queries.execute(new GetStreamVersion(actionStreamId(planId, pick(random, refs)))),
  };
  const timeAll = async (label: string) => {
    const line: string[] = [];
    for (const [name, op] of Object.entries(ops)) {
      const n = name === 'rating' || name === 'evidence' ? 300 : 200;
      const t = performance.now();
      // CPU time too: on a shared machine the wall clock mostly measures the other processes.
      const cpu = process.cpuUsage();
      let bytes = 0;
      for (let i = 0; i < n; i++) {
        const answer = await op();
        // What the answer weighs as JSON (as the server's res.json pays it): an answer that grows is a cost that grows.
        if (i % 10 === 0) bytes += JSON.stringify(answer).length;
      }
      const used = process.cpuUsage(cpu);
      line.push(`${name} ${((performance.now() - t) / n).toFixed(3)} ms, cpu ${((used.user + used.system) / 1000 / n).toFixed(3)} ms (${Math.round(bytes / Math.ceil(n / 10))} B)`);
    }
    const size = app.get(PlanTimelines).size;
    const plan = await app.get(PlanTimelines).timelineOf(planId);
    const mem = process.memoryUsage();
    console.log(`${label}: ${line.join(', ')}; timelines ${size.facts} facts, ${planId} ${plan?.factCount} facts in ${plan?.groupCount} groups; heap ${Math.round(mem.heapUsed / 1e6)} MB`);
  };
  await timeAll('warm');
  await timeAll('start');
  const batch = Math.ceil(writes / 4);
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i < batch; i++) await (random() < 0.75 ? ops.rating() : ops.evidence());
    await timeAll(`after ${(k + 1) * batch} writes`);
  }
  if (projected) await projector.stop();
  await app.close();
}

main(process.argv[2], process.argv[3], JSON.parse(process.argv[4]), Number(process.argv[5]), process.argv[6] === 'projected').then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
