/**
 * Anti-corruption wrapper around bpmn-moddle: XML hardening (size, DOCTYPE/ENTITY, element count), parsing
 * with one shared BpmnModdle instance, and mapping of parser failures to coded errors. Never throws.
 */
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import type { CompileError } from '../contract.js';
import { CompileCode } from '../errors/compile-codes.js';

export const MAX_XML_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_ELEMENTS = 10_000;

const moddle = new BpmnModdle();

export interface ReadResult {
  definitions: ModdleElement;
  warnings: { message: string; element?: ModdleElement; property?: string }[];
}

export function preflight(xml: string, maxElements: number): CompileError | null {
  if (typeof xml !== 'string') return { code: CompileCode.MALFORMED, message: 'input is not a string' };
  if (xml.length > MAX_XML_BYTES || new TextEncoder().encode(xml).length > MAX_XML_BYTES) {
    return { code: CompileCode.TOO_LARGE, message: `document is larger than ${MAX_XML_BYTES} bytes` };
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    return { code: CompileCode.DOCTYPE_FORBIDDEN, message: 'DOCTYPE and ENTITY declarations are not allowed' };
  }
  let count = 0;
  const tag = /<[A-Za-z_]/g;
  while (tag.exec(xml)) {
    if (++count > maxElements) {
      return { code: CompileCode.TOO_MANY_ELEMENTS, message: `document has more than ${maxElements} elements` };
    }
  }
  return null;
}

export async function readBpmnXml(xml: string): Promise<ReadResult | CompileError> {
  try {
    const result = await moddle.fromXML(xml, 'bpmn:Definitions');
    const root = result.rootElement;
    if (root?.$type !== 'bpmn:Definitions') {
      return { code: CompileCode.NOT_BPMN, message: 'root element is not bpmn:definitions' };
    }
    return { definitions: root, warnings: result.warnings };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes('failed to parse document as')) {
      return {
        code: CompileCode.NOT_BPMN,
        message: 'not a BPMN 2.0 document (expected bpmn:definitions in the BPMN 2.0 MODEL namespace)',
      };
    }
    return { code: CompileCode.MALFORMED, message: `XML is not well-formed: ${message.split('\n')[0] ?? message}` };
  }
}
