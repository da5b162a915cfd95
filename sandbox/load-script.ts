// Loads a built dist/<name>.js as k6 would: the ESM bundle becomes a CommonJS function body
// (esbuild transform: syntax unchanged, nothing rebuilt) run per VU context; only k6 modules
// resolve, any other import fails as it would in k6.

import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import vm from 'node:vm';
import { transformSync } from 'esbuild';

export type ModuleResolver = (specifier: string) => unknown;

export interface LoadedScript {
  /** The script's folder: k6's open() resolves relative paths against it. */
  readonly dir: string;
  /** Runs the script's init code in `context`; returns its exports (options, default, ...). */
  init(context: vm.Context, resolve: ModuleResolver): Record<string, unknown>;
}

export function loadScript(file: string): LoadedScript {
  const source = readFileSync(file, 'utf8');
  const { code } = transformSync(source, {
    format: 'cjs',
    loader: 'js',
    target: 'esnext',
    sourcefile: file,
  });
  // Imports become calls of the resolver; a bare `require` stays undefined, as in k6.
  const body = code.replace(/\brequire\((?=["'])/g, '__k6Import(');
  const wrapped = `(function (__k6Import, module, exports) {'use strict';\n${body}\n})`;
  const script = new vm.Script(wrapped, { filename: file });
  return {
    dir: dirname(resolvePath(file)),
    init(context, resolve) {
      const factory = script.runInContext(context) as (
        require: ModuleResolver,
        module: { exports: Record<string, unknown> },
        exports: Record<string, unknown>,
      ) => void;
      const module = { exports: {} as Record<string, unknown> };
      factory(resolve, module, module.exports);
      return module.exports;
    },
  };
}
