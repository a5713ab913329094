import { CRITERIA } from '../domain/criteria';
import { InvalidInput } from '../domain/errors';
import { humanDate } from '../domain/uk-date';
import { OptionSpec } from './cli-commands';

/** Turn one CLI option's text into the value the command expects; bad text is an InvalidInput naming the option. */
export function parseOption(spec: OptionSpec, raw: string): unknown {
  const option = spec.flags.split(' ')[0];
  switch (spec.parse) {
    case undefined:
      return raw;
    case 'date':
      // A person types 31/01/19; the command (and the API, with PLAN_AUDIT_SERVER) is sent ISO.
      return humanDate(raw, option);
    case 'int': {
      if (!/^-?\d+$/.test(raw)) throw new InvalidInput(option, `"${raw}" is not a whole number`);
      return Number(raw);
    }
    case 'number': {
      // A figure as people type it: 87.5, -3, 1,250 (a thousands comma is dropped).
      const text = raw.trim().replace(/(\d),(?=\d{3}\b)/g, '$1');
      if (!/^-?\d+(\.\d+)?$/.test(text)) throw new InvalidInput(option, `"${raw}" is not a number, e.g. 87.5`);
      return Number(text);
    }
    case 'json': {
      const trimmed = raw.trim();
      if (!trimmed.startsWith('{')) return trimmed;
      try {
        return JSON.parse(trimmed);
      } catch (error) {
        throw new InvalidInput(option, `is not valid JSON (${(error as Error).message})`);
      }
    }
    case 'switch': {
      if (raw === 'on' || raw === 'off') return raw === 'on';
      throw new InvalidInput(option, `"${raw}" should be on or off`);
    }
    case 'hold': {
      if (raw.trim() === 'none') return null;
      const match = /^([A-Za-z0-9]+):(\d+)$/.exec(raw.trim());
      if (!match) throw new InvalidInput(option, `"${raw}" should look like DG:3 (hold at DG for 3 months)`);
      return { code: match[1], months: Number(match[2]) };
    }
    case 'criteria': {
      const met = raw.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = met.filter((name) => !(CRITERIA as readonly string[]).includes(name));
      if (unknown.length > 0) throw new InvalidInput(option, `unknown criteria ${unknown.join(', ')}; use ${CRITERIA.join(', ')} (or "none")`);
      return Object.fromEntries(CRITERIA.map((name) => [name, met.includes(name)]));
    }
  }
}
