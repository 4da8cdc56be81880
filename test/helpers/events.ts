// Event factories live with the local runtime, which builds the same events for the real handlers.
export { httpApiEvent, scheduledEvent } from '../../infra/local/aws-events';
