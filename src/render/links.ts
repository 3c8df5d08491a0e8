import { posix } from 'node:path';

/** Joins the kb base URL and a repository path without losing a path segment. */
export function joinBaseUrl(kbBaseUrl: string, path: string): string {
  // Trailing slashes cut by a loop: an unanchored /\/+$/ is quadratic on a long run of slashes.
  let end = kbBaseUrl.length;
  while (end > 0 && kbBaseUrl[end - 1] === '/') end--;
  return `${kbBaseUrl.slice(0, end)}/${path.replace(/^\/+/, '')}`;
}

/**
 * Where a kb link points, for a reader outside the article: an absolute URL as it is; a relative one
 * resolved against the article (`from`), then as KB_BASE_URL + path, else the path from the project root
 * (kb/guides/x.md) that a terminal user can open. Other schemes (mailto:) give undefined.
 */
export function articleLink(target: string, options: { from?: string; kbBaseUrl?: string }): string | undefined {
  if (/^https?:\/\//i.test(target)) return target;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const [file = '', anchor] = target.split('#', 2);
  const path = file === '' ? (options.from ?? '') : options.from ? posix.normalize(posix.join(posix.dirname(options.from), file)) : file;
  if (options.kbBaseUrl) return `${joinBaseUrl(options.kbBaseUrl, path)}${anchor ? `#${anchor}` : ''}`;
  return path;
}
