import { KpiCommand } from '../../domain/kpi/kpi.commands';
import { validatedInput } from '../../validation/validated-input';
import { CommandRoute } from '../command-route';
import { DecidedCommandClass } from '../decided-command';
import { KpiInput } from './kpi-inputs';

/** A command decided on one KPI's stream by the KPI decider (which also sees the plan). */
export function onKpi<I extends KpiInput>(command: DecidedCommandClass, input: new () => I, decides: (fields: I) => KpiCommand): CommandRoute {
  return {
    command,
    input,
    stream: 'kpi',
    target: (raw) => {
      const fields = validatedInput(input, raw);
      return { stream: 'kpi', planId: fields.planId, kpiId: fields.kpiId, command: decides(fields) };
    },
  };
}
