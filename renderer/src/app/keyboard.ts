/** What a key does in the app: the shortcuts researchers expect from TensorBoard-like tools. */
export type KeyAction = 'toggle-run' | 'step' | 'fit' | 'previous' | 'next' | 'close';

/** The shortcuts, as the help line shows them. */
export const KEY_HELP = 'Space pause/resume · S step · F fit · ←/→ generation · Esc close';

export interface KeyLike { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; target?: EventTarget | null }

/** Elements where keys type text or pick values: shortcuts leave them alone (Esc still closes). */
function isEditable(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'range'].includes((el as HTMLInputElement).type);
  return false;
}

/** The action a key press asks for, or null (modifier chords and typing are not shortcuts). */
export function keyAction(e: KeyLike): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === 'Escape') return 'close';
  if (isEditable(e.target)) return null;
  // A focused button or range slider keeps its own Space / arrow behaviour.
  const tag = (e.target as HTMLElement | null)?.tagName;
  if (e.key === ' ' && tag === 'BUTTON') return null;
  if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && (e.target as HTMLInputElement | null)?.type === 'range') return null;
  switch (e.key) {
    case ' ': return 'toggle-run';
    case 's': case 'S': return 'step';
    case 'f': case 'F': return 'fit';
    case 'ArrowLeft': return 'previous';
    case 'ArrowRight': return 'next';
    default: return null;
  }
}
