import { InvalidInput } from '../domain/errors';

/**
 * A command whose events together exceed what the event store takes in one append (EventStoreDB's
 * MaxAppendSize, 1 MiB by default): the caller's input is too large, so a 400 naming the request
 * body, not a 500. Nothing was written: the store refuses such an append whole.
 */
export class AppendTooLarge extends InvalidInput {
  constructor(
    readonly streamId: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      'body',
      `this change is too large to record: its events come to about ${bytes} bytes and the event store takes at most ${limit} bytes in one write (EventStoreDB's MaxAppendSize); ` +
        'shorten the longest text, or attach long documents as evidence files',
    );
    this.name = 'AppendTooLarge';
  }
}
