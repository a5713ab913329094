import { DecisionBatch } from '../shared/decision-batch';

/**
 * Many decisions recorded in one transaction, for an import. `decideAll` issues
 * commands on the batch (each decided against the states the ones before it
 * left; a refusal is thrown to it, to name or rethrow); when it returns,
 * everything decided is appended at once, and if it throws, nothing is.
 */
export class RecordTogetherCommand<T> {
  constructor(readonly decideAll: (batch: DecisionBatch) => Promise<T>) {}
}
