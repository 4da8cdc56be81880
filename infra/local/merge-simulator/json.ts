// Deep copy of a JSON value. A JSON round trip is markedly faster than structuredClone for the plain
// objects records are, which matters when seeding and serving tens of thousands of them.
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
