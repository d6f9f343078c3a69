import { describe, expect, it } from 'vitest';
import { stripInlineMarkup } from '../../../renderer/src/features/campaigns/letter-markup';

describe("the letter preview's first pass over the markup", () => {
  it('drops handlers, style attributes and <style>/<script> whole, and keeps everything else as written', () => {
    expect(
      stripInlineMarkup(
        '<STYLE>p{color:red}</style><p class="a" STYLE="color:red" onclick=\'x()\'>Hi, <b>Ann</b></p>' +
          '<script>alert(1)</SCRIPT ><img src="cid:logo.png" onerror=y() alt=logo>',
      ),
    ).toEqual({ html: '<p class="a"  >Hi, <b>Ann</b></p><img src="cid:logo.png"  alt=logo>', styles: true });
    expect(stripInlineMarkup('<p>a &lt; b, 3 < 4, style="x" onclick=y</p>')).toEqual({
      html: '<p>a &lt; b, 3 < 4, style="x" onclick=y</p>',
      styles: false,
    });
  });

  it('follows the tokenizer where tricks hide a handler: "/" as a separator, ">" in quotes, odd case', () => {
    expect(stripInlineMarkup('<img/src="a>b"/OnError=x()>').html).toBe('<img/src="a>b"/>');
    expect(stripInlineMarkup("<a title='\"onclick=x' href=#>").html).toBe("<a title='\"onclick=x' href=#>");
    expect(stripInlineMarkup('<p =onclick=x>t</p>').html).toBe('<p =onclick=x>t</p>');
    expect(stripInlineMarkup('<svg><g onload = "x()" /></svg>').html).toBe('<svg><g  /></svg>');
  });

  it('leaves comments and the raw text of <textarea> and <title> alone, and copes with markup cut short', () => {
    expect(stripInlineMarkup('<!-- <p onclick=x> --><textarea><b onclick=x></textarea>').html).toBe(
      '<!-- <p onclick=x> --><textarea><b onclick=x></textarea>',
    );
    expect(stripInlineMarkup('<p onclick="x').html).toBe('<p ');
    expect(stripInlineMarkup('<style>p{}').html).toBe('');
    expect(stripInlineMarkup('<script/>alert(1)</script>ok').html).toBe('ok');
  });
});
