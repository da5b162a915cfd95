// deploy/k6-operator/*.yaml checked without a cluster: the TestRun against k6-operator's CRD
// schema (as the API server validates a custom resource), and the pieces that must agree with
// each other and with what this project is tested on.

import Ajv, { type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_K6_VERSIONS } from '../../scripts/k6-binary';
import {
  readTestRunManifest,
  readYamlDocuments,
  runnerArgs,
  runnerEnvValues,
  SUMMARIES_READER_MANIFEST,
} from '../e2e/k6-operator';

const CRD = new URL('../fixtures/k6-operator/k6.io_testruns-v1.6.0.yaml', import.meta.url);
const SUMMARIES_VOLUME = new URL('../../deploy/k6-operator/summaries-volume.yaml', import.meta.url);

/** The UID and GID k6's image runs as (its Dockerfile: `adduser -D -u 12345`, `USER 12345`). */
const K6_IMAGE_UID = 12345;
/** A RUN_ID as the README makes one: `date -u +%Y%m%d-%H%M%S`. */
const RUN_ID = '20250101-120000';

type Schema = Record<string, unknown>;

/**
 * The API server drops fields a structural schema does not list (or `kubectl apply` refuses
 * them); JSON Schema allows them. Closing every object that lists `properties` and neither
 * `additionalProperties` nor `x-kubernetes-preserve-unknown-fields` makes an unknown field an
 * error here.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps field names to schemas: close each schema, not the map itself.
    node[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, closed(v)]))
        : closed(value);
  }
  if (
    node.properties !== undefined &&
    node.additionalProperties === undefined &&
    node['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    node.additionalProperties = false;
  }
  return node;
}

interface CrdVersion {
  name: string;
  served: boolean;
  schema: { openAPIV3Schema: Schema };
}

const crd = readYamlDocuments(CRD)[0] as { spec: { group: string; versions: CrdVersion[] } };
// x-kubernetes-* keywords and formats such as int32 are Kubernetes' own: ajv skips them.
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });

const validators = new Map<CrdVersion, ReturnType<typeof ajv.compile>>();

/** The schema's complaints about a TestRun, one line each (empty: valid). */
function crdProblems(testRun: unknown, apiVersion: string): string[] {
  const version = crd.spec.versions.find((v) => `${crd.spec.group}/${v.name}` === apiVersion);
  if (version === undefined || !version.served) return [`apiVersion ${apiVersion} is not served`];
  let validate = validators.get(version);
  if (validate === undefined) {
    validate = ajv.compile(closed(version.schema.openAPIV3Schema) as Schema);
    validators.set(version, validate);
  }
  if (validate(testRun)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => {
    const unknown = e.keyword === 'additionalProperties' ? ` ${e.params.additionalProperty}` : '';
    return `${e.instancePath || '/'} ${e.message}${unknown}`;
  });
}

const manifest = readTestRunManifest(RUN_ID);
const { testRun } = manifest;

describe('deploy/k6-operator/testrun.yaml against k6-operator v1.6.0 TestRun CRD', () => {
  it('every field is one the CRD knows, with its type', () => {
    expect(crdProblems(testRun, testRun.apiVersion)).toEqual([]);
  });

  it('the check catches an unknown field and a wrong type (it can fail)', () => {
    const broken = structuredClone(testRun) as unknown as {
      spec: { parallelism: unknown; runner: { securityContext: Record<string, unknown> } };
    };
    broken.spec.runner.securityContext.fsGrup = K6_IMAGE_UID;
    broken.spec.parallelism = '4';
    expect(crdProblems(broken, testRun.apiVersion)).toEqual([
      '/spec/parallelism must be integer',
      '/spec/runner/securityContext must NOT have additional properties fsGrup',
    ]);
    expect(crdProblems(testRun, 'k6.io/v1')).toEqual(['apiVersion k6.io/v1 is not served']);
  });

  it('has one TestRun, and no placeholder left once envsubst filled in RUN_ID', () => {
    expect(manifest.documents.map((d) => d.kind)).toEqual(['TestRun']);
    expect(JSON.stringify(manifest.documents)).not.toContain('${');
    // Kubernetes names: lowercase letters, digits and '-'; the operator adds `-service-<n>`,
    // and a Service name has at most 63 characters.
    expect(testRun.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(`${testRun.metadata.name}-service-${testRun.spec.parallelism}`.length).toBeLessThan(64);
  });
});

describe('deploy/k6-operator: what the runners need', () => {
  it('the runner image is grafana/k6 at a version the project is tested on', () => {
    const tag = /^grafana\/k6:(\d+\.\d+\.\d+)$/.exec(testRun.spec.runner.image ?? '')?.[1];
    expect(SUPPORTED_K6_VERSIONS as readonly string[]).toContain(tag);
  });

  it("runs as the image's user, with the summaries volume's group its own", () => {
    expect(testRun.spec.runner.securityContext).toEqual({
      runAsUser: K6_IMAGE_UID,
      runAsGroup: K6_IMAGE_UID,
      fsGroup: K6_IMAGE_UID,
    });
  });

  it('every runner and the reader mount the one ReadWriteMany volume at SUMMARY_DIR', () => {
    const [volume, ...others] = readYamlDocuments(SUMMARIES_VOLUME) as {
      kind: string;
      metadata: { name: string };
      spec: { accessModes: string[]; storageClassName?: string };
    }[];
    expect(others).toEqual([]);
    expect(volume?.kind).toBe('PersistentVolumeClaim');
    expect(volume?.spec.accessModes).toEqual(['ReadWriteMany']);
    // Set on purpose (a cluster's default class is rarely ReadWriteMany), and a placeholder
    // that `kubectl apply` refuses (not a lowercase name) until it is edited.
    expect(volume?.spec.storageClassName).toMatch(/[A-Z]/);

    const { runner } = testRun.spec;
    const claim = runner.volumes?.find((v) => v.persistentVolumeClaim !== undefined);
    expect(claim?.persistentVolumeClaim?.claimName).toBe(volume?.metadata.name);
    const mount = runner.volumeMounts?.find((m) => m.name === claim?.name);
    expect(runnerEnvValues(testRun).SUMMARY_DIR).toBe(mount?.mountPath);

    const [reader] = readYamlDocuments(SUMMARIES_READER_MANIFEST) as {
      spec: { volumes: { persistentVolumeClaim: { claimName: string } }[] };
    }[];
    expect(reader?.spec.volumes[0]?.persistentVolumeClaim.claimName).toBe(volume?.metadata.name);
  });

  it("live metrics: k6 gets --tag testid=RUN_ID besides the operator's own tags", () => {
    const args = runnerArgs(testRun, 2, '/test/poll.js');
    expect(args.slice(0, 4)).toEqual([
      'run',
      '--quiet',
      '--execution-segment=1/4:2/4',
      '--execution-segment-sequence=0,1/4,2/4,3/4,1',
    ]);
    expect(args).toContain('experimental-prometheus-rw');
    const tags = args.flatMap((a, i) => (args[i - 1] === '--tag' ? [a] : []));
    expect(tags).toEqual([
      `testid=${RUN_ID}`,
      'instance_id=2',
      `testrun_name=claudeworld-poll-${RUN_ID}`,
    ]);
    expect(runnerEnvValues(testRun).K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM).toBe('true');
  });
});
