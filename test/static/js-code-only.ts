// Blanks the comments and string literals of JavaScript source (template literals keep their
// `${...}` code), so a search for names finds code, not text. Regex literals are left as is.

export function codeOnly(source: string): string {
  let out = '';
  /** Open template literals; each entry is the brace depth of its `${` expression. */
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const skipString = (quote: string) => {
    out += ' ';
    i++;
    while (i < source.length && source[i] !== quote && source[i] !== '\n') {
      if (source[i] === '\\') {
        i++;
        out += ' ';
      }
      i++;
      out += ' ';
    }
    i++;
    out += ' ';
  };
  const skipTemplate = () => {
    while (i < source.length) {
      if (source[i] === '\\') {
        i += 2;
        out += '  ';
      } else if (source[i] === '`') {
        i++;
        out += ' ';
        return;
      } else if (source.startsWith('${', i)) {
        i += 2;
        out += '  ';
        templates.push(depth);
        return;
      } else {
        out += source[i] === '\n' ? '\n' : ' ';
        i++;
      }
    }
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
      out += ' ';
    } else if (c === '"' || c === "'") {
      skipString(c);
    } else if (c === '`') {
      out += ' ';
      i++;
      skipTemplate();
    } else if (c === '}' && templates.length > 0 && templates[templates.length - 1] === depth) {
      templates.pop();
      out += ' ';
      i++;
      skipTemplate();
    } else {
      if (c === '{') depth++;
      if (c === '}') depth--;
      out += c;
      i++;
    }
  }
  return out;
}
