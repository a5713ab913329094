import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../auth/public.decorator';
import { UsersService } from '../auth/users.service';
import { ActorRef } from '../domain/roles';
import { mayRate } from './form-fields';
import { PlanReads, planHref, scaleHelpers } from './plan-reads';
import { ragStylesheetHref } from './rag-colours';
import { recordedBanner } from './review-pages.controller';
import { roleName } from './role-names';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';
import { boardWork, DUE_SOON_DAYS, leadWork, signOffWork } from './work-queues';

/**
 * "Your work": what the signed-in person should do next in each plan, by their role.
 * An action lead: the actions they lead that are due, that want an update since the
 * last board, and evidence sent back. The sign-off role (QA, or the board where the
 * plan says so): evidence to review and actions to sign off. The board: actions
 * added and ratings changed since its last meeting, to agree at the next.
 */
@Controller('your-work')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class YourWorkController {
  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
    private readonly users: UsersService,
  ) {}

  @Get()
  async yourWork(@Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const today = new Date().toISOString().slice(0, 10);
    // An account limited to some plans sees only those plans' work.
    const ids = (await this.reads.planIds()).filter((id) => !caller.plans || caller.plans.includes(id));
    const plans = await Promise.all(ids.map((id) => this.reads.plan(id)));
    const person = { id: caller.id, displayName: (await this.users.findUser(caller.id))?.displayName };
    const work = plans.map((plan) => {
      const lead = leadWork(plan, person, today);
      const signOff = signOffWork(plan, caller, 'your-work');
      return {
        plan,
        href: planHref(plan.planId),
        myActionsHref: planHref(plan.planId, '', 'mine=1'),
        signOffRoleName: roleName(plan.signOffRole),
        ...scaleHelpers(plan),
        // A lead's part for anyone the plan names as a lead (a board member may lead an action too).
        lead: caller.role === 'lead' || lead.leads > 0 ? lead : undefined,
        mayRate: mayRate(caller),
        signOff: signOff.mine ? signOff : undefined,
        // Someone in a role that reviews elsewhere sees who does it here, and how much waits, without links they could not use.
        signOffElsewhere: !signOff.mine && (caller.role === 'qa' || caller.role === 'board') ? { awaiting: signOff.awaiting.length, ready: signOff.ready.length } : undefined,
        board: caller.role === 'board' ? boardWork(plan, today) : undefined,
      };
    });
    this.pages.render(request, response, 'your-work.njk', {
      pageTitle: 'Your work',
      work,
      role: caller.role,
      dueSoonDays: DUE_SOON_DAYS,
      recorded: recordedBanner(request),
      readsOnly: !['lead', 'qa', 'board'].includes(caller.role),
      ragStylesheet: ragStylesheetHref({ name: 'all plans', codes: plans.flatMap((p) => p.scale.codes) }),
    });
  }
}
