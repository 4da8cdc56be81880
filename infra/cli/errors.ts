/** The CLI could not reach or read its target (a local runtime or a deployed stack). */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}
