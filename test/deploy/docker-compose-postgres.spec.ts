import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml's `postgres` profile, checked without Docker: two app servers on one PostgreSQL,
 * sharing the signer and evidence volumes, each with its own data volume, and a proxy that sends to
 * both. What a typo there would break silently (a signer folder per server means two keys; an evidence
 * volume per server, downloads that 404 on the other; a proxy naming one app, no second server at all)
 * is what this reads out of the file, with the Dockerfile and the proxy's nginx.conf it names.
 */
const ROOT = resolve(__dirname, '../..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

interface Service {
  profiles?: string[];
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

const APPS = ['app-pg-a', 'app-pg-b'];
const inProfile = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('postgres'));
const app = (name: string) => compose.services[name];
/** The volume mounted at `target` in a service, by name ("pg-signer" of "pg-signer:/app/signer"). */
const volumeAt = (service: Service, target: string) => service.volumes?.map((v) => v.split(':')).find(([, at]) => at === target)?.[0];
/** DATA_DIR as the image sets it: the app's own folder. */
const dataDir = /^\s*(?:ENV\s+)?DATA_DIR=(\S+)/m.exec(dockerfile)?.[1];

describe("docker-compose.yml's postgres profile", () => {
  it('holds PostgreSQL 15, two app servers and a proxy', () => {
    expect(inProfile.map(([name]) => name).sort()).toEqual(['app-pg-a', 'app-pg-b', 'postgres', 'proxy']);
    expect(compose.services.postgres.image).toMatch(/^postgres:15(\b|$)/);
    for (const [name, service] of inProfile) expect([name, service.healthcheck?.test.length ?? 0]).not.toEqual([name, 0]);
  });

  it('points both apps at the same database and schema, which the postgres service makes', () => {
    const postgres = compose.services.postgres.environment!;
    for (const name of APPS) {
      const env = app(name).environment!;
      const url = new URL(env.DATABASE_URL.replace(/\$\{POSTGRES_PASSWORD:-([^}]*)\}/, '$1'));
      expect([name, url.protocol, url.hostname, url.username, url.pathname]).toEqual([name, 'postgres:', 'postgres', postgres.POSTGRES_USER, `/${postgres.POSTGRES_DB}`]);
      // The password is the database's own setting, not a second copy of it that could drift.
      expect(env.DATABASE_URL).toContain(postgres.POSTGRES_PASSWORD);
      expect(app(name).depends_on?.postgres?.condition).toBe('service_healthy');
      expect(app(name).build).toBe('.');
    }
    expect(app('app-pg-a').environment!.DATABASE_URL).toBe(app('app-pg-b').environment!.DATABASE_URL);
    expect(app('app-pg-a').environment!.DATABASE_SCHEMA).toBe(app('app-pg-b').environment!.DATABASE_SCHEMA);
  });

  it('shares one signer volume and one evidence volume, and gives each app a data volume of its own', () => {
    expect(dataDir).toBeDefined();
    const [a, b] = APPS.map(app);
    for (const setting of ['SIGNER_DIR', 'EVIDENCE_DIR']) {
      const folder = a.environment![setting];
      expect([setting, folder]).toEqual([setting, b.environment![setting]]);
      // Outside the data folder: a volume inside another would be shadowed by, or shadow, the app's own.
      expect(folder.startsWith(`${dataDir}/`)).toBe(false);
      const volume = volumeAt(a, folder);
      expect([setting, volume]).toEqual([setting, volumeAt(b, folder)]);
      expect(compose.volumes).toHaveProperty(volume!);
      // The image makes the mount point, owned by the app's user, so a fresh named volume is writable by it.
      expect(dockerfile).toMatch(new RegExp(`chown node:node[^\\n]*${folder.replace(/\//g, '\\/')}(\\s|$)`));
    }
    const dataVolumes = APPS.map((name) => volumeAt(app(name), dataDir!));
    expect(new Set(dataVolumes).size).toBe(2);
    for (const volume of dataVolumes) {
      expect(compose.volumes).toHaveProperty(volume!);
      const users = Object.entries(compose.services).filter(([, service]) => service.volumes?.some((v) => v.split(':')[0] === volume));
      expect([volume, users.length]).toEqual([volume, 1]);
    }
    expect(a.environment!.SIGNER_DIR).not.toBe(a.environment!.EVIDENCE_DIR);
  });

  it('loads the example plan from one app only, and lets only the proxy reach the apps', () => {
    expect(APPS.filter((name) => app(name).environment!.LOAD_EXAMPLE !== 'false')).toHaveLength(1);
    for (const name of APPS) {
      // TRUST_PROXY believes one hop's X-Forwarded-For: only true if nobody reaches the app but the proxy.
      expect([name, app(name).ports, app(name).environment!.TRUST_PROXY]).toEqual([name, undefined, '1']);
    }
    expect(compose.services.proxy.ports?.length).toBe(1);
  });

  it("has the proxy send to both apps in turn, on their ports, from the config file it mounts", () => {
    const proxy = compose.services.proxy;
    const mount = proxy.volumes!.map((v) => v.split(':')).find(([, at]) => at === '/etc/nginx/nginx.conf');
    expect(mount).toBeDefined();
    const file = join(ROOT, mount![0]);
    expect(existsSync(file)).toBe(true);
    const conf = readFileSync(file, 'utf8').replace(/#.*$/gm, '');
    const upstream = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(conf);
    expect(upstream).not.toBeNull();
    const servers = [...upstream![2].matchAll(/^\s*server\s+([\w.-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(servers.sort()).toEqual(APPS.map((name) => `${name}:${app(name).environment!.PORT}`).sort());
    // Round robin: no directive choosing another way to share.
    expect(upstream![2]).not.toMatch(/\b(ip_hash|hash|least_conn|random|sticky)\b/);
    expect(conf).toMatch(new RegExp(`proxy_pass\\s+http://${upstream![1]}\\s*;`));
    // Apps found again by name after a container is recreated: `resolve` needs a shared zone and a resolver.
    if (/\bresolve\b/.test(upstream![2])) {
      expect(upstream![2]).toMatch(/^\s*zone\s+\w+\s+\d+k\s*;/m);
      expect(conf).toMatch(/^\s*resolver\s+\S+/m);
    }
    // A write once sent is never sent to the other app as well.
    expect(conf).not.toMatch(/non_idempotent/);
    // Uploads up to the app's own limit (10 MiB) pass the proxy.
    expect(Number(/client_max_body_size\s+(\d+)m\s*;/.exec(conf)?.[1])).toBeGreaterThanOrEqual(10);
    for (const name of APPS) expect(proxy.depends_on?.[name]?.condition).toBe('service_healthy');
  });
});
