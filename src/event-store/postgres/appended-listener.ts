import { EventEmitter } from 'node:events';
import { Client, ClientConfig } from 'pg';

/**
 * Turns PostgreSQL notifications into 'appended' events for catch-up subscriptions. Every append
 * runs NOTIFY in its transaction, and PostgreSQL delivers a notification only when (and if) that
 * transaction commits: a subscriber hears of an append from any server within milliseconds,
 * instead of polling the table several times a second per subscription.
 *
 * Notifications are a hint, never the data: the subscriber reads the table after its position, so
 * a notification lost while this connection is down costs latency, not events. The subscription
 * also polls (slowly) for that reason, and this listener reconnects after a dropped connection.
 */
export class AppendedListener {
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly appended: EventEmitter,
    private readonly onProblem: (error: unknown) => void,
  ) {}

  /** Starts listening, if not already; never throws (a failure is reported and retried). */
  start(): void {
    if (this.closed || this.client || this.connecting) return;
    this.connecting = this.connect().finally(() => (this.connecting = undefined));
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    const dropped = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      if (error) this.onProblem(error);
      // Whatever was appended while nobody listened is found by the next read.
      this.appended.emit('appended');
      this.scheduleRetry();
    };
    client.on('notification', () => this.appended.emit('appended'));
    client.on('error', dropped);
    client.on('end', () => dropped());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
      this.appended.emit('appended');
    } catch (error) {
      this.onProblem(error);
      client.end().catch(() => undefined);
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start();
    }, 1000);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
