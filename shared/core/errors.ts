/**
 * The base of the engine's own errors, for what is unexpected: expected outcomes (a lease lost, an
 * account deleted mid-fetch, a webhook for an account not yet known) are result values, not errors.
 *
 * `retryable`: whether doing the same work again later may succeed. A retryable error that leaves a
 * handler makes SQS redeliver the message (the only way across that boundary); one that is not
 * retryable says that a redelivery would fail the same way (a config or an operator's input).
 */
export abstract class DomainError extends Error {
  abstract readonly retryable: boolean;
}
