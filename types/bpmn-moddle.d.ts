// bpmn-moddle 10 is ESM-only and its "." export ships no typings; this is the surface we use.
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    id?: string;
    $attrs?: Record<string, string>;
    $parent?: ModdleElement;
    [key: string]: unknown;
  }
  export interface ParseResult {
    rootElement: ModdleElement;
    references: unknown[];
    warnings: { message: string; element?: ModdleElement; property?: string }[];
    elementsById: Record<string, ModdleElement>;
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<ParseResult>;
    toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): ModdleElement;
  }
}
