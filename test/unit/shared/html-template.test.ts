import { describe, expect, it } from 'vitest';
import {
  bindHtmlTemplate,
  cidReferences,
  compileHtmlTemplate,
  escapeHtml,
  mustCompileHtml,
  renderHtml,
} from '../../../shared/domain/html-template';
import { mustCompile, render } from '../../../shared/domain/template';

describe('the letter’s HTML as a template', () => {
  const letter =
    '<p>Здравствуйте, <b>{first_name|клиент}</b>!</p><p>Баланс: {balance} ₽</p>' +
    '<a href="https://shop.example/?c={Город}">Магазин</a><img src="cid:logo.png" alt="">';

  it('personalises with the same variables as the text', () => {
    const t = mustCompileHtml(letter);
    const html = renderHtml(t, { firstName: 'Иван', attributes: { balance: '1500.5', Город: 'Тула' } });
    expect(html).toBe(
      '<p>Здравствуйте, <b>Иван</b>!</p><p>Баланс: 1\u00a0500,50 ₽</p>' +
        '<a href="https://shop.example/?c=Тула">Магазин</a><img src="cid:logo.png" alt="">',
    );
    // The text/plain alternative keeps the plain space (the text's rules).
    expect(render(mustCompile('{balance}'), { attributes: { balance: '1500.5' } })).toBe('1 500,50');
    // An empty value takes the fallback.
    expect(renderHtml(t, {})).toContain('<b>клиент</b>');
  });

  it('escapes every value: markup and quotes arrive as text, never as tags or the end of an attribute', () => {
    const t = mustCompileHtml('<p title="{last_name}">{first_name}</p><a href="?x={Город}">{Город}</a>');
    const html = renderHtml(t, {
      firstName: '<script>alert(1)</script>',
      lastName: '" onmouseover="alert(2)',
      attributes: { Город: `'&<b>` },
    });
    expect(html).toBe(
      '<p title="&quot; onmouseover=&quot;alert(2)">&lt;script&gt;alert(1)&lt;/script&gt;</p>' +
        '<a href="?x=&#39;&amp;&lt;b&gt;">&#39;&amp;&lt;b&gt;</a>',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('" onmouseover');
  });

  it('escapes a fallback too (it is text, as in the text version)', () => {
    expect(renderHtml(mustCompileHtml('{first_name|<друг>}'), {})).toBe('&lt;друг&gt;');
  });

  it('takes the braces of a <style> element as CSS, not variables', () => {
    const html =
      '<style type="text/css">\np { color: #c00; }\n@media (max-width: 600px) { p { margin: 0 } }\n</style><p>{first_name}</p>';
    const t = mustCompileHtml(html);
    expect(renderHtml(t, { firstName: 'Анна' })).toBe(html.replace('{first_name}', 'Анна'));
    // CSS that looks like a variable ("{ color: red }") is no "doubled braces" warning either…
    const css = compileHtmlTemplate('<style>p { color: red }</style><p>{{ color }}</p>');
    expect(css.ok && css.template.warnings.map((w) => [w.code, w.start])).toEqual([['escaped_variable', 34]]);
    // …and only there: outside, a stray brace is an error, with its place in the HTML as typed.
    const r = compileHtmlTemplate('<style>a{b:c}</style>\n<p>{first_name</p>');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toMatchObject({ code: 'unclosed_brace', line: 2, column: 4, start: 25 });
    }
  });

  it('a renderer for many recipients checks {today} once', () => {
    const t = mustCompileHtml('<p>{today}: {first_name}</p>');
    expect(() => bindHtmlTemplate(t)).toThrow(/today/);
    const one = bindHtmlTemplate(t, { today: '2026-03-08' });
    expect(one({ firstName: 'A' })).toBe('<p>08.03.2026: A</p>');
  });

  it('lists the pictures the HTML shows by cid:', () => {
    expect(cidReferences('<img src="cid:logo.png"><td background="cid:bg-1.jpg"><img src=\'cid:logo.png\'>')).toEqual([
      'logo.png',
      'bg-1.jpg',
    ]);
    expect(cidReferences('<p>no pictures</p>')).toEqual([]);
  });

  it('escapeHtml leaves plain text as it is', () => {
    expect(escapeHtml('Иван Петров')).toBe('Иван Петров');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});
