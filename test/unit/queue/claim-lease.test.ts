import fc from 'fast-check';
import { QUEUE_DESIGN, queueTiming, webhookClaimLeaseMs } from '../../../shared/queue/queue-design';

/**
 * The event processor's dedupe claim on a webhook against the events queue's timing: a message
 * received at 0 is claimed at some moment c of its invocation (0 <= c <= T, the consumer timeout)
 * and, if the processor crashed, delivered again at V (the visibility timeout).
 */
/** Claimed first thing (c = 0) and still running at T: the claim must last until then. */
const keepsLiveClaim = (t: number, leaseS: number) => leaseS >= t;
/** Claimed last thing (c = T) before the crash: the claim must have ended when the message is back. */
const redeliveryTakesOver = (t: number, v: number, leaseS: number) => t + leaseS < v;

describe('the webhook claim lease derives from the events queue timing', () => {
  it('deployed: 90 s, for 30 s invocations and a 180 s visibility timeout', () => {
    expect(queueTiming('events')).toEqual({ consumerTimeoutSeconds: 30, visibilityTimeoutSeconds: 180 });
    expect(webhookClaimLeaseMs(queueTiming('events'))).toBe(90_000);
    expect(QUEUE_DESIGN.events.consumerTimeoutSeconds).toBe(30);
  });

  it('whenever the visibility timeout exceeds two invocations: a live claim holds, a crashed one has expired at redelivery', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 900 }), fc.integer({ min: 1, max: 43_200 }), (t, extra) => {
        const v = 2 * t + extra;
        const leaseS = webhookClaimLeaseMs({ consumerTimeoutSeconds: t, visibilityTimeoutSeconds: v }) / 1000;
        expect({ t, v, live: keepsLiveClaim(t, leaseS), crashed: redeliveryTakesOver(t, v, leaseS) }).toEqual(
          {
            t,
            v,
            live: true,
            crashed: true,
          },
        );
      }),
      { seed: 20_240_611, numRuns: 500 },
    );
  });

  it('a visibility timeout of two invocations or less (local retries): the live processor keeps its claim', () => {
    for (const [t, v] of [
      [30, 1],
      [30, 30],
      [30, 60],
    ] as const) {
      const lease = webhookClaimLeaseMs({ consumerTimeoutSeconds: t, visibilityTimeoutSeconds: v });
      expect(lease).toBe(t * 1000);
      expect(keepsLiveClaim(t, lease / 1000)).toBe(true);
    }
  });
});
