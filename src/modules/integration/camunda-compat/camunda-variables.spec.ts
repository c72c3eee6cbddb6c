import { AppError } from '../../../shared/errors/app-error.js';
import { fromCamundaVariables, toCamundaVariables } from './camunda-variables.js';

function refusal(input: unknown): AppError {
  try {
    fromCamundaVariables(input);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('Camunda typed variables', () => {
  it('sends each JSON value with the Camunda type a Camunda client expects', () => {
    expect(
      toCamundaVariables({ s: 'a', i: 7, l: 2 ** 40, d: 1.5, b: true, n: null, o: { x: [1] }, a: [1, 2] }),
    ).toEqual({
      s: { value: 'a', type: 'String', valueInfo: {} },
      i: { value: 7, type: 'Integer', valueInfo: {} },
      l: { value: 2 ** 40, type: 'Long', valueInfo: {} },
      d: { value: 1.5, type: 'Double', valueInfo: {} },
      b: { value: true, type: 'Boolean', valueInfo: {} },
      n: { value: null, type: 'Null', valueInfo: {} },
      o: { value: '{"x":[1]}', type: 'Json', valueInfo: {} },
      a: { value: '[1,2]', type: 'Json', valueInfo: {} },
    });
    expect(Object.keys(toCamundaVariables({ a: 1, b: 2, c: 3 }, ['a', 'c']))).toEqual(['a', 'c']);
  });

  it('reads every supported type, in any letter case, and Camunda dates as ISO instants', () => {
    expect(
      fromCamundaVariables({
        s: { value: '张三', type: 'String' },
        i: { value: 3, type: 'integer' },
        sh: { value: -5, type: 'Short' },
        l: { value: 2 ** 40, type: 'Long' },
        d: { value: 0.25, type: 'DOUBLE' },
        b: { value: false, type: 'Boolean' },
        n: { type: 'Null' },
        j: { value: '{"a":[1,{"b":null}]}', type: 'Json' },
        o: {
          value: '{"k":1}',
          type: 'Object',
          valueInfo: { objectTypeName: 'java.util.HashMap', serializationDataFormat: 'application/json' },
        },
        dt: { value: '2026-11-28T18:00:00.000+0800', type: 'Date' },
        inferred: { value: 12 },
      }),
    ).toEqual({
      s: '张三',
      i: 3,
      sh: -5,
      l: 2 ** 40,
      d: 0.25,
      b: false,
      n: null,
      j: { a: [1, { b: null }] },
      o: { k: 1 },
      dt: '2026-11-28T10:00:00.000Z',
      inferred: 12,
    });
    expect(fromCamundaVariables(undefined)).toBeUndefined();
  });

  it('round-trips what it sends', () => {
    const vars = { s: 'x', i: -3, l: 2 ** 50, d: 3.25, b: true, n: null, o: { deep: { list: ['a', 1, false] } } };
    expect(fromCamundaVariables(toCamundaVariables(vars))).toEqual(vars);
  });

  it('refuses values that do not fit their type, and unsupported types, naming every bad variable', () => {
    const e = refusal({
      ok: { value: 'fine', type: 'String' },
      int: { value: 2 ** 31, type: 'Integer' },
      short: { value: 40_000, type: 'Short' },
      frac: { value: 1.5, type: 'Long' },
      str: { value: 5, type: 'String' },
      bool: { value: 'yes', type: 'Boolean' },
      json: { value: '{not json', type: 'Json' },
      java: {
        value: 'rO0ABXNy',
        type: 'Object',
        valueInfo: { serializationDataFormat: 'application/x-java-serialized-object' },
      },
      file: { value: 'AA==', type: 'File' },
      date: { value: '28/11/2026', type: 'Date' },
      weird: { value: 1, type: { nested: true } },
      bare: 'not a typed value',
    });
    expect(e.status).toBe(400);
    expect(e.code).toBe('CAMUNDA.INVALID_VARIABLE');
    expect(e.errors?.map((x) => x.path)).toEqual([
      'variables.int',
      'variables.short',
      'variables.frac',
      'variables.str',
      'variables.bool',
      'variables.json',
      'variables.java',
      'variables.file',
      'variables.date',
      'variables.weird',
      'variables.bare',
    ]);
  });

  it('refuses a Json text nested deeper than the request body may be, and non-object variable maps', () => {
    const deep = '['.repeat(40) + ']'.repeat(40);
    expect(refusal({ j: { value: deep, type: 'Json' } }).errors?.[0]?.message).toMatch(/deeper/);
    expect(refusal([{ value: 1, type: 'Integer' }]).code).toBe('CAMUNDA.INVALID_VARIABLE');
  });
});
