import { describe, expect, it } from 'vitest';
import {
  parseDom,
  textOf,
} from '../../../../../functions/core/parsers/html/dom.ts';

describe('Function: parseDom', () => {
  it.each([
    ['noembed', '<noembed><p>Your browser cannot play this.</p></noembed>'],
    ['noframes', '<noframes><p>This page uses frames.</p></noframes>'],
    ['xmp', '<xmp><b>bold</b> sample</xmp>'],
    ['plaintext', '<plaintext><p>everything after this'],
    ['template', '<template><p>A card template</p></template>'],
    ['iframe', '<iframe src="/x"><p>Fallback text</p></iframe>'],
  ])('keeps no text of a <%s>', (_tag, markup) => {
    // Prepare
    const html = `<body><p>Before.</p>${markup}<p>After.</p></body>`;

    // Act
    const text = textOf(parseDom(html).root);

    // Assess
    expect(text).not.toMatch(
      /browser|frames|bold|sample|everything|template|Fallback/
    );
    expect(text).toContain('Before.');
  });
});
