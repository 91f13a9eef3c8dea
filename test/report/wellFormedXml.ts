// A small XML well-formedness check for the figure tests (no parser dependency): balanced
// and properly nested tags, quoted attributes without duplicates, only known or numeric
// entity references, a single root element, and no stray text outside it.

const NAME = /^[A-Za-z_:][\w:.-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

function checkText(text: string, where: number): void {
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    if (!ENTITY.test(text.slice(i))) throw new Error(`bad entity reference at ${where + i}: ${text.slice(i, i + 12)}`);
  }
  if (text.includes('<')) throw new Error(`unescaped '<' at ${where + text.indexOf('<')}`);
}

/** Throws an Error describing the first problem; returns the root element's name. */
export function assertWellFormedXml(xml: string): string {
  let i = 0;
  const stack: string[] = [];
  let root: string | undefined;
  let rootClosed = false;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root element at ${i}: ${text.trim().slice(0, 20)}`);
    checkText(text, i);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) throw new Error(`unterminated comment at ${i}`);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('</', i)) {
      const name = NAME.exec(xml.slice(i + 2))?.[0];
      const close = xml.indexOf('>', i);
      if (!name || close < 0 || xml.slice(i + 2 + name.length, close).trim() !== '') throw new Error(`malformed end tag at ${i}`);
      const open = stack.pop();
      if (open !== name) throw new Error(`end tag </${name}> at ${i} does not match <${open ?? '(none)'}>`);
      if (stack.length === 0) rootClosed = true;
      i = close + 1;
      continue;
    }
    const name = NAME.exec(xml.slice(i + 1))?.[0];
    if (!name) throw new Error(`malformed start tag at ${i}: ${xml.slice(i, i + 20)}`);
    if (stack.length === 0) {
      if (root !== undefined) throw new Error(`second root element <${name}> at ${i}`);
      root = name;
    }
    let j = i + 1 + name.length;
    const seen = new Set<string>();
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j))![0].length;
      j += ws;
      if (xml.startsWith('/>', j)) {
        j += 2;
        if (stack.length === 0) rootClosed = true;
        break;
      }
      if (xml[j] === '>') {
        stack.push(name);
        j += 1;
        break;
      }
      if (ws === 0) throw new Error(`expected whitespace before attribute in <${name}> at ${j}`);
      const attribute = NAME.exec(xml.slice(j))?.[0];
      if (!attribute) throw new Error(`malformed attribute in <${name}> at ${j}: ${xml.slice(j, j + 20)}`);
      if (seen.has(attribute)) throw new Error(`duplicate attribute ${attribute} in <${name}> at ${j}`);
      seen.add(attribute);
      j += attribute.length;
      const eq = /^\s*=\s*/.exec(xml.slice(j));
      if (!eq) throw new Error(`attribute ${attribute} in <${name}> at ${j} has no value`);
      j += eq[0].length;
      const quote = xml[j];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted value for ${attribute} in <${name}> at ${j}`);
      const end = xml.indexOf(quote, j + 1);
      if (end < 0) throw new Error(`unterminated value for ${attribute} in <${name}> at ${j}`);
      checkText(xml.slice(j + 1, end), j + 1);
      j = end + 1;
    }
    i = j;
  }
  if (stack.length > 0) throw new Error(`unclosed elements: ${stack.join(' > ')}`);
  if (root === undefined || !rootClosed) throw new Error('no root element');
  return root;
}
