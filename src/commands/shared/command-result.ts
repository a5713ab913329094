import { NewItemIds } from './new-item-ids';

/** What a successful command tells its caller: where the facts landed, and the id of an evidence item or milestone it created. */
export interface CommandResult extends NewItemIds {
  streamId: string;
  /** The stream's version after the append: send it back as expectedVersion to detect later conflicts. */
  version: number;
  /** How the input was read, when it was not taken exactly as given: `"dg " read as DG`, `"С" read as C: "С" (U+0421, a Cyrillic letter) taken as C`. */
  notes?: string[];
  events: { eventId: string; type: string; globalPosition: number; effectiveAt: string; recordedAt: string }[];
}
