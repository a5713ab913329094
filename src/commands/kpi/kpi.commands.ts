import { DecidedCommand } from '../decided-command';

export { ChangeKpiInput, CorrectKpiValueInput, DefineKpiInput, RecordKpiValueInput } from './kpi-inputs';

export class DefineKpiCommand extends DecidedCommand {}
export class ChangeKpiCommand extends DecidedCommand {}
export class RecordKpiValueCommand extends DecidedCommand {}
export class CorrectKpiValueCommand extends DecidedCommand {}
