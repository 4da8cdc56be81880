import { findSecrets } from '../lib/log-tap';
import type { MismatchSink } from './mismatches';

/** No key, signing key or account token in any log line or HTTP answer of the run. */
export async function noSecretsInOutput(
  sink: MismatchSink,
  output: readonly string[],
  secrets: readonly string[],
): Promise<void> {
  const leaks = findSecrets(output, secrets);
  sink.mismatches.secretLeaks += leaks.length;
  for (const leak of leaks.slice(0, 3)) sink.note(`secret in output: ${leak.excerpt}`);
}
