import { Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../auth/public.decorator';
import { SubmitEvidenceCommand } from '../commands';
import { APP_CONFIG, AppConfig } from '../config';
import { ActorRef } from '../domain/roles';
import { storeAndSubmit } from '../evidence/store-and-submit';
import { EVIDENCE_FILES, EvidenceFiles } from '../evidence/evidence-files';
import { evidenceFormReader } from './evidence-form';
import { FieldDescription, textField } from './form-errors';
import { EFFECTIVE_FIELDS, effectiveDate, given, requireRater } from './form-fields';
import { actionHref, PlanReads } from './plan-reads';
import { required, sendForm } from './send-form';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';

const EVIDENCE_FIELDS: Record<string, FieldDescription> = {
  title: { anchor: 'title', label: 'The title', whenMissing: 'Enter a title for the evidence' },
  description: { anchor: 'description', label: 'The description' },
  file: { anchor: 'file', label: 'The file' },
  ...EFFECTIVE_FIELDS,
};

/** A lead or the board submits evidence that an action is done, with a file if they have one. */
@Controller('plans/:planId/actions/:reference/evidence')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class EvidenceFormController {
  private readonly readForm: ReturnType<typeof evidenceFormReader>;
  private readonly maxMegabytes: number;

  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.readForm = evidenceFormReader(config.evidenceMaxBytes);
    this.maxMegabytes = Math.floor(config.evidenceMaxBytes / 1048576);
  }

  @Get()
  async form(@Param('planId') planId: string, @Param('reference') reference: string, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    requireRater(caller, 'submit evidence');
    await this.show(request, response, planId, reference, {});
  }

  @Post()
  async submitEvidence(@Param('planId') planId: string, @Param('reference') reference: string, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    // Multipart: the fields (and the CSRF token) are only in request.body once the form has been read.
    const received = await this.readForm(request, response);
    const body = request.body as unknown;
    const effective = effectiveDate(body);
    const values = { title: textField(body, 'title'), description: textField(body, 'description'), reason: textField(body, 'reason'), effectiveBoxes: effective.boxes };
    await sendForm({
      request,
      response,
      fields: EVIDENCE_FIELDS,
      problems: [...required({ title: values.title }), ...(effective.problem ? [effective.problem] : []), ...(received.problem ? [received.problem] : [])],
      send: () => this.submit({ planId, reference, title: values.title, ...given({ description: values.description, effectiveAt: effective.iso, reason: values.reason }) }, received.file, caller),
      done: `${actionHref(planId, reference)}?recorded=evidence`,
      showAgain: (errors, status) => this.show(request, response, planId, reference, { ...values, errors }, status),
    });
  }

  /** With a file, exactly as the upload endpoint does it (storeAndSubmit). */
  private async submit(input: Record<string, unknown>, file: { bytes: Buffer; name: string } | undefined, caller: ActorRef) {
    if (!file) return this.reads.send(SubmitEvidenceCommand, input, caller);
    return storeAndSubmit(this.files, file, (fileFields) => this.reads.send(SubmitEvidenceCommand, { ...input, ...fileFields }, caller));
  }

  private async show(request: WebRequest, response: Response, planId: string, reference: string, values: Record<string, unknown>, status = 200) {
    const { plan, action } = await this.reads.action(planId, reference);
    this.pages.render(
      request,
      response,
      'evidence.njk',
      { pageTitle: `Submit evidence for action ${action.reference}`, maxMegabytes: this.maxMegabytes, plan, action, back: actionHref(planId, reference), errors: { summary: [], byField: {} }, ...values },
      status,
    );
  }
}
