// The `k6/secrets` double: get() resolves a configured secret; without a secret source (k6 run
// without --secret-source) or for an unknown name, the Promise rejects as in k6.

import type K6Secrets from 'k6/secrets';
import type { VuRuntime } from '../runtime';

export type SecretsModule = typeof K6Secrets;

export function createSecretsModule(vu: () => VuRuntime): SecretsModule {
  const lookup = (key: string): Promise<string> => {
    const rt = vu();
    const secrets = rt.state.secrets;
    if (secrets === undefined) {
      return rt.realm.Promise.reject(new rt.realm.Error('no secret sources are configured'));
    }
    const value = secrets[key];
    return value === undefined
      ? rt.realm.Promise.reject(new rt.realm.Error(`no value for secret ${key}`))
      : rt.realm.Promise.resolve(value);
  };
  return {
    get: lookup,
    source(name: string) {
      const rt = vu();
      if (rt.state.secrets === undefined || name !== 'default') {
        throw new rt.realm.Error(`no secret source named ${name}`);
      }
      return { get: lookup } as unknown as ReturnType<SecretsModule['source']>;
    },
  };
}
