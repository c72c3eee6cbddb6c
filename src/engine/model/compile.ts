/**
 * compile(xml) → one immutable ProcessModel per executable bpmn:Process, or every coded problem found.
 * Never throws on user input: parser failures and unexpected exceptions become CompileErrors.
 */
import type { ModdleElement } from 'bpmn-moddle';
import type { CompileError, CompileWarning } from '../contract.js';
import { CompileCode } from '../errors/compile-codes.js';
import { buildProcess } from './builder.js';
import { DEFAULT_MAX_ELEMENTS, preflight, readBpmnXml, type ReadResult } from './bpmn-xml.reader.js';
import { NamespaceResolver, str } from './namespaces.js';
import { unresolvedRefs } from './node-attributes.js';
import type { ProcessModel } from './process-model.js';
import { RULES } from './rules/index.js';

export type CompileResult =
  | { model: ProcessModel; models: ProcessModel[]; warnings: CompileWarning[]; errors?: undefined }
  | { errors: CompileError[]; model?: undefined; models?: undefined; warnings?: undefined };

export interface CompileOptions {
  maxElements?: number;
}

function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    if (value instanceof Map) {
      for (const v of value.values()) deepFreeze(v, seen);
    } else {
      for (const v of Object.values(value)) deepFreeze(v, seen);
      Object.freeze(value);
    }
  }
  return value;
}

function documentErrors(read: ReadResult): CompileError[] {
  const errors: CompileError[] = [];
  for (const w of read.warnings) {
    const dup = /duplicate ID <([^>]*)>/.exec(w.message);
    if (dup) {
      errors.push({ code: CompileCode.DUPLICATE_ID, message: `duplicate id ${dup[1] ?? ''}`, elementId: dup[1] });
    } else if (w.message.startsWith('unparsable content')) {
      errors.push({ code: CompileCode.MALFORMED, message: w.message.split('\n').join(' ') });
    }
  }
  return errors;
}

/** What compiles but may not mean what the author thinks: an errorRef naming no bpmn:error (read as the code). */
function documentWarnings(read: ReadResult): CompileWarning[] {
  return read.warnings.flatMap((w) => {
    const id = /^unresolved reference <([^>]*)>/.exec(w.message)?.[1];
    if (id === undefined || w.property !== 'bpmn:errorRef') return [];
    const owner = str(w.element?.$parent?.id);
    return [
      {
        code: CompileCode.UNRESOLVED_ERROR_REF,
        message: `${owner ?? 'an error event'}: errorRef "${id}" names no bpmn:error of the file; it is read as the error code "${id}" (as Camunda 7 does)`,
        ...(owner ? { elementId: owner } : {}),
      },
    ];
  });
}

async function compileUnsafe(xml: string, options: CompileOptions): Promise<CompileResult> {
  const pre = preflight(xml, options.maxElements ?? DEFAULT_MAX_ELEMENTS);
  if (pre) return { errors: [pre] };
  const read = await readBpmnXml(xml);
  if ('code' in read) return { errors: [read] };
  const errors = documentErrors(read);
  const roots = (read.definitions.rootElements as ModdleElement[] | undefined) ?? [];
  const processes = roots.filter((r) => r.$type === 'bpmn:Process');
  if (processes.length === 0)
    return { errors: [...errors, { code: CompileCode.NO_PROCESS, message: 'the document has no bpmn:process' }] };
  const executable = processes.filter((p) => p.isExecutable === true);
  if (executable.length === 0) {
    return {
      errors: [
        ...errors,
        {
          code: CompileCode.NO_EXECUTABLE_PROCESS,
          message: 'no bpmn:process has isExecutable="true"',
          elementId: str(processes[0]?.id),
        },
      ],
    };
  }
  const ns = new NamespaceResolver(NamespaceResolver.collect(read.definitions));
  const unresolved = unresolvedRefs(read.warnings);
  const models: ProcessModel[] = [];
  for (const process of executable) {
    const draft = buildProcess(process, ns, unresolved);
    for (const rule of RULES) errors.push(...rule.check(draft));
    models.push(deepFreeze(draft.model));
  }
  const first = models[0];
  if (errors.length > 0 || !first) return { errors };
  return { model: first, models, warnings: documentWarnings(read) };
}

export async function compile(xml: string, options: CompileOptions = {}): Promise<CompileResult> {
  try {
    return await compileUnsafe(xml, options);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { errors: [{ code: CompileCode.MALFORMED, message: `could not read the document: ${message}` }] };
  }
}
