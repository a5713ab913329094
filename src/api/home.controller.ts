import { Public } from '../auth/public.decorator';
import { Controller, Get, Header } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetLogHead, LogHead } from '../projections/event-log/event-log.queries';
import { PlanFactsReader } from '../projections/plan-facts/plan-facts.reader';

/** A plain landing page, so whoever opens the address sees what is running and where to go next. */
@Public()
@Controller()
export class HomeController {
  constructor(
    private readonly queries: QueryBus,
    private readonly plans: PlanFactsReader,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(): Promise<string> {
    const log: LogHead = await this.queries.execute(new GetLogHead());
    const head = log.headPosition;
    const planIds = await this.plans.planIds(new Date().toISOString());
    const encode = encodeURIComponent;
    const planLinks = planIds.map((id) => `<li><a href="/plans/${encode(id)}">${id}</a></li>`).join('\n');
    // Plain HTML with no inline style or script, so it passes the same strict content security policy as the web pages.
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Improvement plan audit trail</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<main>
<h1>Improvement plan audit trail</h1>
<p>Every rating change, evidence submission and sign-off on the improvement plan is recorded here as an event that cannot be altered, and every table is rebuilt from those events for any date.</p>
<p><a href="/plans">Sign in and open the plans</a></p>
<h2>Plans on record</h2>
<ul>${planLinks || '<li>No plans yet.</li>'}</ul>
<p>The event log holds <strong>${head}</strong> event${head === 1 ? '' : 's'} (store: ${log.store}).</p>
<h2>For systems and administrators</h2>
<ul>
<li><a href="/api/docs">The HTTP API (OpenAPI)</a></li>
<li><a href="/api/health">Health and projection lag</a></li>
</ul>
</main>
</body></html>`;
  }
}
