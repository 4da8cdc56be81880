import { readFileSync } from 'node:fs';
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const p = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};
const total = p.endTime - p.startTime;
const self = new Map<number, number>();
p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const byFile = new Map<string, number>();
const byFn = new Map<string, number>();
for (const n of p.nodes) {
  const t = self.get(n.id) ?? 0;
  let f = n.callFrame.url.replace('file:///work/main/', '');
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f);
  const pkg = m
    ? m[1]!
    : f === ''
      ? `(${n.callFrame.functionName})`
      : f.startsWith('node:')
        ? 'node-internal'
        : f;
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + t);
  const k = `${n.callFrame.functionName} ${f}:${n.callFrame.lineNumber}`;
  byFn.set(k, (byFn.get(k) ?? 0) + t);
}
console.log('total ms', total / 1000);
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log((v / 1000).toFixed(0).padStart(8), k);
console.log('---');
for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log((v / 1000).toFixed(0).padStart(8), k);
