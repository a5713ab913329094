import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString';
import { eventStoreSettings, withCredentials } from '../../../src/event-store/eventstoredb/connection-string';

// Parsed by the client's own parser: what EventStoreDBClient.connectionString will log in with.
const credentialsOf = (connectionString: string) => parseConnectionString(connectionString).defaultCredentials;
const cluster = 'esdb://node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=/certs/ca/ca.crt';

describe('EventStoreDB connection string: credentials put in percent-encoded', () => {
  it.each(['changeit', 'pa:ss', '100%sure', 'p@ss/word?', 'a:b%3Ac@d'])('the client reads back the password %p exactly', (password) => {
    expect(credentialsOf(withCredentials(cluster, 'admin', password))).toEqual({ username: 'admin', password });
  });

  it('keeps the hosts and settings as given', () => {
    const parsed = parseConnectionString(withCredentials(cluster, 'admin', 'x:y'));
    expect(parsed.hosts.map((h) => `${h.address}:${h.port}`)).toEqual(['node1:2113', 'node2:2113', 'node3:2113']);
    expect(parsed.tlsCAFile).toBe('/certs/ca/ca.crt');
  });

  it('is what a password written raw into the string (as docker-compose did) gets wrong', () => {
    // Pins why the encoding is needed: the client splits at the first ':' and decodes each part.
    expect(credentialsOf('esdb://admin:pa:ss@node1:2113?tls=true')?.password).not.toBe('pa:ss');
    expect(() => credentialsOf('esdb://admin:100%sure@node1:2113?tls=true')).toThrow();
  });

  it('builds the connection string from EVENTSTORE_CONNECTION_STRING, EVENTSTORE_USERNAME and EVENTSTORE_PASSWORD', () => {
    const settings = eventStoreSettings({ EVENTSTORE_CONNECTION_STRING: cluster, EVENTSTORE_USERNAME: 'ops', EVENTSTORE_PASSWORD: 'a:b%c' });
    expect(credentialsOf(settings.eventStoreConnectionString!)).toEqual({ username: 'ops', password: 'a:b%c' });
    expect(eventStoreSettings({ EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' })).toEqual({ eventStoreConnectionString: 'esdb://localhost:2113?tls=false' });
    expect(eventStoreSettings({})).toEqual({});
  });

  it('refuses credentials given twice, and a MaxAppendSize that is not a number of bytes', () => {
    expect(() => eventStoreSettings({ EVENTSTORE_CONNECTION_STRING: 'esdb://admin:x@node1:2113', EVENTSTORE_PASSWORD: 'y' })).toThrow(/already holds credentials/);
    expect(() => eventStoreSettings({ EVENTSTORE_CONNECTION_STRING: cluster, EVENTSTORE_MAX_APPEND_SIZE: '1MB' })).toThrow(/EVENTSTORE_MAX_APPEND_SIZE/);
    expect(eventStoreSettings({ EVENTSTORE_CONNECTION_STRING: cluster, EVENTSTORE_MAX_APPEND_SIZE: '4194304' }).eventStoreMaxAppendSize).toBe(4194304);
  });
});
