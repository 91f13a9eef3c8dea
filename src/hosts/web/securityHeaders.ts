/**
 * The response headers of `quinarium serve`. The Content-Security-Policy is the one
 * the page declares in its own <meta> (so the browser enforces one policy, whichever
 * way the page is opened), plus what only a header can say: no framing.
 */

/** Used when the built page has no CSP meta: same-origin only, no inline script. */
export const FALLBACK_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:";

/** The content of the page's `<meta http-equiv="Content-Security-Policy">`, or null. */
export function cspFromHtml(html: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']?content-security-policy["']?/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    if (content) return (content[1] ?? content[2]).replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();
  }
  return null;
}

export function securityHeaders(pageCsp: string | null): Record<string, string> {
  const csp = (pageCsp ?? FALLBACK_CSP).replace(/;\s*$/, '');
  return {
    'Content-Security-Policy': /frame-ancestors/.test(csp) ? csp : `${csp}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
