// deploy/k6-operator/testrun.yaml as a cluster gets it (after `envsubst '${RUN_ID}'`), and the
// k6 command line k6-operator builds from it for each runner (its pkg/resources/jobs/runner.go):
// the live-metrics case runs k6 the way a runner pod would, and the manifest test checks the
// file against the TestRun CRD.

import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

export const TESTRUN_MANIFEST = new URL('../../deploy/k6-operator/testrun.yaml', import.meta.url);
export const SUMMARIES_READER_MANIFEST = new URL(
  '../../deploy/k6-operator/summaries-reader.yaml',
  import.meta.url,
);

/** The placeholder the README's `envsubst '${RUN_ID}'` fills in; any other `${...}` stays literal. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: envsubst's placeholder, as the file has it.
const RUN_ID_PLACEHOLDER = '${RUN_ID}';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

/** The TestRun fields this project reads; the CRD test checks every field against the schema. */
export interface TestRunDocument {
  apiVersion: string;
  kind: 'TestRun';
  metadata: { name: string };
  spec: {
    parallelism: number;
    arguments?: string;
    script: { configMap: { name: string; file: string } };
    runner: {
      image?: string;
      env?: EnvVar[];
      securityContext?: { runAsUser?: number; runAsGroup?: number; fsGroup?: number };
      volumeMounts?: { name: string; mountPath: string }[];
      volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
    };
  };
}

export interface Manifest {
  /** Every document of the file, in order, as plain objects. */
  documents: Record<string, unknown>[];
  testRun: TestRunDocument;
}

/** A YAML file's documents, each a mapping; throws naming the file on a syntax error. */
export function readYamlDocuments(file: URL, substitute: (text: string) => string = (t) => t) {
  const documents = parseAllDocuments(substitute(readFileSync(file, 'utf8')));
  if (!Array.isArray(documents)) throw new Error(`${file.pathname}: no YAML documents`);
  return documents.map((doc, i) => {
    if (doc.errors.length > 0) {
      throw new Error(`${file.pathname}: document ${i + 1}: ${doc.errors[0]?.message}`);
    }
    const value: unknown = doc.toJS();
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error(`${file.pathname}: document ${i + 1} is not a mapping`);
    }
    return value as Record<string, unknown>;
  });
}

/** testrun.yaml with `runId` put in, as `envsubst '${RUN_ID}'` does. */
export function readTestRunManifest(runId: string): Manifest {
  const documents = readYamlDocuments(TESTRUN_MANIFEST, (text) =>
    text.replaceAll(RUN_ID_PLACEHOLDER, runId),
  );
  const testRun = documents.find((d) => d.kind === 'TestRun');
  if (testRun === undefined) throw new Error(`${TESTRUN_MANIFEST.pathname}: no TestRun document`);
  return { documents, testRun: testRun as unknown as TestRunDocument };
}

/** `--execution-segment` and `--execution-segment-sequence` of runner `index` (1-based) of `total`. */
function segmentArgs(index: number, total: number): string[] {
  const bound = (i: number) => (i === 0 ? '0' : i === total ? '1' : `${i}/${total}`);
  const sequence = Array.from({ length: total + 1 }, (_, i) => bound(i)).join(',');
  return [
    `--execution-segment=${bound(index - 1)}:${bound(index)}`,
    `--execution-segment-sequence=${sequence}`,
  ];
}

/**
 * The arguments after `k6` that k6-operator gives runner `index` (1-based, as the operator
 * numbers them), with the script at `scriptPath`. Left out: `--address=0.0.0.0:6565` (the
 * operator's starter talks to it) and `--paused` (the starter un-pauses the runners together).
 */
export function runnerArgs(testRun: TestRunDocument, index: number, scriptPath: string): string[] {
  const { parallelism } = testRun.spec;
  return [
    'run',
    '--quiet',
    ...(parallelism > 1 ? segmentArgs(index, parallelism) : []),
    // The operator splits `arguments` on white space (Go's strings.Fields).
    ...(testRun.spec.arguments ?? '').split(/\s+/).filter((a) => a !== ''),
    scriptPath,
    // The operator's own tags: k6 then drops the script's `options.tags` (its scenarios keep
    // their testid tag; the manifest's `--tag testid=...` covers setup's and teardown's samples).
    '--tag',
    `instance_id=${index}`,
    '--tag',
    `testrun_name=${testRun.metadata.name}`,
  ];
}

/** The runner env entries with a literal value, by name. */
export function runnerEnvValues(testRun: TestRunDocument): Record<string, string> {
  const values: Record<string, string> = {};
  for (const e of testRun.spec.runner.env ?? []) {
    if (e.value !== undefined) values[e.name] = e.value;
  }
  return values;
}
