/**
 * A Lambda handler whose dependencies are built on its first invocation and kept for the life of the
 * instance. Importing a handler module therefore reads no environment and cannot throw; a function
 * missing a variable fails its invocations with the error naming it, and builds again on the next
 * one (after a fix, nothing stale is kept).
 */
export function builtOnFirstInvocation<Event, Context, Result>(
  build: () => (event: Event, context: Context) => Promise<Result>,
): (event: Event, context: Context) => Promise<Result> {
  let handler: ((event: Event, context: Context) => Promise<Result>) | undefined;
  return async (event, context) => {
    handler ??= build();
    return handler(event, context);
  };
}
