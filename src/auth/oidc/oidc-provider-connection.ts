import { Inject, Injectable } from '@nestjs/common';
import type * as OpenIdClient from 'openid-client';
import { APP_CONFIG, AppConfig } from '../../config';
import { OidcConfig } from '../../oidc-config';
import { OidcSignInFailed } from './oidc-sign-in-failed.error';

/**
 * openid-client 6 is published as an ES module only, and the server is
 * compiled to CommonJS. TypeScript compiles this `import()` to `require()`,
 * which loads an ES module on Node 20.19 and later (package.json asks for
 * >=20.19.0), so no loader trick is needed. It is loaded on first use rather
 * than at start: jest's module loader cannot require an ES module, and the
 * HTTP tests build the whole app in-process without ever signing in this way.
 */
export const loadOpenIdClient = (): Promise<typeof OpenIdClient> => import('openid-client');

/** How long to wait for the provider (discovery, token, userinfo) before telling the person it cannot be reached. */
const PROVIDER_TIMEOUT_SECONDS = 10;
/** The provider's metadata is read again after a day, in case its endpoints move. */
const METADATA_HOURS = 24;

export interface ProviderClient {
  lib: typeof OpenIdClient;
  configuration: OpenIdClient.Configuration;
  settings: OidcConfig;
}

/** The provider as discovered from its issuer's /.well-known/openid-configuration; a failed discovery is tried again on the next sign-in. */
@Injectable()
export class OidcProviderConnection {
  private discovered?: { at: number; configuration: Promise<OpenIdClient.Configuration> };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get settings(): OidcConfig | undefined {
    return this.config.oidc;
  }

  async client(): Promise<ProviderClient> {
    const settings = this.config.oidc;
    if (!settings) throw new Error('Sign-in with an identity provider is not configured (OIDC_ISSUER)');
    const lib = await loadOpenIdClient();
    if (!this.discovered || Date.now() - this.discovered.at > METADATA_HOURS * 3_600_000) {
      this.discovered = { at: Date.now(), configuration: this.discover(lib, settings) };
    }
    const pending = this.discovered;
    try {
      return { lib, configuration: await pending.configuration, settings };
    } catch (error) {
      if (this.discovered === pending) this.discovered = undefined;
      throw new OidcSignInFailed('provider-unreachable', `${settings.providerName} could not be reached to sign you in.`, `discovery of ${settings.issuer.href} failed: ${describe(error)}`);
    }
  }

  private discover(lib: typeof OpenIdClient, settings: OidcConfig): Promise<OpenIdClient.Configuration> {
    return lib.discovery(settings.issuer, settings.clientId, settings.clientSecret, undefined, {
      execute: settings.allowInsecureRequests ? [lib.allowInsecureRequests] : [],
      timeout: PROVIDER_TIMEOUT_SECONDS,
    });
  }
}

/** An error's message with its cause, for the server log. */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  const code = (error as { code?: unknown }).code;
  return `${error.name}: ${error.message}${typeof code === 'string' ? ` [${code}]` : ''}${cause}`;
}
