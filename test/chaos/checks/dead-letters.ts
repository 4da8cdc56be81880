import type { LocalPipeline } from '../../../infra/local/pipeline';
import type { RunLedger } from '../ledger';
import { collectDeadLetters } from '../lib/queues';
import type { MismatchSink } from './mismatches';

export const DEAD_LETTER_QUEUES = ['eventsDlq', 'pollsDlq', 'jobsDlq'] as const;
export type DeadLetterQueue = (typeof DEAD_LETTER_QUEUES)[number];

/** The dead-letter queues hold exactly the messages the run poisoned (taken out to be judged). */
export async function deadLettersAreThePoison(ledger: RunLedger, pipeline: LocalPipeline): Promise<void> {
  for (const queue of DEAD_LETTER_QUEUES) {
    const bodies = await collectDeadLetters(pipeline, queue);
    const expected = ledger.poison.filter((p) => p.queue === queue);
    for (const body of bodies) {
      const index = expected.findIndex((p) => body.includes(p.marker));
      if (index >= 0) expected.splice(index, 1);
      else ledger.mismatch('dlqUnexpected', `unexpected dead letter in ${queue}: ${body.slice(0, 300)}`);
    }
    for (const missing of expected)
      ledger.mismatch('dlqMissing', `poisoned message ${missing.marker} never reached ${queue}`);
  }
}

/** No dead letter at all, by queue depth (when no message was poisoned on purpose). */
export async function noDeadLetters(
  sink: MismatchSink,
  depth: (queue: DeadLetterQueue) => Promise<number>,
): Promise<void> {
  for (const queue of DEAD_LETTER_QUEUES) {
    const n = await depth(queue);
    if (n > 0) {
      sink.mismatches.dlqUnexpected += n;
      sink.note(`${n} dead letter(s) in ${queue}`);
    }
  }
}
