// The stand-in's settings a local command takes from its environment: `TARGET_X` is the
// stand-in's `X` (TARGET_PASSWORD aside, which is already the stand-in's own password). The
// scenarios read LIMIT_POLL and friends as the limits they expect, so `TARGET_LIMIT_POLL=90`
// rehearses a server that is off; `TARGET_FAULT_ROOM_NAME_RACE=1500` the real backend's race.

export function targetOverrides(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && name.startsWith('TARGET_') && name !== 'TARGET_PASSWORD') {
      overrides[name.slice('TARGET_'.length)] = value;
    }
  }
  return overrides;
}
