/**
 * What the window may load and who may talk to the engine: only the app's own
 * page, from the built renderer file. Pure, so it is unit-tested without Electron.
 */

/** The page URL without query or hash: what a frame's URL is compared with. */
export function pageUrlWithoutQuery(url: string): string {
  try {
    const u = new URL(url);
    u.search = '';
    u.hash = '';
    return u.href;
  } catch {
    return '';
  }
}

/** A navigation (link, form, location change) is allowed only back to the app's page itself. */
export function isAllowedNavigation(target: string, appPageUrl: string): boolean {
  return pageUrlWithoutQuery(target) !== '' && pageUrlWithoutQuery(target) === pageUrlWithoutQuery(appPageUrl);
}

/** IPC is answered only for the app's page in the top frame, never for a frame or page that got in some other way. */
export function isTrustedSender(frameUrl: string | undefined, isTopFrame: boolean, appPageUrl: string): boolean {
  return isTopFrame && frameUrl !== undefined && isAllowedNavigation(frameUrl, appPageUrl);
}
