/** DOM construction for every renderer view (app panels and the inspector alike), below both so neither imports the other. */

type Props = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;
type Child = Node | string | null | undefined | false;

/**
 * Creates an element: `on…` props become listeners, `class`/`text` set className and
 * textContent, booleans toggle attributes, everything else is an attribute. The
 * page builds its DOM with this instead of innerHTML, so no markup is ever parsed
 * from data (the CSP forbids inline script anyway; this keeps run names inert).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** The element with this id, or a loud error naming it (index.html and the code disagree). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`byId: index.html has no element #${id}`);
  return el as T;
}
