/**
 * Extension attributes/elements arrive from bpmn-moddle untyped (no descriptors are loaded): attributes in
 * `$attrs` as `prefix:local`, elements as generic objects with `$type` `prefix:local`. We resolve the prefix
 * by the xmlns declarations in scope, so `t:outcomes` works when `t` is bound to urn:tongban:bpmn.
 */
import type { ModdleElement } from 'bpmn-moddle';

export const NS = {
  TB: 'urn:tongban:bpmn',
  CAMUNDA: 'http://camunda.org/schema/1.0/bpmn',
  ZEEBE: 'http://camunda.org/schema/zeebe/1.0',
  BPMN: 'http://www.omg.org/spec/BPMN/20100524/MODEL',
} as const;

function declared(el: ModdleElement, prefix: string): string | undefined {
  const attrs = el.$attrs;
  if (!attrs) return undefined;
  return prefix === '' ? attrs.xmlns : attrs[`xmlns:${prefix}`];
}

export class NamespaceResolver {
  constructor(private readonly documentWide: ReadonlyMap<string, string>) {}

  uriOf(el: ModdleElement | undefined, prefix: string): string | undefined {
    for (let cur = el; cur; cur = cur.$parent) {
      const uri = declared(cur, prefix);
      if (uri !== undefined) return uri;
    }
    return this.documentWide.get(prefix);
  }

  /** Value of the extension attribute {ns}local on el, or undefined. */
  attr(el: ModdleElement, ns: string, local: string): string | undefined {
    const attrs = el.$attrs;
    if (!attrs) return undefined;
    for (const [key, value] of Object.entries(attrs)) {
      const i = key.indexOf(':');
      if (i < 0 || key.slice(i + 1) !== local) continue;
      const prefix = key.slice(0, i);
      if (prefix !== 'xmlns' && this.uriOf(el, prefix) === ns) return value;
    }
    return undefined;
  }

  /** First defined value among tb:/camunda:/zeebe: attributes of that local name. */
  anyAttr(el: ModdleElement, local: string, namespaces: readonly string[] = [NS.TB, NS.CAMUNDA]): string | undefined {
    for (const ns of namespaces) {
      const v = this.attr(el, ns, local);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  isType(el: ModdleElement, ns: string, local: string): boolean {
    const t = el.$type;
    const i = t.indexOf(':');
    if (t.slice(i + 1) !== local) return false;
    return this.uriOf(el, i < 0 ? '' : t.slice(0, i)) === ns;
  }

  /** Generic extension elements of el (from extensionElements.values) with the given namespace/local name. */
  extensions(el: ModdleElement, ns: string, local: string): ModdleElement[] {
    const ext = el.extensionElements as ModdleElement | undefined;
    const values = (ext?.values as ModdleElement[] | undefined) ?? [];
    return values.filter((v) => this.isType(v, ns, local));
  }

  children(el: ModdleElement, ns: string, local: string): ModdleElement[] {
    const kids = (el.$children as ModdleElement[] | undefined) ?? [];
    return kids.filter((k) => {
      if (!k.$parent) Object.defineProperty(k, '$parent', { value: el, enumerable: false });
      return this.isType(k, ns, local);
    });
  }

  /** Any extension attribute or element in a namespace we do not interpret? (used for documentation only) */
  static collect(root: ModdleElement): Map<string, string> {
    const map = new Map<string, string>();
    const seen = new Set<unknown>();
    const visit = (el: unknown): void => {
      if (!el || typeof el !== 'object' || seen.has(el)) return;
      seen.add(el);
      const e = el as ModdleElement;
      for (const [k, v] of Object.entries(e.$attrs ?? {})) {
        if (k.startsWith('xmlns:') && !map.has(k.slice(6))) map.set(k.slice(6), v);
      }
      for (const [k, v] of Object.entries(e)) {
        if (k === '$parent' || k.startsWith('$attrs')) continue;
        if (Array.isArray(v)) v.forEach(visit);
        else if (v && typeof v === 'object' && (v as ModdleElement).$type) visit(v);
      }
    };
    visit(root);
    return map;
  }
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
