/**
 * The import rules of the product code (shared/, functions/, infra/), checked by `npm run check`
 * (`depcruise`). No cycles, type-only imports included; and layers that depend downwards only:
 *
 *   infra/ (stack, local runtime, CLIs)
 *   functions/ (Lambda handlers)
 *   shared/runtime (wiring), shared/operations, shared/read-api, shared/ingest
 *   shared/writes (writes back to Merge: over the engine's stores and its record applying)
 *   shared/sync (the engine)
 *   shared/events, shared/store adapters, shared/merge client, shared/config
 *   ports (shared/ ... /ports.ts, queue messages, the clock, Merge's vocabulary)
 *   shared/core (records, accounts, sync states, outcomes, errors)
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
const PRODUCT = '^(shared|functions|infra)/';
const CORE = '^shared/core/';
/** Merge's vocabulary (categories, pages), imported by the core: a types-only module. */
const MERGE_TYPES = '^shared/merge/types[.]ts$';
const PORTS = '^shared/.+/ports[.]ts$|^shared/queue/messages[.]ts$|^shared/runtime/clock[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: move the shared type down to a lower module (shared/core, a ports file).',
      severity: 'error',
      from: { path: PRODUCT },
      to: { path: PRODUCT, circular: true },
    },
    {
      name: 'core-is-the-bottom',
      comment: 'shared/core holds the types every layer speaks: it imports nothing of ours but itself.',
      severity: 'error',
      from: { path: CORE },
      to: { path: PRODUCT, pathNot: [CORE, MERGE_TYPES] },
    },
    {
      name: 'ports-sit-low',
      comment:
        'Ports declare what the engine needs; they name core types and config, never an implementation.',
      severity: 'error',
      from: { path: PORTS },
      to: { path: PRODUCT, pathNot: [CORE, MERGE_TYPES, PORTS, '^shared/config/'] },
    },
    {
      name: 'config-below-the-engine',
      comment: 'The sync config is validated data: it depends on the core and the model catalog only.',
      severity: 'error',
      from: { path: '^shared/config/' },
      to: { path: PRODUCT, pathNot: ['^shared/config/', CORE, MERGE_TYPES] },
    },
    {
      name: 'events-below-the-engine',
      comment: 'The outbox and the bus serve the engine (shared/sync): they never call into it.',
      severity: 'error',
      from: { path: '^shared/events/' },
      to: {
        path: '^shared/(sync|operations|read-api|ingest|runtime)/',
        pathNot: '^shared/runtime/clock[.]ts$',
      },
    },
    {
      name: 'stores-below-the-engine',
      comment: 'Store adapters implement ports over core types; they never call the engine.',
      severity: 'error',
      from: { path: '^shared/store/' },
      to: {
        path: '^shared/(sync|events|operations|read-api|ingest|config|writes)/',
        pathNot: '^shared/writes/ports[.]ts$',
      },
    },
    {
      name: 'engine-over-ports',
      comment:
        'The engine works with ports; adapters (DynamoDB, SQS, EventBridge, the wiring) are chosen by the handlers.',
      severity: 'error',
      from: {
        path: '^shared/(sync|events|operations|ingest|writes)/',
        pathNot: '^shared/events/event-bridge-publisher[.]ts$',
      },
      to: {
        path: '^shared/(store/dynamodb/|queue/sqs-queue[.]ts$|events/event-bridge-publisher[.]ts$|runtime/)|^@aws-sdk/',
        pathNot: '^shared/runtime/clock[.]ts$',
      },
    },
    {
      name: 'engine-below-writes',
      comment: 'Writes use the engine (its stores, its record applying); the engine never calls them.',
      severity: 'error',
      from: { path: '^shared/(sync|events|store|merge|config|core)/' },
      to: { path: '^shared/writes/', pathNot: PORTS },
    },
    {
      name: 'shared-below-handlers',
      comment: 'shared/ is what the handlers and the infrastructure use; it never reaches up to them.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra)/' },
    },
    {
      name: 'handlers-below-infra',
      comment: 'A handler runs the same in AWS and locally: it never imports the stack or the local runtime.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^infra/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle through types is still a cycle of concepts.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
