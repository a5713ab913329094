/** What a successful command tells its caller: where the facts landed. */
export interface CommandResult {
  streamId: string;
  /** The stream's version after the append: send it back as expectedVersion to detect later conflicts. */
  version: number;
  events: { eventId: string; type: string; globalPosition: number; effectiveAt: string; recordedAt: string }[];
}
