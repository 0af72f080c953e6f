/**
 * Storage format is shown as readable, inert HTML: golden renderings of what the app writes, and a
 * property that no input can make the renderer emit markup outside its whitelist.
 */
import fc from 'fast-check';
import { ALLOWED_OUTPUT_TAGS, renderStorageFormat } from '../../emulator/storage-format';

const names: Record<string, string> = { 'acc-1': 'Alice Facilitator' };
const render = (s: string): string => renderStorageFormat(s, (id) => names[id]);

describe('golden renderings', () => {
  it('given a notes page, when rendered, then headings, tasks, mentions and tables read naturally', () => {
    const storage =
      '<h2>Takeaways</h2><p>Use <strong>WIP</strong> limits &amp; swarm.</p>' +
      '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status>' +
      '<ac:task-body>Try it <ac:link><ri:user ri:account-id="acc-1" /></ac:link> <time datetime="2026-12-01" /></ac:task-body></ac:task>' +
      '<ac:task><ac:task-id>2</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Done</ac:task-body></ac:task></ac:task-list>' +
      '<table><tbody><tr><th>Topic</th><th>Score</th></tr><tr><td colspan="2">Flow</td></tr></tbody></table>';
    expect(render(storage)).toBe(
      '<h2>Takeaways</h2><p>Use <strong>WIP</strong> limits &amp; swarm.</p>' +
        '<ul class="cf-tasks"><li class="cf-task"><span class="cf-check">\u2610</span> <span>Try it <span class="cf-link"><span class="cf-mention">@Alice Facilitator</span></span> <time>2026-12-01</time></span></li>' +
        '<li class="cf-task"><span class="cf-check">\u2611</span> <span>Done</span></li></ul>' +
        '<table><tbody><tr><th>Topic</th><th>Score</th></tr><tr><td colspan="2">Flow</td></tr></tbody></table>',
    );
  });

  it('given a macro with a plain-text body, when rendered, then it is a labelled box and its body is text', () => {
    const storage =
      '<ac:structured-macro ac:name="html"><ac:parameter ac:name="x">1</ac:parameter>' +
      '<ac:plain-text-body><![CDATA[<script>alert(1)</script>]]></ac:plain-text-body></ac:structured-macro>';
    expect(render(storage)).toBe(
      '<div class="cf-macro"><span class="cf-macro-name">Macro: html</span><ul><li>x: 1</li></ul>' +
        '<pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre></div>',
    );
  });

  it('given a user-typed topic that looks like a macro, when it was escaped by the app, then it shows as text', () => {
    expect(render('<p>&lt;ac:structured-macro ac:name="html"&gt;</p>')).toBe(
      '<p>&lt;ac:structured-macro ac:name=&quot;html&quot;&gt;</p>',
    );
  });

  it.each([
    [
      'a script element',
      '<script>alert(1)</script>',
      '<span class="cf-unknown"><span class="cf-unknown-tag">&lt;script&gt;</span>alert(1)</span>',
    ],
    ['an event handler attribute', '<p onclick="steal()">hi</p>', '<p>hi</p>'],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>', '<span class="cf-link">x</span>'],
    [
      'a safe link',
      '<a href="https://example.com/a?b=1">x</a>',
      '<a href="https://example.com/a?b=1" rel="noopener noreferrer">x</a>',
    ],
    [
      'an image with onerror',
      '<img src=x onerror=alert(1)>',
      '<span class="cf-unknown"><span class="cf-unknown-tag">&lt;img&gt;</span></span>',
    ],
    ['a stray angle bracket', 'a < b', 'a &lt; b'],
    [
      'an iframe',
      '<iframe src="https://evil"></iframe>',
      '<span class="cf-unknown"><span class="cf-unknown-tag">&lt;iframe&gt;</span></span>',
    ],
  ])('given %s, when rendered, then it is inert', (_label, input, expected) => {
    expect(render(input)).toBe(expected);
  });
});

describe('property: output stays inside the whitelist', () => {
  const ALLOWED_ATTRS = new Set(['class', 'href', 'rel', 'colspan', 'rowspan']);
  const TAG = /<\/?([a-z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/g;

  const fragment = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '<script>',
      '</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">',
      '<a href=" //evil.com">',
      '<p style="x" onclick=\'y\'>',
      '<![CDATA[<b onmouseover=1>]]>',
      '<!-- <script> -->',
      '<ac:structured-macro ac:name="html">',
      '<ac:plain-text-body>',
      '<ri:user ri:account-id="<script>"/>',
      '<td colspan="2 onclick=1">',
      '&lt;script&gt;',
      '&#60;svg onload=1&#62;',
      '"><svg/onload=alert(1)>',
      '<',
      '>',
      '</p>',
      '<table><tr><td>',
    ),
  );

  it('given any mix of hostile fragments, when rendered, then only whitelisted tags and attributes remain', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 25 }), (parts) => {
        const html = render(parts.join(''));
        for (const m of html.matchAll(TAG)) {
          expect(ALLOWED_OUTPUT_TAGS.has(m[1] ?? '')).toBe(true);
          for (const a of (m[2] ?? '').matchAll(/([a-z-]+)="([^"]*)"/g)) {
            expect(ALLOWED_ATTRS.has(a[1] ?? '')).toBe(true);
            if (a[1] === 'href') expect(a[2]).toMatch(/^(https?:\/\/|\/(?!\/)|#)/i);
          }
        }
        // Everything that is not a whitelisted tag is text: no raw angle brackets survive.
        expect(html.replace(TAG, '')).not.toMatch(/[<>]/);
      }),
      { numRuns: 1000 },
    );
  });
});
