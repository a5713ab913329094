import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy of an HTML report. The page is standalone (it is also
 * saved and opened from disk), so its styles are one inline <style> block; the server's
 * strict policy would block that, so this one allows exactly that block by its SHA-256
 * and nothing else: no script, no other style, no frames, no form posts.
 */
export function htmlReportPolicy(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  return [`default-src 'none'`, `style-src ${hashes.join(' ') || "'none'"}`, `img-src 'self' data:`, `base-uri 'none'`, `form-action 'none'`, `frame-ancestors 'none'`].join('; ');
}
