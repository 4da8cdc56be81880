import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Where a sample's code lives: an npm package, a file of ours, Node's internals, or a V8 pseudo-frame. */
function bucketOf(frame: ProfileNode['callFrame']): string {
  const url = frame.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url === '')
    return frame.functionName.startsWith('(') ? frame.functionName : `(${frame.functionName || 'native'})`;
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/(shared|functions|infra|test)\/(.+)$/.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

/**
 * Runs `work` under V8's sampling profiler (in this process, through the inspector) and returns
 * the self time spent in each package or source file, largest first, as shares of the samples that
 * were not idle. Profiling slows code down, so this is a separate, unmeasured pass.
 */
export async function profileSelfTime(
  work: () => Promise<void>,
  top = 12,
): Promise<{ totalMs: number; buckets: { where: string; ms: number; share: number }[] }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let profile: CpuProfile;
  try {
    await work();
  } finally {
    profile = ((await session.post('Profiler.stop')) as { profile: CpuProfile }).profile;
    session.disconnect();
  }
  return summarizeProfile(profile, top);
}

export function summarizeProfile(profile: CpuProfile, top = 12) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const bucket = bucketOf(node.callFrame);
    // Not the code's own work: waiting, V8 bookkeeping, and the inspector serving this profiler.
    if (bucket === '(idle)' || bucket === '(program)' || bucket === '(dispatch)') return;
    totals.set(bucket, (totals.get(bucket) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  const totalMs = [...totals.values()].reduce((a, b) => a + b, 0);
  const buckets = [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, ms]) => ({ where, ms: Math.round(ms), share: Math.round((ms / totalMs) * 1000) / 1000 }));
  return { totalMs: Math.round(totalMs), buckets };
}

/** CPU time (ms, user + system) a Linux process has used, from /proc; undefined elsewhere. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}
