import { describe, expect, it } from 'vitest';
import { assertWellFormedXml } from './wellFormedXml';

// The figure tests lean on this checker, so it must itself reject what it claims to.
describe('assertWellFormedXml', () => {
  it('accepts nested, self-closing and escaped markup', () => {
    expect(assertWellFormedXml('<svg a="1"><g><text x="0">a &amp; b &#176;</text><rect/></g><!-- c --></svg>\n')).toBe('svg');
  });

  it.each([
    ['unclosed element', '<svg><g></svg>'],
    ['mismatched end tag', '<svg><g></text></svg>'],
    ['unquoted attribute', '<svg a=1></svg>'],
    ['duplicate attribute', '<svg a="1" a="2"></svg>'],
    ['bare ampersand', '<svg><text>a & b</text></svg>'],
    ['less-than in attribute', '<svg a="<"></svg>'],
    ['two roots', '<svg></svg><svg></svg>'],
    ['text after the root', '<svg></svg>x'],
    ['missing space between attributes', '<svg a="1"b="2"></svg>'],
  ])('rejects %s', (_, xml) => {
    expect(() => assertWellFormedXml(xml)).toThrow();
  });
});
