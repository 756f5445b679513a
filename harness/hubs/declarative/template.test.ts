import { describe, expect, it } from 'vitest';
import { jsonTemplateIssues, parseTemplate, renderJsonTemplate, renderTemplate, TemplateError } from './template.ts';

const data = {
  camera: { id: 'mk-001', rtsp: { main: 'rtsp://127.20.0.2:554/main?a=1&b=2' }, username: 'admin', rtspPort: 554 },
  vars: { base: 'http://127.0.0.1:8000', port: 8000 },
};

const cases: { name: string; template: string; out: string }[] = [
  { name: 'plain text', template: 'no braces', out: 'no braces' },
  { name: 'one value', template: '{{camera.id}}', out: 'mk-001' },
  { name: 'spaces inside braces', template: '{{ camera.id }}', out: 'mk-001' },
  {
    name: 'nested value in text',
    template: '{{vars.base}}/api/{{camera.id}}',
    out: 'http://127.0.0.1:8000/api/mk-001',
  },
  {
    name: 'urlencode filter',
    template: '/pull?url={{camera.rtsp.main | urlencode}}',
    out: '/pull?url=rtsp%3A%2F%2F127.20.0.2%3A554%2Fmain%3Fa%3D1%26b%3D2',
  },
  { name: 'json filter', template: '{"u":"{{camera.username | json}}"}', out: '{"u":"admin"}' },
  { name: 'base64 filter', template: 'Basic {{camera.username | base64}}', out: 'Basic YWRtaW4=' },
  { name: 'a number', template: 'port {{camera.rtspPort}}', out: 'port 554' },
];

describe('renderTemplate', () => {
  it.each(cases)('$name', ({ template, out }) => {
    expect(renderTemplate(template, data)).toBe(out);
  });

  const errors: { name: string; template: string; message: RegExp }[] = [
    { name: 'unknown root', template: '{{cam.id}}', message: /unknown name 'cam', expected one of camera/ },
    { name: 'unknown filter', template: '{{camera.id | upper}}', message: /unknown filter 'upper'/ },
    { name: 'unclosed', template: 'x {{camera.id', message: /unclosed/ },
    { name: 'code is not a name', template: '{{camera.id + 1}}', message: /expected a dotted name/ },
  ];
  it.each(errors)('rejects $name at parse time', ({ template, message }) => {
    expect(() => parseTemplate(template)).toThrow(message);
  });

  it('refuses a missing value instead of rendering it empty', () => {
    expect(() => renderTemplate('{{camera.nope}}', data)).toThrow(TemplateError);
    expect(() => renderTemplate('{{camera.rtsp}}', data)).toThrow(/not a single value/);
    // Prototype members are not values.
    expect(() => renderTemplate('{{camera.constructor}}', data)).toThrow(TemplateError);
  });
});

describe('renderJsonTemplate', () => {
  it('keeps the type of a lone value and renders strings deep inside', () => {
    expect(
      renderJsonTemplate(
        { port: '{{vars.port}}', url: '{{vars.base}}/x', list: ['{{camera.id}}', 3, true], none: null },
        data,
      ),
    ).toEqual({
      port: 8000,
      url: 'http://127.0.0.1:8000/x',
      list: ['mk-001', 3, true],
      none: null,
    });
  });

  it('names the path of a bad template inside a JSON body', () => {
    expect(jsonTemplateIssues({ a: [{ b: '{{nope}}' }] })).toEqual([
      { path: ['a', 0, 'b'], message: expect.stringMatching(/unknown name 'nope'/) as unknown },
    ]);
  });
});
