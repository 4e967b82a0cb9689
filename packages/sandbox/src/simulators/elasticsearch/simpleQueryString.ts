import { MAPPING, tokenize, valuesOf } from './queryDsl';

/*
 * Lucene's SimpleQueryParser, as Elasticsearch's simple_query_string uses
 * it: `+` and, `|` or, `-` not, `"phrase"`, `prefix*`, `( )`, `~N` (read,
 * ignored), `\` escapes; whitespace is the default operator. Like the real
 * one it never fails: a dangling operator or an unbalanced quote or
 * parenthesis is read as well as it goes.
 */

export type SimpleNode =
  | { kind: 'term'; text: string; prefix: boolean }
  | { kind: 'phrase'; text: string }
  | { kind: 'and' | 'or'; children: SimpleNode[] }
  | { kind: 'not'; child: SimpleNode }
  | { kind: 'none' };

type Token =
  | { t: '(' | ')' | '|' | '+' | '-' }
  | { t: 'phrase'; text: string }
  | { t: 'term'; text: string; prefix: boolean };

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '|' || c === '+' || c === '-') {
      tokens.push({ t: c });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) {
          i++;
        }
        text += input[i++];
      }
      i++;
      tokens.push({ t: 'phrase', text });
      i = skipFuzzy(input, i);
    } else {
      let text = '';
      while (i < input.length && !/[\s()|+"]/.test(input[i])) {
        if (input[i] === '\\' && i + 1 < input.length) {
          i++;
        } else if (input[i] === '~') {
          break;
        }
        text += input[i++];
      }
      i = skipFuzzy(input, i);
      const prefix = text.endsWith('*');
      const stripped = text.replace(/\*+$/, '');
      if (stripped || prefix) {
        tokens.push({ t: 'term', text: stripped, prefix });
      }
    }
  }
  return tokens;
}

function skipFuzzy(input: string, at: number): number {
  let i = at;
  if (input[i] === '~') {
    i++;
    while (i < input.length && /\d/.test(input[i])) {
      i++;
    }
  }
  return i;
}

export function parseSimpleQuery(
  input: string,
  defaultAnd: boolean,
): SimpleNode {
  const tokens = lex(input);
  let pos = 0;
  const peek = () => tokens[pos];

  const primary = (): SimpleNode | undefined => {
    const token = tokens[pos++];
    if (!token) {
      return undefined;
    }
    switch (token.t) {
      case '(': {
        const inner = orExpr();
        if (peek()?.t === ')') {
          pos++;
        }
        return inner;
      }
      case 'phrase':
        return { kind: 'phrase', text: token.text };
      case 'term':
        return { kind: 'term', text: token.text, prefix: token.prefix };
      default:
        // A stray operator: read past it.
        return undefined;
    }
  };
  const unary = (): SimpleNode | undefined => {
    if (peek()?.t === '-') {
      pos++;
      const child = unary();
      return child && { kind: 'not', child };
    }
    return primary();
  };
  const andExpr = (): SimpleNode | undefined => {
    const children: SimpleNode[] = [];
    const first = unary();
    if (first) children.push(first);
    for (;;) {
      const next = peek();
      if (!next || next.t === ')' || next.t === '|') break;
      if (next.t === '+') {
        pos++;
      } else if (!defaultAnd) {
        break;
      }
      const operand = unary();
      if (operand) children.push(operand);
    }
    return combine('and', children);
  };
  function orExpr(): SimpleNode | undefined {
    const children: SimpleNode[] = [];
    const first = andExpr();
    if (first) children.push(first);
    for (;;) {
      const next = peek();
      if (!next || next.t === ')') break;
      if (next.t === '|') pos++;
      const operand = andExpr();
      if (operand) children.push(operand);
      else if (!peek()) break;
    }
    return combine('or', children);
  }

  const nodes: SimpleNode[] = [];
  while (pos < tokens.length) {
    const node = orExpr();
    if (node) nodes.push(node);
    if (peek()?.t === ')') pos++; // an unbalanced `)`
  }
  return combine('or', nodes) ?? { kind: 'none' };
}

function combine(
  kind: 'and' | 'or',
  children: SimpleNode[],
): SimpleNode | undefined {
  if (children.length <= 1) {
    return children[0];
  }
  return { kind, children };
}

export function matchesSimpleQuery(
  node: SimpleNode,
  source: Record<string, unknown>,
  fields: string[],
): boolean {
  switch (node.kind) {
    case 'none':
      return false;
    case 'and':
      return node.children.every(c => matchesSimpleQuery(c, source, fields));
    case 'or':
      return node.children.some(c => matchesSimpleQuery(c, source, fields));
    case 'not':
      return !matchesSimpleQuery(node.child, source, fields);
    default:
      return fields.some(field => matchesField(node, source, field));
  }
}

function matchesField(
  node:
    | { kind: 'term'; text: string; prefix: boolean }
    | { kind: 'phrase'; text: string },
  source: Record<string, unknown>,
  field: string,
): boolean {
  const values = valuesOf(source, field);
  const prefix = node.kind === 'term' && node.prefix;
  switch (MAPPING[field]) {
    case 'text': {
      const wanted = tokenize(node.text);
      if (!wanted.length) {
        return prefix && values.length > 0;
      }
      return values.some(v =>
        containsTokens(tokenize(String(v)), wanted, prefix),
      );
    }
    case 'keyword':
      return values.some(v =>
        prefix ? String(v).startsWith(node.text) : String(v) === node.text,
      );
    case 'long':
      // lenient: a term that is not a number matches no number
      return (
        /^-?\d+$/.test(node.text) &&
        values.some(v => Number(v) === Number(node.text))
      );
    default:
      return false;
  }
}

/** The tokens appear in a row (a phrase; one token is a term), the last one maybe as a prefix. */
function containsTokens(
  tokens: string[],
  wanted: string[],
  prefix: boolean,
): boolean {
  for (let i = 0; i + wanted.length <= tokens.length; i++) {
    if (
      wanted.every((w, j) =>
        prefix && j === wanted.length - 1
          ? tokens[i + j].startsWith(w)
          : tokens[i + j] === w,
      )
    ) {
      return true;
    }
  }
  return false;
}
