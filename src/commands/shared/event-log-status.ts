import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';

/** What the write side can tell a door about the log as a whole, so that no door need reach the store. */
@Injectable()
export class EventLogStatus {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Nothing recorded yet: a first start, when the example plan is loaded. */
  async isEmpty(): Promise<boolean> {
    return (await this.store.headPosition()) === 0;
  }
}
