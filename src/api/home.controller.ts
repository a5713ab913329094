import { Public } from '../auth/public.decorator';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { PlanFactsReader } from '../projections/plan-facts/plan-facts.reader';

/** A plain landing page, so whoever opens the address sees what is running and where to go next. */
@Public()
@Controller()
export class HomeController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly plans: PlanFactsReader,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(): Promise<string> {
    const head = await this.store.headPosition();
    const planIds = await this.plans.planIds(new Date().toISOString());
    const encode = encodeURIComponent;
    const planLinks = planIds
      .map(
        (id) => `<li><strong>${id}</strong>:
  <a href="/api/plans/${encode(id)}/reports/plan-state?format=html">the plan now</a>,
  <a href="/api/plans/${encode(id)}/reports/committee?from=${encode('Nov 16')}&amp;to=Current&amp;format=html">committee report (Nov 16 vs Current)</a>,
  <a href="/api/plans/${encode(id)}/reports/committee?from=${encode('Nov 16')}&amp;to=Current&amp;format=docx">as Word</a>,
  <a href="/api/plans/${encode(id)}/reports/completion-register?format=html">completion register</a></li>`,
      )
      .join('\n');
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Improvement plan audit trail</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: Arial, sans-serif; max-width: 40rem; margin: 2rem auto; line-height: 1.5">
<h1>Improvement plan audit trail</h1>
<p>Every rating change, evidence submission and sign-off on the improvement plan is recorded here as an event that cannot be altered.</p>
<p>The event log holds <strong>${head}</strong> event${head === 1 ? '' : 's'} (store: ${this.store.kind}).</p>
<h2>Plans</h2>
<ul>${planLinks || '<li>No plans yet.</li>'}</ul>
<h2>For administrators</h2>
<ul>
<li><a href="/api/health">Health and projection lag</a></li>
<li><a href="/api/events">The event log, oldest first</a></li>
</ul>
<p>Record changes with the command line: <code>npm run cli -- --help</code>.</p>
</body></html>`;
  }
}
