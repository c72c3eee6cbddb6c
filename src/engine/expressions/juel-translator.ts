/**
 * A deliberately small translator from Camunda 7 `${...}` (JUEL) conditions to FEEL. Accepted: literals,
 * variables and `var.prop` paths, comparisons, `&&` `||` `!` (and their word forms), + - * / and parentheses.
 * Everything else (method calls, `execution`, brackets, ternaries, `empty`) is refused so that nothing
 * is ever executed that we did not understand. No eval, no Function, no vm.
 */
type Tok = { kind: 'num' | 'str' | 'id' | 'op'; text: string };

export class JuelUnsupported extends Error {}

const WORD_OPS: Record<string, string> = {
  and: '&&',
  or: '||',
  not: '!',
  eq: '==',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
};
const FORBIDDEN_IDS = new Set(['execution', 'task', 'empty', 'div', 'mod', 'instanceof', 'authenticatedUserId']);

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      toks.push({ kind: 'num', text });
      i += text.length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src.charAt(j) !== c) {
        if (src.charAt(j) === '\\') j++;
        s += src.charAt(j);
        j++;
      }
      if (j >= src.length) throw new JuelUnsupported('unterminated string');
      toks.push({ kind: 'str', text: s });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      const op = WORD_OPS[text];
      toks.push(op ? { kind: 'op', text: op } : { kind: 'id', text });
      i += text.length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      toks.push({ kind: 'op', text: two });
      i += 2;
      continue;
    }
    if ('<>!()+-*/'.includes(c)) {
      toks.push({ kind: 'op', text: c });
      i++;
      continue;
    }
    throw new JuelUnsupported(`unsupported character '${c}'`);
  }
  return toks;
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): string {
    const out = this.or();
    if (this.pos < this.toks.length) throw new JuelUnsupported(`unexpected '${this.peek()?.text ?? ''}'`);
    return out;
  }
  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }
  private eat(...ops: string[]): string | null {
    const t = this.peek();
    if (t?.kind === 'op' && ops.includes(t.text)) {
      this.pos++;
      return t.text;
    }
    return null;
  }
  private binary(next: () => string, ops: string[], map: Record<string, string>): string {
    let left = next();
    for (let op = this.eat(...ops); op; op = this.eat(...ops)) left = `(${left} ${map[op] ?? op} ${next()})`;
    return left;
  }
  private or(): string {
    return this.binary(() => this.and(), ['||'], { '||': 'or' });
  }
  private and(): string {
    return this.binary(() => this.eq(), ['&&'], { '&&': 'and' });
  }
  private eq(): string {
    return this.binary(() => this.rel(), ['==', '!='], { '==': '=' });
  }
  private rel(): string {
    return this.binary(() => this.add(), ['<', '>', '<=', '>='], {});
  }
  private add(): string {
    return this.binary(() => this.mul(), ['+', '-'], {});
  }
  private mul(): string {
    return this.binary(() => this.unary(), ['*', '/'], {});
  }
  private unary(): string {
    if (this.eat('!')) return `not(${this.unary()})`;
    if (this.eat('-')) return `(-${this.unary()})`;
    return this.primary();
  }
  private primary(): string {
    const t = this.peek();
    if (!t) throw new JuelUnsupported('unexpected end of expression');
    this.pos++;
    if (t.kind === 'num') return t.text;
    if (t.kind === 'str') return JSON.stringify(t.text);
    if (t.kind === 'id') {
      if (['true', 'false', 'null'].includes(t.text)) return t.text;
      const head = t.text.split('.')[0] ?? '';
      if (FORBIDDEN_IDS.has(head)) throw new JuelUnsupported(`'${head}' is not available`);
      if (this.peek()?.text === '(') throw new JuelUnsupported(`function or method call '${t.text}(...)'`);
      return t.text;
    }
    if (t.text === '(') {
      const inner = this.or();
      if (!this.eat(')')) throw new JuelUnsupported("missing ')'");
      return `(${inner})`;
    }
    throw new JuelUnsupported(`unexpected '${t.text}'`);
  }
}

/** True when the text is a single `${...}` or `#{...}` expression. */
export function isJuel(text: string): boolean {
  return /^\s*[$#]\{[\s\S]*\}\s*$/.test(text);
}

/** Any `${` or `#{` in the text (possibly mixed with literal text). */
export function containsJuel(text: string): boolean {
  return /[$#]\{/.test(text);
}

/** Translates a whole `${...}` expression to FEEL; throws JuelUnsupported otherwise. */
export function translateJuel(text: string): string {
  if (!isJuel(text)) throw new JuelUnsupported('only a single ${...} expression is supported');
  const body = text.trim().slice(2, -1);
  if (body.includes('{') || body.includes('}')) throw new JuelUnsupported('nested braces');
  return new Parser(tokenize(body)).parse();
}
